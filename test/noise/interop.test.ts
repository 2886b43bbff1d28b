import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { connect as dial, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { test } from 'node:test';
import {
  ACT_ONE_SIZE,
  ACT_THREE_SIZE,
  ACT_TWO_SIZE,
  HandshakeError,
  Initiator,
  LENGTH_HEADER_SIZE,
  MAC_SIZE,
  publicKeyOf,
  Responder,
  type Transport,
} from '../../src/noise/index.js';
import { hex } from '../helpers/fixtures.js';

/**
 * An independent BOLT 8 implementation (CommonJS) as the peer: a mistake shared by our two roles
 * would pass every test where they only talk to each other. Typed here by the part used, since its
 * own typings do not compile against @types/node 20.
 */
interface NoiseSocket extends Duplex {
  /** The other side's static key; a server's socket learns it in Act Three. */
  readonly rpk: Buffer;
}
interface NoiseServer {
  listen(options: { host: string; port: number }, onListening: () => void): void;
  address(): AddressInfo;
  close(onClosed: (err?: Error) => void): void;
}
const noise = createRequire(import.meta.url)('@node-lightning/noise') as {
  connect(options: { ls: Buffer; rpk: Buffer; host: string; port: number }): NoiseSocket;
  createServer(options: { ls: Buffer }, onSocket: (socket: NoiseSocket) => void): NoiseServer;
};

const OUR_SECRET = new Uint8Array(32).fill(0x11);
const THEIR_SECRET = new Uint8Array(32).fill(0x21);

/**
 * Over 1,000 messages one way, so that this direction's key rotates twice at both ends (after
 * messages 499 and 999), and fewer than 500 replies the other way, whose key never rotates.
 *
 * Fewer, because @node-lightning/noise 0.26.1 rotates both of its keys from one shared chaining
 * key: once one of its keys has rotated, the other rotates from the wrong `ck`. BOLT 8 keeps one
 * per direction (sck, rck), which lightning/bolts#1079 made explicit after another library made
 * the same mistake; the spec's message vectors run one direction only, so they cannot catch it.
 * Between the two tests below, each of our directions crosses both rotations against this peer;
 * both directions rotating at once is tested between our own roles, in transport.test.ts.
 */
const MANY = 1200;
const REPLIES = 400;
/** One message at BOLT 8's size limit, mid-stream and under a rotated key. */
const LARGEST_AT = 700;

/** Message i: 1 to 1,000 bytes that name it, or the largest allowed; never empty, as a stream emits no `data` for an empty chunk. */
function message(i: number): Uint8Array {
  const bytes = new Uint8Array(i === LARGEST_AT ? 65535 : 1 + ((i * 7) % 1000));
  for (let j = 0; j < bytes.length; j++) bytes[j] = (i + j) & 0xff;
  return bytes;
}

/** Exact-length reads over TCP, which delivers arbitrary chunks where BOLT 8 reads fixed sizes. */
class ExactReader {
  #chunks: Buffer[] = [];
  #buffered = 0;
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      this.#wake?.();
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#wake?.();
    });
  }

  async read(size: number): Promise<Uint8Array> {
    while (this.#buffered < size) {
      if (this.#closed) throw new Error(`connection closed after ${this.#buffered} of ${size} bytes`);
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    const out = new Uint8Array(size);
    for (let filled = 0; filled < size; ) {
      const chunk = this.#chunks[0]!;
      const n = Math.min(size - filled, chunk.length);
      out.set(chunk.subarray(0, n), filled);
      filled += n;
      if (n === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(n);
    }
    this.#buffered -= size;
    return out;
  }
}

async function receive(reader: ExactReader, transport: Transport): Promise<Uint8Array> {
  const length = transport.decryptLength(await reader.read(LENGTH_HEADER_SIZE));
  return transport.decryptBody(await reader.read(length + MAC_SIZE));
}

/** The first `count` messages of a NoiseSocket, which emits one `data` event per message. */
function collect(socket: NoiseSocket, count: number): Promise<Uint8Array[]> {
  const messages: Uint8Array[] = [];
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (m: Buffer) => {
      if (messages.push(new Uint8Array(m)) === count) resolve(messages);
    });
  });
}

function assertMessages(received: readonly Uint8Array[], count: number, what: string): void {
  assert.equal(received.length, count, what);
  for (let i = 0; i < count; i++) assert.deepEqual(received[i], message(i), `${what}: message ${i}`);
}

