import { isIP } from 'node:net';
import { InvalidParamsError } from '../errors.js';

/** Where `--listen` binds: a TCP host and port, or a unix socket path. */
export type ListenAddress = { host: string; port: number } | { path: string };

/**
 * `[host:]port`, `[ipv6]:port` or `/path`. The host defaults to 127.0.0.1, not every interface:
 * a test listener should not be reachable from the network unless the user says so (0.0.0.0).
 * Port 0 asks the system for a free port, which is then reported.
 */
export function parseListenAddress(text: string): ListenAddress {
  if (typeof text !== 'string') throw new InvalidParamsError('listen: expected [host:]port, [ipv6]:port or /path/to/socket');
  if (text.startsWith('/')) return { path: text };
  const match = /^(?:\[([^\]]+)\]:|([^:[\]]+):)?(\d+)$/.exec(text);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2] ?? '127.0.0.1';
  if (!match || port > 65535 || (match[1] !== undefined && isIP(match[1]) !== 6)) {
    throw new InvalidParamsError(`listen: expected [host:]port, [ipv6]:port or /path/to/socket, got '${text}'`);
  }
  return { host, port };
}
