import { hex } from '@scure/base';
import { setMaxListeners } from 'node:events';
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname } from 'node:path';
import type { ProgressListener } from '../connect/progress.js';
import type { ConnectResult } from '../connect/result.js';
import { deadlineAt, deadlineSignal } from '../deadline.js';
import { AllAddressesFailedError, AttemptError, attemptReason, DisconnectedError, InvalidParamsError, type Stage } from '../errors.js';
import { formatAddress, type Address } from '../net/address.js';
import { socketErrorReason } from '../net/socket-errors.js';
import { chainHashBytes } from '../network.js';
import { publicKeyOf } from '../noise/index.js';
import { checkSharedOptions, type RunSettings, type SharedOptions } from '../options.js';
import { PeerChannel } from '../session/channel.js';
import { confirmSession } from '../session/confirm.js';
import { handshakeAsResponder } from '../session/handshake.js';
import { exchangeInit } from '../session/init-exchange.js';
import { featuresToHex } from '../wire/index.js';
import { acceptPeer, MAX_PENDING_HANDSHAKES, type Connection } from './accept.js';
import { parseListenAddress, type ListenAddress } from './listen-address.js';
import { isRoutable } from './routable.js';

/**
 * listen()'s default timeout. It bounds the whole run, the wait for a peer included, and a person
 * who starts a listener then has to start the other side (copy the id, maybe on another host):
 * connect's 10 s would often run out first.
 */
export const DEFAULT_LISTEN_TIMEOUT_SECONDS = 60;

/**
 * The library's listen() parameters. `timeout` bounds the whole run from its start (`startedAt`):
 * binding, waiting for a peer, its handshake, init and confirmation, then serving it until it
 * hangs up. Default DEFAULT_LISTEN_TIMEOUT_SECONDS (60).
 */
export interface ListenOptions extends SharedOptions {
  /** `[host:]port` (host defaults to 127.0.0.1; port 0 picks a free one), `[ipv6]:port`, or a unix socket path. */
  readonly listen: string;
  /** Called once the socket is bound, with what a peer needs to dial us. */
  readonly onListening?: (info: ListeningInfo) => void;
}

export interface ListeningInfo {
  /** Our node id, lowercase hex. */
  readonly id: string;
  readonly address: Address;
  /** `id@host:port` (or `id@/path`), ready to paste into `ln-connect`. */
  readonly uri: string;
}

/** An accepted, initialised, confirmed connection. It stays open, answering pings, until the peer leaves or the deadline. */
export interface InboundSession {
  readonly result: ConnectResult;
  /** Settles when the peer hangs up or the deadline passes. */
  readonly closed: Promise<void>;
  close(): void;
}

/**
 * Waits for one inbound peer as a Lightning node would: BOLT 8 responder, init, then a ping
 * confirming the session, as connect() does. Connections that do not complete the handshake are
 * closed and reported (`rejected` progress events) while the listener goes on waiting; with none
 * complete by the deadline it rejects with NoPeerError (401). The peer that completes the
 * handshake decides the outcome: its result (`direction: "in"`, its address), a 401 whose single
 * record names its address, or a 402 if it leaves or sends an error before the confirmation.
 */
export async function listen(options: ListenOptions): Promise<InboundSession> {
  const settings = checkSharedOptions(options, 'listen');
  const where = parseListenAddress(options.listen);
  const signal = deadlineSignal(deadlineAt(settings.timeout ?? DEFAULT_LISTEN_TIMEOUT_SECONDS, settings.startedAt), options.signal);
  // Each handshake in progress waits on the deadline: Node would warn of a leak past 10 listeners.
  setMaxListeners(MAX_PENDING_HANDSHAKES + 1, signal);
  const server = await bind(where);
  try {
    const id = hex.encode(publicKeyOf(settings.identityKey));
    const address = boundAddress(server, where);
    options.onListening?.({ id, address, uri: `${id}@${formatAddress(address)}` });
    const peer = await acceptPeer(server, where, signal, options.onProgress, (connection) => greet(connection, settings, options.onProgress));
    return await confirm(peer, options.onProgress);
  } finally {
    server.close();
  }
}

