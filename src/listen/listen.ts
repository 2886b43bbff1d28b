import { createServer, type Server, type Socket } from 'node:net';
import { AllAddressesFailedError, AttemptError, DisconnectedError, InvalidParamsError, type AttemptFailure, type Stage } from '../errors.js';
import { deadline } from '../deadline.js';
import { randomIdentityKey } from '../identity.js';
import { formatAddress, type Address } from '../net/address.js';
import { socketErrorReason } from '../net/socket-errors.js';
import { chainHashBytes, type Network } from '../network.js';
import { publicKeyOf } from '../noise/index.js';
import { hangUp, PeerChannel } from '../session/channel.js';
import { handshakeAsResponder } from '../session/handshake.js';
import { exchangeInit } from '../session/init-exchange.js';
import { SocketReader } from '../net/socket-reader.js';
import { DEFAULT_FEATURES, featuresToHex } from '../wire/index.js';
import { DEFAULT_TIMEOUT_SECONDS } from '../connect/options.js';
import type { ProgressListener } from '../connect/progress.js';
import type { ConnectResult } from '../connect/result.js';
import { parseListenAddress, type ListenAddress } from './listen-address.js';
import { isRoutable } from './routable.js';

export interface ListenOptions {
  /** `[host:]port` (host defaults to 127.0.0.1; port 0 picks a free one), `[ipv6]:port`, or a unix socket path. */
  readonly listen: string;
  readonly network?: Network;
  /** Seconds from accepting the connection to the end of the session. Default 10. */
  readonly timeout?: number;
  readonly identityKey?: Uint8Array;
  readonly features?: Uint8Array;
  readonly signal?: AbortSignal;
  /** Called once the socket is bound, with what a peer needs to dial us. */
  readonly onListening?: (info: ListeningInfo) => void;
  readonly onProgress?: ProgressListener;
}

export interface ListeningInfo {
  /** Our node id, lowercase hex. */
  readonly id: string;
  readonly address: Address;
  /** `id@host:port` (or `id@/path`), ready to paste into `ln-connect`. */
  readonly uri: string;
}

/** An accepted, initialised connection. It stays open, answering pings, until the peer leaves or the deadline. */
export interface InboundSession {
  readonly result: ConnectResult;
  /** Settles when the peer hangs up or the deadline passes. */
  readonly closed: Promise<void>;
  close(): void;
}

/**
 * Accepts one inbound connection as a Lightning node would: BOLT 8 responder, then init. The
 * result has `direction: "in"` and the peer's address. A failure rejects with a 401 whose single
 * record names the peer's address, as a connect attempt would.
 */
export async function listen(options: ListenOptions): Promise<InboundSession> {
  const network = options.network ?? 'mainnet';
  const where = parseListenAddress(options.listen);
  const identityKey = options.identityKey ?? randomIdentityKey();
  const id = Buffer.from(publicKeyOf(identityKey)).toString('hex');

  const socket = await acceptOne(where, (address) =>
    options.onListening?.({ id, address, uri: `${id}@${formatAddress(address)}` }),
  );
  const peer = peerAddress(socket, where);
  const label = formatAddress(peer);
  const signal = deadline(options.timeout ?? DEFAULT_TIMEOUT_SECONDS, options.signal);
  const reader = new SocketReader(socket, signal);
  let stage: Stage = 'Cryptographic handshake';
  try {
    options.onProgress?.({ stage: 'handshake', address: label });
    const { transport, remoteStaticKey } = await handshakeAsResponder(socket, reader, identityKey);
    stage = 'Exchanging init messages';
    options.onProgress?.({ stage: 'init', address: label });
    const channel = new PeerChannel(socket, reader, transport);
    const init = await exchangeInit(channel, {
      features: options.features ?? DEFAULT_FEATURES,
      chainHash: chainHashBytes(network),
      ...(peer.type !== 'local socket' && isRoutable(peer.address, peer.type as 'ipv4' | 'ipv6') ? { remoteAddr: peer } : {}),
    });
    return {
      result: {
        id: Buffer.from(remoteStaticKey).toString('hex'),
        features: featuresToHex(init.features),
        direction: 'in',
        address: peer,
      },
      closed: serveUntilClosed(channel),
      close: () => hangUp(socket),
    };
  } catch (err) {
    hangUp(socket);
    if (err instanceof AttemptError) {
      const failure: AttemptFailure = { address: label, stage, reason: err.message };
      throw new AllAddressesFailedError([failure]);
    }
    throw err;
  }
}

/** Answers pings (PeerChannel does) until the connection ends for any reason. */
async function serveUntilClosed(channel: PeerChannel): Promise<void> {
  try {
    for (;;) await channel.receive();
  } catch (err) {
    if (!(err instanceof AttemptError || err instanceof DisconnectedError)) throw err;
  } finally {
    channel.close();
  }
}

function acceptOne(where: ListenAddress, onBound: (address: Address) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer({ noDelay: true }, (socket) => {
      // One connection is all a listener of ours serves: stop accepting, keep this socket.
      server.close();
      resolve(socket);
    });
    server.once('error', (err) => reject(new InvalidParamsError(`listen: cannot listen on ${describe(where)}: ${socketErrorReason(err)}`)));
    const onListening = (): void => onBound(boundAddress(server, where));
    if ('path' in where) server.listen(where.path, onListening);
    else server.listen(where.port, where.host, onListening);
  });
}

function boundAddress(server: Server, where: ListenAddress): Address {
  if ('path' in where) return { type: 'local socket', socket: where.path };
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('TCP server has no address');
  return bound.family === 'IPv6'
    ? { type: 'ipv6', address: bound.address, port: bound.port }
    : { type: 'ipv4', address: bound.address, port: bound.port };
}

function peerAddress(socket: Socket, where: ListenAddress): Address {
  if ('path' in where) return { type: 'local socket', socket: where.path };
  const host = socket.remoteAddress ?? '';
  const port = socket.remotePort ?? 0;
  // A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d; report them as the IPv4 they are.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  if (mapped) return { type: 'ipv4', address: mapped[1]!, port };
  return socket.remoteFamily === 'IPv6' ? { type: 'ipv6', address: host, port } : { type: 'ipv4', address: host, port };
}

function describe(where: ListenAddress): string {
  return 'path' in where ? where.path : `${where.host}:${where.port}`;
}
