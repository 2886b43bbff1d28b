/**
 * A loopback Lightning peer for `npm run bench:batch`, in a process of its own so that its CPU is
 * counted apart from ln-connect's: it accepts any number of connections and serves each as
 * `ln-connect --listen` serves its one (BOLT 8 responder, init, pongs until the other side hangs
 * up), with one static key. It tells its parent over IPC where it listens, and its CPU time and
 * handshake count whenever asked.
 *
 * PEER_DELAY_MS (environment, default 0) holds each of its writes (Act Two, init, each pong) that
 * long, as a network's latency would: on bare loopback a list is only ever CPU-bound (bench:jobs).
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { AttemptError, DisconnectedError } from '../src/errors.js';
import { deadlineAt, deadlineSignal } from '../src/deadline.js';
import { SocketReader } from '../src/net/socket-reader.js';
import { publicKeyOf } from '../src/noise/index.js';
import { hangUp, PeerChannel } from '../src/session/channel.js';
import { handshakeAsResponder } from '../src/session/handshake.js';
import { exchangeInit } from '../src/session/init-exchange.js';
import { chainHashBytes } from '../src/network.js';
import { DEFAULT_FEATURES } from '../src/wire/index.js';

export interface PeerReady {
  readonly kind: 'ready';
  readonly id: string;
  readonly port: number;
}

export interface PeerUsage {
  readonly kind: 'usage';
  /** CPU microseconds, user plus system, since the process started. */
  readonly cpuMicros: number;
  readonly handshakes: number;
  readonly failures: number;
}

const SECRET = new Uint8Array(32).fill(0x42);
const DELAY_MS = Number(process.env['PEER_DELAY_MS'] ?? 0);
const POLICY = { features: DEFAULT_FEATURES, chainHash: chainHashBytes('mainnet') };
let handshakes = 0;
let failures = 0;

async function serve(socket: Socket): Promise<void> {
  const reader = new SocketReader(socket, deadlineSignal(deadlineAt(30, performance.now())));
  let initialised = false;
  try {
    const { transport } = await handshakeAsResponder(socket, reader, SECRET);
    const channel = new PeerChannel(socket, reader, transport);
    await exchangeInit(channel, POLICY);
    handshakes++;
    initialised = true;
    for (;;) await channel.receive();
  } catch (err) {
    // The initiator hanging up after its pong is how every session ends; before init, it failed.
    if (!(err instanceof AttemptError || err instanceof DisconnectedError)) throw err;
    if (!initialised) failures++;
  } finally {
    hangUp(socket);
  }
}

/** Each write, `DELAY_MS` later. */
function delayWrites(socket: Socket): void {
  const write = socket.write.bind(socket) as (chunk: Uint8Array) => boolean;
  socket.write = ((chunk: Uint8Array) => {
    setTimeout(() => socket.writable && write(chunk), DELAY_MS);
    return true;
  }) as typeof socket.write;
}

const server = createServer({ noDelay: true }, (socket) => {
  socket.on('error', () => {});
  if (DELAY_MS > 0) delayWrites(socket);
  serve(socket).catch((err: unknown) => {
    console.error('bench peer: a bug:', err);
    process.exit(1);
  });
});
server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, () => {
  const ready: PeerReady = { kind: 'ready', id: Buffer.from(publicKeyOf(SECRET)).toString('hex'), port: (server.address() as AddressInfo).port };
  process.send!(ready);
});
process.on('message', () => {
  const { user, system } = process.cpuUsage();
  const usage: PeerUsage = { kind: 'usage', cpuMicros: user + system, handshakes, failures };
  process.send!(usage);
});
process.on('disconnect', () => process.exit(0));
