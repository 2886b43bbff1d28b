import assert from 'node:assert/strict';
import { LENGTH_HEADER_SIZE } from '../../src/noise/index.js';
import { REGTEST_HASH } from '../helpers/fake-peer.js';
import type { KnownMessage } from '../../src/wire/index.js';
import { GOOD_INIT, initWithTlvs, WHOLE, type Delivery, type FaultPeer } from '../helpers/fault-peer.js';
import { assertNoRawPeerText, exactly, HOSTILE_TEXT, HOSTILE_TEXT_QUOTED } from './peer-text.js';
import { connectScenario } from './scenario.js';

/**
 * ln-connect dials a fault peer that completes the handshake and then breaks the init exchange:
 * hangs up, cuts or corrupts its init frame, sends what is not an init, or an init that breaks
 * BOLT 1 or BOLT 9.
 */

const STAGE = 'Exchanging init messages';

/** After the handshake and ln-connect's init: `init` (a message or raw bytes), delivered as asked, then a well-behaved session. */
async function initAs(peer: FaultPeer, init: KnownMessage | Uint8Array, how: Delivery = WHOLE): Promise<void> {
  await peer.respond();
  await peer.receive();
  await peer.deliver(peer.frame(init), how);
  if (!peer.closed) await peer.serve();
}

for (const [what, how] of [
  ['a close', { kind: 'close', at: 0 }],
  ['a reset (RST)', { kind: 'reset', at: 0 }],
] as const) {
  connectScenario({
    name: `init: ${what} right after the handshake, before any init: 401`,
    timeout: 2,
    peer: (peer) => initAs(peer, GOOD_INIT, how),
    expect: { exit: 1, stage: STAGE, reason: /^(peer closed connection|Connection reset by peer)$/ },
  });
}

for (const at of [1, LENGTH_HEADER_SIZE - 1, LENGTH_HEADER_SIZE, 30]) {
  connectScenario({
    name: `init: the init frame closed after ${at} bytes (${at < LENGTH_HEADER_SIZE ? 'inside the length header' : at === LENGTH_HEADER_SIZE ? 'the length header alone' : 'inside the body'}): 401`,
    timeout: 2,
    peer: (peer) => initAs(peer, GOOD_INIT, { kind: 'close', at }),
    expect: { exit: 1, stage: STAGE, reason: /^peer closed connection$/ },
  });
}

connectScenario({
  name: 'init: a length announced, then nothing: timed out at the deadline',
  timeout: 1,
  peer: (peer) => initAs(peer, GOOD_INIT, { kind: 'stall', at: LENGTH_HEADER_SIZE }),
  expect: { exit: 1, stage: STAGE, reason: /^Connection timed out/ },
});

for (const [part, flip, reason] of [
  ['length header', LENGTH_HEADER_SIZE - 1, /^message length failed its MAC check$/],
  ['body', -1, /^message body failed its MAC check$/],
] as const) {
  connectScenario({
    name: `init: a bad MAC on the init's ${part}: 401`,
    timeout: 2,
    peer: async (peer) => {
      await peer.respond();
      await peer.receive();
      const frame = peer.frame(GOOD_INIT);
      frame[flip < 0 ? frame.length + flip : flip]! ^= 0x01;
      await peer.writeFlushed(frame);
      await peer.untilClosed();
    },
    expect: { exit: 1, stage: STAGE, reason },
  });
}

/** A 65,000-byte feature vector (an init of 65,040 bytes, near BOLT 8's limit) with `top` set in its highest byte. */
function hugeFeatures(top: number): Uint8Array {
  const features = new Uint8Array(65_000);
  features[0] = top;
  features.set([0x02, 0x22], features.length - 2);
  return features;
}

connectScenario({
  name: 'init: a 65 KB feature vector whose top bit is an unknown odd one: connected, all of it reported',
  fast: true,
  timeout: 3,
  peer: (peer) => initAs(peer, { ...GOOD_INIT, features: hugeFeatures(0x80) }),
  expect: { exit: 0 },
  check: (run) => {
    const features = (JSON.parse(run.stdout) as { features: string }).features;
    assert.equal(features.length, 130_000);
    assert.ok(features.startsWith('80') && features.endsWith('0222'), features.slice(0, 8));
  },
});

connectScenario({
  name: 'init: a 65 KB feature vector whose top bit is an unknown even one: 401 naming the bit',
  timeout: 3,
  peer: (peer) => initAs(peer, { ...GOOD_INIT, features: hugeFeatures(0x40) }),
  expect: { exit: 1, stage: STAGE, reason: /^Unsupported feature 519998$/ },
});