/** A connection that completed the handshake and init: the peer the run is about. */
interface GreetedPeer {
  readonly connection: Connection;
  readonly channel: PeerChannel;
  readonly remoteStaticKey: Uint8Array;
  readonly features: Uint8Array;
}

/**
 * The BOLT 8 handshake as responder, then init. A failure of either rejects this connection only
 * (the listener goes on accepting); an init failure names its stage, since the summary in
 * NoPeerError would otherwise read like a handshake failure.
 */
async function greet(connection: Connection, settings: RunSettings, onProgress: ProgressListener | undefined): Promise<GreetedPeer> {
  const { socket, reader, address, label } = connection;
  const { transport, remoteStaticKey } = await handshakeAsResponder(socket, reader, settings.identityKey);
  onProgress?.({ stage: 'init', address: label });
  const channel = new PeerChannel(socket, reader, transport);
  try {
    const init = await exchangeInit(channel, {
      features: settings.features,
      chainHash: chainHashBytes(settings.network),
      remoteAddr: address.type !== 'local socket' && isRoutable(address.address, address.type as 'ipv4' | 'ipv6') ? address : undefined,
    });
    return { connection, channel, remoteStaticKey, features: init.features };
  } catch (err) {
    const reason = attemptReason(err);
    throw reason === undefined ? err : new AttemptError(`${INIT_STAGE}: ${reason}`);
  }
}

const INIT_STAGE: Stage = 'Exchanging init messages';

/** The confirmation ping, as connect() sends it: a rejection now is this peer's 402. */
async function confirm(peer: GreetedPeer, onProgress: ProgressListener | undefined): Promise<InboundSession> {
  const { channel, connection } = peer;
  try {
    onProgress?.({ stage: 'confirming', address: connection.label });
    await confirmSession(channel);
  } catch (err) {
    channel.close();
    const reason = attemptReason(err);
    throw reason === undefined ? err : new AllAddressesFailedError([{ address: connection.label, stage: INIT_STAGE, reason }]);
  }
  return {
    result: { id: hex.encode(peer.remoteStaticKey), features: featuresToHex(peer.features), direction: 'in', address: connection.address },
    closed: serveUntilClosed(channel),
    close: () => channel.close(),
  };
}

/** Answers pings (PeerChannel does) until the connection ends for any reason. */
async function serveUntilClosed(channel: PeerChannel): Promise<void> {
  try {
    for (;;) await channel.receive();
  } catch (err) {
    if (attemptReason(err) === undefined && !(err instanceof DisconnectedError)) throw err;
  } finally {
    channel.close();
  }
}

function bind(where: ListenAddress): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ noDelay: true });
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new InvalidParamsError(`listen: cannot listen on ${describe(where)}: ${bindFailure(err, where)}`));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(server);
    };
    server.once('error', onError);
    if ('path' in where) server.listen(where.path, onListening);
    else server.listen(where.port, where.host, onListening);
  });
}

/**
 * libuv reports a unix socket path in a missing directory as EACCES (Windows' word for it), so
 * `/no/such/dir/sock` would read "Permission denied": the directory says which it really is
 * (the trailing slash has the system check that it is one: ENOTDIR for a file).
 */
function bindFailure(err: NodeJS.ErrnoException, where: ListenAddress): string {
  if ('path' in where && err.code === 'EACCES') {
    try {
      statSync(`${dirname(where.path)}/`);
    } catch (statErr) {
      return socketErrorReason(statErr as NodeJS.ErrnoException);
    }
  }
  return socketErrorReason(err);
}

function boundAddress(server: Server, where: ListenAddress): Address {
  if ('path' in where) return { type: 'local socket', socket: where.path };
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('TCP server has no address');
  return bound.family === 'IPv6'
    ? { type: 'ipv6', address: bound.address, port: bound.port }
    : { type: 'ipv4', address: bound.address, port: bound.port };
}

function describe(where: ListenAddress): string {
  return 'path' in where ? where.path : `${where.host}:${where.port}`;
}
