/**
 * A Lightning peer for list benchmarks, run in its own process (so that its CPU is not the
 * client's): BOLT 8 responder, init, pongs, for every connection until the client hangs up.
 * Prints `id@127.0.0.1:PORT` once listening; on `SIGTERM`, prints its CPU seconds and exits.
 *
 *   node dist/bench/list-peer.js [DELAY_MS]
 *
 * DELAY_MS holds each of its writes (Act Two, init, each pong) that long, as a network's latency
 * would: on loopback, where a round trip costs nothing, a list is only ever CPU-bound.
 */
import { createServer, type AddressInfo } from 'node:net';
import { SocketReader } from '../src/net/socket-reader.js';
import { chainHashBytes } from '../src/network.js';
import { publicKeyOf } from '../src/noise/index.js';
import { PeerChannel } from '../src/session/channel.js';
import { handshakeAsResponder } from '../src/session/handshake.js';
import { exchangeInit } from '../src/session/init-exchange.js';
import { DEFAULT_FEATURES } from '../src/wire/index.js';

const key = new Uint8Array(32).fill(0x21);
const delay = Number(process.argv[2] ?? 0);
const server = createServer((socket) => {
  socket.on('error', () => {});
  if (delay > 0) {
    const write = socket.write.bind(socket) as (chunk: Uint8Array) => boolean;
    socket.write = ((chunk: Uint8Array) => {
      setTimeout(() => socket.writable && write(chunk), delay);
      return true;
    }) as typeof socket.write;
  }
  const reader = new SocketReader(socket, new AbortController().signal);
  void (async () => {
    const { transport } = await handshakeAsResponder(socket, reader, key);
    const channel = new PeerChannel(socket, reader, transport);
    await exchangeInit(channel, { features: DEFAULT_FEATURES, chainHash: chainHashBytes('regtest') });
    // receive() answers pings; it rejects when the client hangs up.
    for (;;) await channel.receive();
  })().catch(() => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${Buffer.from(publicKeyOf(key)).toString('hex')}@127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${(user + system) / 1e6}\n`);
  process.exit(0);
});
