import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { test } from 'node:test';
import { SocketReader } from '../../src/net/socket-reader.js';
import { MAX_UNANSWERED_PINGS } from '../../src/session/channel.js';
import { handshakeAsInitiator } from '../../src/session/handshake.js';
import { encodeMessage, MAX_PONG_BYTES } from '../../src/wire/index.js';
import { cliJson, firstStderrLine, keyFile, type CliRun } from '../helpers/cli.js';
import { PEER_ID, PEER_SECRET, REGTEST_HASH, withPeer, type PeerScript, type ScriptedPeer } from '../helpers/fake-peer.js';
import { spawnMeasured } from '../helpers/measured-cli.js';

/** The bound the issue sets on ln-connect's peak memory against any peer. */
const MAX_RSS_KB = 100 * 1024;
/** A run that has not exited this long after its --timeout is hung: it is killed and the test fails. */
const HANG_MS = 15_000;
/**
 * Far more than the runs need (10,000 messages take a second or two to decrypt, more on a loaded
 * machine): the cases that must connect must not race the deadline; none waits for it.
 */
const TIMEOUT_SECONDS = 30;

const ok = (port: number): string =>
  cliJson({ id: PEER_ID, features: '0222', direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port } });

/** Spawns the real bin, which reports its peak RSS as it exits; a run that hangs is killed (and fails the test). */
function spawnWithTimeout(args: readonly string[]): { child: ChildProcess; done: Promise<{ run: CliRun; maxRssKb: number }> } {
  const { child, done } = spawnMeasured([...args, '--timeout', String(TIMEOUT_SECONDS)], TIMEOUT_SECONDS * 1000 + HANG_MS);
  return {
    child,
    done: done.then((run) => {
      assert.equal(run.killed, false, `the process did not exit: killed ${HANG_MS} ms after its deadline`);
      return { run, maxRssKb: run.report!.maxRssKiB };
    }),
  };
}

/** Runs the real bin against a scripted peer; returns how the run ended and its peak RSS in kB. */
function runAgainst(script: PeerScript): Promise<{ run: CliRun; maxRssKb: number; port: number }> {
  return withPeer(script, async (peer) => ({ ...(await spawnWithTimeout([peer.uri, '--network', 'regtest']).done), port: peer.port }));
}

/**
 * Handshake, our init read, the peer's init sent; then the peer stops reading (its kernel buffers
 * still fill). A paused socket never sees the client hang up, so a script that calls this ends
 * when it has written (its connection stays open until the test closes the peer).
 */
async function initThenDeaf(peer: ScriptedPeer): Promise<void> {
  await peer.handshake();
  await peer.receive();
  peer.sendInit();
  peer.socket.pause();
}

const ping = (numPongBytes: number) => ({ kind: 'ping', numPongBytes, ignored: new Uint8Array(0) }) as const;

test('a peer that floods pings asking 65,531-byte pongs and never reads: failed at once, the process exits, under 100 MB', async () => {
  const { run, maxRssKb } = await runAgainst(async (peer) => {
    await initThenDeaf(peer);
    // 130 MB of pongs asked for: far more than the kernel's buffers hold.
    peer.socket.write(Buffer.concat(Array.from({ length: 2000 }, () => peer.frame(ping(MAX_PONG_BYTES)))));
  });
  assert.equal(
    run.stdout,
    cliJson({
      code: 402,
      message: `disconnected during connection: peer flooded us with pings: ${MAX_UNANSWERED_PINGS + 1} unanswered while it does not read our pongs`,
    }),
  );
  assert.equal(run.code, 4);
  assert.equal(run.stderr, '');
  assert.ok(maxRssKb < MAX_RSS_KB, `peak RSS ${maxRssKb} kB`);
});

test('a peer that answers our ping after 10,000 odd messages and never reads: connected, under 100 MB', async () => {
  const { run, maxRssKb, port } = await runAgainst(async (peer) => {
    await initThenDeaf(peer);
    const odd = Uint8Array.of(0x80, 0x01, ...new Uint8Array(200));
    const frames = Array.from({ length: 10_000 }, () => peer.frameBytes(odd));
    peer.socket.write(Buffer.concat([...frames, peer.frame({ kind: 'pong', ignored: new Uint8Array(4) })]));
  });
  assert.equal(run.stdout, ok(port));
  assert.equal(run.code, 0);
  assert.ok(maxRssKb < MAX_RSS_KB, `peak RSS ${maxRssKb} kB`);
});

test('a peer that pours 50 MB of random bytes on us after its pong: connected, the process exits, under 100 MB', async () => {
  const { run, maxRssKb, port } = await runAgainst(async (peer) => {
    await initThenDeaf(peer);
    peer.send({ kind: 'pong', ignored: new Uint8Array(4) });
    for (let i = 0; i < 50; i++) peer.socket.write(randomBytes(1024 * 1024));
  });
  assert.equal(run.stdout, ok(port));
  assert.equal(run.code, 0);
  assert.ok(maxRssKb < MAX_RSS_KB, `peak RSS ${maxRssKb} kB`);
});

test('an init whose remote_addr is an address type we do not know is accepted: the record is dropped', async () => {
  const { run, port } = await runAgainst(async (peer) => {
    await peer.handshake();
    await peer.receive();
    const init = encodeMessage({ kind: 'init', globalFeatures: new Uint8Array(0), features: Uint8Array.of(0x02, 0x22), networks: [REGTEST_HASH] });
    // After `networks`, TLV type 3 (remote_addr) of 6 bytes: descriptor type 6, which BOLT 7 does not define (yet).
    peer.socket.write(peer.frameBytes(Uint8Array.of(...init, 0x03, 0x06, 0x06, 1, 2, 3, 4, 5)));
    await peer.receive();
    peer.send({ kind: 'pong', ignored: new Uint8Array(4) });
    await peer.closed();
  });
  assert.equal(run.stdout, ok(port));
  assert.equal(run.code, 0);
});

test('in --listen mode, a peer that floods pings and never reads: the process exits, under 100 MB', async () => {
  const { child, done } = spawnWithTimeout(['--listen', '127.0.0.1:0', '--network', 'regtest', '--key-file', keyFile(Buffer.from(PEER_SECRET).toString('hex'))]);
  const port = Number((await firstStderrLine(child)).split(':').pop());
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  try {
    await once(socket, 'connect');
    const reader = new SocketReader(socket, AbortSignal.timeout(10_000));
    const transport = await handshakeAsInitiator(socket, reader, {
      localStaticKey: new Uint8Array(32).fill(0x11),
      remoteStaticKey: Buffer.from(PEER_ID, 'hex'),
    });
    socket.write(transport.encrypt(encodeMessage({ kind: 'init', globalFeatures: new Uint8Array(0), features: Uint8Array.of(0x02, 0x22), networks: [REGTEST_HASH] })));
    transport.decryptBody(await reader.read(transport.decryptLength(await reader.read(18)) + 16));
    reader.release();
    socket.write(Buffer.concat(Array.from({ length: 2000 }, () => transport.encrypt(encodeMessage(ping(MAX_PONG_BYTES))))));
    const { maxRssKb } = await done;
    assert.ok(maxRssKb < MAX_RSS_KB, `peak RSS ${maxRssKb} kB`);
  } finally {
    socket.destroy();
  }
});
