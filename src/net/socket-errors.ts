/**
 * Socket errors in the words Core Lightning prints (C's strerror), so our 401 records read like
 * its: `127.0.0.1:9735: Connection establishment: Connection refused. `
 */
const STRERROR: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ECONNABORTED: 'Software caused connection abort',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out',
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPIPE: 'Broken pipe',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EADDRINUSE: 'Address already in use',
  ENOTSOCK: 'Socket operation on non-socket',
  EMFILE: 'Terminated due to too many connections',
};

export function socketErrorReason(err: NodeJS.ErrnoException): string {
  return (err.code && STRERROR[err.code]) || err.message;
}