test('our Initiator with an @node-lightning/noise server: 1,200 messages to it, 400 replies', { timeout: 30_000 }, async (t) => {
  let accepted: NoiseSocket | undefined;
  let arrived: Promise<Uint8Array[]> = Promise.resolve([]);
  const server = noise.createServer({ ls: Buffer.from(THEIR_SECRET) }, (socket) => {
    accepted = socket;
    arrived = collect(socket, MANY);
    let replies = 0;
    socket.on('data', (m: Buffer) => {
      if (replies++ < REPLIES) socket.write(m);
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const socket = dial(server.address().port, '127.0.0.1');
  t.after(async () => {
    socket.destroy();
    accepted?.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  await once(socket, 'connect');
  const reader = new ExactReader(socket);

  const initiator = new Initiator({ localStaticKey: OUR_SECRET, remoteStaticKey: publicKeyOf(THEIR_SECRET) });
  socket.write(initiator.actOne());
  initiator.actTwo(await reader.read(ACT_TWO_SIZE));
  socket.write(initiator.actThree());
  const transport = initiator.transport;

  for (let i = 0; i < MANY; i++) socket.write(transport.encrypt(message(i)));
  const replies: Uint8Array[] = [];
  for (let i = 0; i < REPLIES; i++) replies.push(await receive(reader, transport));
  assertMessages(replies, REPLIES, 'replies we decrypted');
  assertMessages(await arrived, MANY, 'messages it decrypted');
  assert.equal(hex(accepted!.rpk), hex(publicKeyOf(OUR_SECRET)), 'it learnt our static key in act three');
});

/** A loopback TCP server that hands its first connection to `serve`; `served` settles with the outcome. */
async function serveOnce<T>(
  serve: (socket: Socket, reader: ExactReader) => Promise<T>,
): Promise<{ port: number; served: Promise<T>; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => sockets.push(socket));
  const served = once(server, 'connection').then(([socket]: Socket[]) => serve(socket!, new ExactReader(socket!)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return { port: (server.address() as AddressInfo).port, served, close };
}

/** Our Responder's side of the handshake; returns it with its transport ready. */
async function respond(socket: Socket, reader: ExactReader): Promise<Responder> {
  const responder = new Responder({ localStaticKey: OUR_SECRET });
  responder.actOne(await reader.read(ACT_ONE_SIZE));
  socket.write(responder.actTwo());
  responder.actThree(await reader.read(ACT_THREE_SIZE));
  return responder;
}

test('an @node-lightning/noise client with our Responder: 1,200 messages to us, 400 replies', { timeout: 30_000 }, async (t) => {
  const { port, served, close } = await serveOnce(async (socket, reader) => {
    const responder = await respond(socket, reader);
    const received: Uint8Array[] = [];
    for (let i = 0; i < MANY; i++) {
      received.push(await receive(reader, responder.transport));
      if (i < REPLIES) socket.write(responder.transport.encrypt(received[i]!));
    }
    return { remoteStaticKey: responder.remoteStaticKey, received };
  });
  const client = noise.connect({ ls: Buffer.from(THEIR_SECRET), rpk: Buffer.from(publicKeyOf(OUR_SECRET)), host: '127.0.0.1', port });
  t.after(async () => {
    client.destroy();
    await close();
  });
  const replies = collect(client, REPLIES);
  await once(client, 'ready');
  for (let i = 0; i < MANY; i++) client.write(Buffer.from(message(i)));

  const [ours, theirs] = await Promise.all([served, replies]);
  assertMessages(ours.received, MANY, 'messages we decrypted');
  assertMessages(theirs, REPLIES, 'replies it decrypted');
  assert.equal(hex(ours.remoteStaticKey), hex(publicKeyOf(THEIR_SECRET)), 'we learnt its static key in act three');
});

test('an @node-lightning/noise client that dialled another node id fails our act one', { timeout: 30_000 }, async (t) => {
  const { port, served, close } = await serveOnce(respond);
  const client = noise.connect({ ls: Buffer.from(THEIR_SECRET), rpk: Buffer.from(publicKeyOf(THEIR_SECRET)), host: '127.0.0.1', port });
  client.on('error', () => {});
  t.after(async () => {
    client.destroy();
    await close();
  });
  await assert.rejects(served, (err: unknown) => err instanceof HandshakeError && err.code === 'ACT1_BAD_TAG');
});
