import type { Server, Socket } from 'node:net';
import type { ProgressListener } from '../connect/progress.js';
import { attemptReason, NoPeerError, type RejectedConnection } from '../errors.js';
import { formatAddress, type Address } from '../net/address.js';
import { SocketReader } from '../net/socket-reader.js';
import { socketErrorReason } from '../net/socket-errors.js';
import type { ListenAddress } from './listen-address.js';

/**
 * How many inbound handshakes may run at once. A Lightning peer completes its handshake in a
 * round trip, so more than a few at a time are scans or floods; past this number a connection is
 * closed as it arrives, and those already in progress keep their chance.
 */
export const MAX_PENDING_HANDSHAKES = 64;

/** The label of a connection whose address the system could no longer tell when it was accepted. */
export const UNKNOWN_ADDRESS = 'unknown address';

/** An accepted connection, before anything was said on it. */
export interface Connection {
  readonly socket: Socket;
  readonly reader: SocketReader;
  readonly address: Address;
  /** `address` as error records and progress events print it. */
  readonly label: string;
}

/**
 * Accepts connections on `server` until `greet` (the handshake and init) succeeds on one, or the
 * deadline (`signal`) comes. Port scans, resets, stray HTTP requests, idle sockets and peers that
 * fail the handshake or init do not use up the listener: each is closed and reported as
 * `rejected` while the others go on, and if none succeeds by the deadline, NoPeerError counts
 * them. The first connection `greet` succeeds on is the peer: the others are then closed and the
 * server stops accepting, so whatever happens next (the confirmation) is that peer's outcome.
 */
export function acceptPeer<Peer>(
  server: Server,
  where: ListenAddress,
  signal: AbortSignal,
  onProgress: ProgressListener | undefined,
  greet: (connection: Connection) => Promise<Peer>,
): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const pending = new Set<Socket>();
    const rejected: RejectedConnection[] = [];
    let settled = false;

    const stop = (): void => {
      settled = true;
      server.off('connection', onConnection);
      server.off('error', onAcceptError);
      signal.removeEventListener('abort', onDeadline);
      server.close();
      for (const socket of pending) socket.destroy();
      pending.clear();
    };
    const giveUpIfDone = (): void => {
      if (settled || !signal.aborted || pending.size > 0) return;
      stop();
      reject(new NoPeerError(rejected));
    };
    const record = (address: string, reason: string): void => {
      rejected.push({ address, reason });
      onProgress?.({ stage: 'rejected', address, reason });
    };
    // The handshakes still running wake on the same signal and fail with "Connection timed out".
    const onDeadline = (): void => {
      server.close();
      giveUpIfDone();
    };
    // accept() itself failed (out of file descriptors): nothing to close, but it counts.
    const onAcceptError = (err: NodeJS.ErrnoException): void => record(UNKNOWN_ADDRESS, socketErrorReason(err));

    function onConnection(socket: Socket): void {
      // Now or never: once the peer resets, the socket can no longer tell where it came from.
      const address = peerAddress(socket, where);
      const label = address ? formatAddress(address) : UNKNOWN_ADDRESS;
      socket.on('error', () => {});
      if (settled || signal.aborted || !address || pending.size >= MAX_PENDING_HANDSHAKES) {
        socket.destroy();
        if (settled) return;
        if (signal.aborted) record(label, 'Connection timed out');
        else if (!address) record(label, 'reset before it was accepted');
        else record(label, `too many handshakes in progress (${MAX_PENDING_HANDSHAKES})`);
        return;
      }
      pending.add(socket);
      onProgress?.({ stage: 'handshake', address: label });
      const reader = new SocketReader(socket, signal);
      greet({ socket, reader, address, label }).then(
        (peer) => {
          if (!pending.delete(socket)) return;
          stop();
          resolve(peer);
        },
        (err: unknown) => {
          // Not pending: closed because another peer completed first.
          if (!pending.delete(socket)) return;
          socket.destroy();
          const reason = attemptReason(err);
          if (reason === undefined) {
            stop();
            reject(err);
            return;
          }
          record(label, reason);
          giveUpIfDone();
        },
      );
    }

    server.on('connection', onConnection);
    server.on('error', onAcceptError);
    if (signal.aborted) onDeadline();
    else signal.addEventListener('abort', onDeadline, { once: true });
  });
}

/** The peer's address, read at accept time; undefined when the system no longer knows it (reset before accept). */
function peerAddress(socket: Socket, where: ListenAddress): Address | undefined {
  if ('path' in where) return { type: 'local socket', socket: where.path };
  const host = socket.remoteAddress;
  const port = socket.remotePort;
  if (host === undefined || port === undefined) return undefined;
  // A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d; report them as the IPv4 they are.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  if (mapped) return { type: 'ipv4', address: mapped[1]!, port };
  return socket.remoteFamily === 'IPv6' ? { type: 'ipv6', address: host, port } : { type: 'ipv4', address: host, port };
}