const NETWORKS = [0x01, 0x20, ...REGTEST_HASH];
const REMOTE_ADDR_IPV4 = [0x03, 0x07, 0x01, 127, 0, 0, 1, 0x26, 0x07];

for (const [what, tlvs, reason, fast] of [
  ['an unknown even type', [...NETWORKS, 0x02, 0x00], 'unknown even type 2', true],
  ['a length past the end', [0x01, 0x40, ...REGTEST_HASH], 'type 1 has length 64, past the end (32 bytes left)', false],
  ['a non-minimal BigSize type', [0xfd, 0x00, 0x01, 0x20, ...REGTEST_HASH], 'non-minimal encoding of 1 in 3 bytes', false],
  ['a duplicate type', [...NETWORKS, ...NETWORKS], 'duplicate type 1', false],
  ['types out of order', [...REMOTE_ADDR_IPV4, ...NETWORKS], 'type 1 after type 3', false],
] as const) {
  connectScenario({
    name: `init: a TLV stream with ${what}: 401`,
    fast,
    timeout: 2,
    peer: (peer) => initAs(peer, initWithTlvs(new Uint8Array(tlvs))),
    expect: { exit: 1, stage: STAGE, reason: exactly(`init TLV stream: ${reason}`) },
  });
}

connectScenario({
  name: 'init: an unknown odd TLV is ignored: connected',
  timeout: 2,
  peer: (peer) => initAs(peer, initWithTlvs(new Uint8Array([...NETWORKS, 0x05, 0x02, 0xab, 0xcd]))),
  expect: { exit: 0 },
});

connectScenario({
  name: 'init: a remote_addr of an unknown descriptor type is ignored, as Core Lightning does: connected',
  timeout: 2,
  peer: (peer) => initAs(peer, initWithTlvs(new Uint8Array([...NETWORKS, 0x03, 0x03, 42, 0x00, 0x00]))),
  expect: { exit: 0 },
});

for (const kind of ['error', 'warning'] as const) {
  connectScenario({
    name: `init: ${kind === 'error' ? 'an' : 'a'} ${kind} with terminal escapes and invalid UTF-8 instead of init: 401, quoted with every byte escaped`,
    fast: kind === 'error',
    timeout: 2,
    peer: async (peer) => {
      await peer.respond();
      await peer.receive();
      await peer.send({ kind, channelId: new Uint8Array(32), data: HOSTILE_TEXT });
      await peer.hangUp();
    },
    expect: { exit: 1, stage: STAGE, reason: exactly(`peer sent ${kind}: ${HOSTILE_TEXT_QUOTED}`) },
    check: assertNoRawPeerText,
  });
}

connectScenario({
  name: 'init: an unknown even message instead of init: 401',
  timeout: 2,
  peer: (peer) => initAs(peer, new Uint8Array([0x80, 0x00, 0x01, 0x02])),
  expect: { exit: 1, stage: STAGE, reason: /^peer sent message type 32768 instead of init$/ },
});

connectScenario({
  name: 'init: an error for a channel that is not ours (non-zero channel_id) before init is ignored (BOLT 1): connected',
  timeout: 2,
  peer: async (peer) => {
    await peer.respond();
    await peer.receive();
    await peer.send({ kind: 'error', channelId: new Uint8Array(32).fill(0x01), data: Buffer.from('unknown channel') });
    await peer.send(GOOD_INIT);
    await peer.serve();
  },
  expect: { exit: 0 },
});

connectScenario({
  name: 'init: 10,000 odd messages before init are skipped: connected',
  timeout: 5,
  peer: async (peer) => {
    await peer.respond();
    await peer.receive();
    await peer.flood(10_000, () => new Uint8Array([0x80, 0x01, 0xaa]));
    await peer.send(GOOD_INIT);
    await peer.serve();
  },
  expect: { exit: 0 },
});

connectScenario({
  name: 'init: 100 pings asking 65,531-byte pongs before init, never reading, then init and a pong: exits within a second of its outcome',
  timeout: 3,
  peer: async (peer) => {
    await peer.respond();
    peer.stopReading();
    await peer.flood(100, () => ({ kind: 'ping', numPongBytes: 65_531, ignored: new Uint8Array(0) }));
    await peer.send(GOOD_INIT);
    // The pong ln-connect's confirmation ping asks for (4 bytes), sent without reading the ping.
    await peer.send({ kind: 'pong', ignored: new Uint8Array(4) });
    await peer.untilClosed();
  },
  // Answering them one by one or failing the flood before init are both what the issue asks.
  expect: [{ exit: 0 }, { exit: 1, stage: STAGE, reason: /ping/i }],
});
