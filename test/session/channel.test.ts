import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { AttemptError } from '../../src/errors.js';
import { SocketReader } from '../../src/net/socket-reader.js';
import { publicKeyOf, type Transport } from '../../src/noise/index.js';
import { CLOSE_GRACE_MS, hangUp, MAX_UNANSWERED_PINGS, PeerChannel } from '../../src/session/channel.js';
import { handshakeAsInitiator, handshakeAsResponder } from '../../src/session/handshake.js';
import { encodeMessage, MAX_PONG_BYTES, type KnownMessage } from '../../src/wire/index.js';
import { socketPair, within } from '../helpers/socket-pair.js';

const OUR_KEY = new Uint8Array(32).fill(0x11);
const PEER_KEY = new Uint8Array(32).fill(0x21);

/** Our channel over loopback, and the peer's end as raw socket plus transport, after a real handshake. */
async function session(): Promise<{ channel: PeerChannel; client: Socket; peer: Socket; peerTransport: Transport; close(): void }> {
  const pair = await socketPair();
  const signal = AbortSignal.timeout(20_000);
  const reader = new SocketReader(pair.client, signal);
  const peerReader = new SocketReader(pair.server, signal);
  const [transport, responder] = await Promise.all([
    handshakeAsInitiator(pair.client, reader, { localStaticKey: OUR_KEY, remoteStaticKey: publicKeyOf(PEER_KEY) }),
    handshakeAsResponder(pair.server, peerReader, PEER_KEY),
  ]);
  peerReader.release();
  return { channel: new PeerChannel(pair.client, reader, transport), client: pair.client, peer: pair.server, peerTransport: responder.transport, close: pair.close };
}

const frame = (transport: Transport, message: KnownMessage): Uint8Array => transport.encrypt(encodeMessage(message));
const bigPing = { kind: 'ping', numPongBytes: MAX_PONG_BYTES, ignored: new Uint8Array(0) } as const;
/** The largest frame we write: a pong of MAX_PONG_BYTES with its length header and MACs. */
const MAX_PONG_FRAME = 18 + 2 + 2 + MAX_PONG_BYTES + 16;

test('a peer that keeps pinging without reading our pongs is failed, with at most one pong queued', async () => {
  const s = await session();
  try {
    // The peer's end was paused by the handshake's reader: it reads nothing from here on.
    s.peer.write(Buffer.concat(Array.from({ length: 1000 }, () => frame(s.peerTransport, bigPing))));
    await within(
      assert.rejects(s.channel.receive(), new AttemptError(`peer flooded us with pings: ${MAX_UNANSWERED_PINGS + 1} unanswered while it does not read our pongs`)),
      10_000,
      'the channel kept answering pings',
    );
    // What waits in our process is one pong at most; the rest is in the kernel, bounded by TCP.
    assert.ok(s.client.writableLength <= MAX_PONG_FRAME, `${s.client.writableLength} bytes queued`);
  } finally {
    s.close();
  }
});

test('pings from a peer that reads are all answered, however many', async () => {
  const s = await session();
  try {
    const peerReader = new SocketReader(s.peer, AbortSignal.timeout(20_000));
    const count = 100;
    s.peer.write(Buffer.concat([...Array.from({ length: count }, () => frame(s.peerTransport, bigPing)), frame(s.peerTransport, { kind: 'warning', channelId: new Uint8Array(32), data: new Uint8Array(0) })]));
    const received = s.channel.receive();
    let pongs = 0;
    while (pongs < count) {
      const length = s.peerTransport.decryptLength(await peerReader.read(18));
      const body = s.peerTransport.decryptBody(await peerReader.read(length + 16));
      assert.equal(body.length, 2 + 2 + MAX_PONG_BYTES);
      pongs++;
    }
    assert.equal((await received).kind, 'warning');
  } finally {
    s.close();
  }
});

test('an error or warning naming a channel is ignored (BOLT 1: we have no channels); a connection-wide one is returned', async () => {
  const s = await session();
  try {
    const text = (t: string) => new TextEncoder().encode(t);
    const someChannel = new Uint8Array(32).fill(0xab);
    s.peer.write(
      Buffer.concat([
        frame(s.peerTransport, { kind: 'error', channelId: someChannel, data: text('channel closed') }),
        frame(s.peerTransport, { kind: 'warning', channelId: someChannel, data: text('fee too low') }),
        frame(s.peerTransport, { kind: 'warning', channelId: new Uint8Array(32), data: text('go away') }),
      ]),
    );
    assert.deepEqual(await within(s.channel.receive(), 5000, 'no message'), { kind: 'warning', channelId: new Uint8Array(32), data: text('go away') });
  } finally {
    s.close();
  }
});

test('hangUp destroys a socket whose peer does not read what we wrote, after a short grace', async () => {
  const pair = await socketPair();
  try {
    pair.server.pause();
    pair.client.write(Buffer.alloc(64 * 1024 * 1024));
    assert.ok(pair.client.writableLength > 0, 'the kernel took everything: nothing is pending');
    hangUp(pair.client, AbortSignal.timeout(60_000));
    assert.equal(pair.client.destroyed, false, 'the grace is for a closing warning to get out');
    await within(once(pair.client, 'close'), CLOSE_GRACE_MS + 2000, 'the socket was never destroyed');
  } finally {
    pair.close();
  }
});

test('hangUp destroys at once when the deadline has passed, and when it passes during the grace', async () => {
  const pair = await socketPair();
  try {
    hangUp(pair.client, AbortSignal.abort());
    assert.equal(pair.client.destroyed, true);

    pair.server.pause();
    pair.server.write(Buffer.alloc(64 * 1024 * 1024));
    const deadline = new AbortController();
    hangUp(pair.server, deadline.signal);
    assert.equal(pair.server.destroyed, false);
    deadline.abort();
    assert.equal(pair.server.destroyed, true);
  } finally {
    pair.close();
  }
});

test('hangUp lets a peer that reads get our last words and an orderly end', async () => {
  const pair = await socketPair();
  try {
    let received = '';
    pair.server.setEncoding('utf8').on('data', (d: string) => (received += d));
    pair.client.write('No common network');
    hangUp(pair.client, AbortSignal.timeout(60_000));
    await within(once(pair.server, 'end'), 5000, 'no FIN');
    assert.equal(received, 'No common network');
  } finally {
    pair.close();
  }
});
