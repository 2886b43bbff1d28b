import { AttemptError } from '../errors.js';

/**
 * Socket errors in the words Core Lightning prints (glibc's strerror), so our 401 records read like
 * its own: `127.0.0.1:9735: Connection establishment: Connection refused. `. Covers what connect(),
 * listen() and an established stream fail with: dialling, --listen, and a reset mid-handshake.
 */
const STRERROR: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ECONNABORTED: 'Software caused connection abort',
  EPIPE: 'Broken pipe',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  EHOSTDOWN: 'Host is down',
  ENETUNREACH: 'Network is unreachable',
  ENETDOWN: 'Network is down',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  // --listen on a port another process holds.
  EADDRINUSE: 'Address already in use',
  // A unix socket path that is missing, has a file as a directory component, or is not ours to open.
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  // A local firewall rejecting the connect().
  EPERM: 'Operation not permitted',
  // Core Lightning's own words here, not strerror's "Too many open files".
  EMFILE: 'Terminated due to too many connections',
};

/** The words for a socket error; a code the table lacks keeps Node's message. */
export function socketErrorReason(err: NodeJS.ErrnoException): string {
  return (err.code && STRERROR[err.code]) || err.message;
}

/**
 * What the network may do differently a moment later: a refusal while a node restarts, a reset, a
 * timeout, a route or link that is down. A missing unix socket or a firewall rule stays as it is.
 */
const TRANSIENT: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** A socket error as an attempt failure, `context` (which names a proxy) first. */
export function socketError(err: NodeJS.ErrnoException, context = ''): AttemptError {
  return new AttemptError(context + socketErrorReason(err), { transient: TRANSIENT.has(err.code ?? '') });
}
