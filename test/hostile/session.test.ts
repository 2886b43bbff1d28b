import { LENGTH_HEADER_SIZE } from '../../src/noise/index.js';
import { GOOD_INIT, type FaultPeer } from '../helpers/fault-peer.js';
import { assertNoRawPeerText, exactly, HOSTILE_TEXT, HOSTILE_TEXT_QUOTED } from './peer-text.js';
import { connectScenario } from './scenario.js';

/**
 * ln-connect dials a fault peer that completes handshake and init, then misbehaves while
 * ln-connect confirms the session with a ping: hangs up, resets, rejects us, or floods.
 */

const PING_FOR_MAX_PONG = { kind: 'ping', numPongBytes: 65_531, ignored: new Uint8Array(0) } as const;
/** The pong ln-connect's confirmation ping asks for, sent without reading the ping. */
const CONFIRMING_PONG = { kind: 'pong', ignored: new Uint8Array(4) } as const;

/** Handshake and init done right; ln-connect's confirmation ping is on its way to us. */
async function afterInit(peer: FaultPeer): Promise<void> {
  await peer.respondAndInit(GOOD_INIT);
}

for (const [what, fast, end] of [
  ['a close', false, (peer: FaultPeer) => peer.hangUp()],
  ['a reset (RST)', true, async (peer: FaultPeer) => peer.reset()],
] as const) {
  connectScenario({
    name: `session: ${what} after init, before the pong: 402`,
    fast,
    timeout: 2,
    peer: async (peer) => {
      await afterInit(peer);
      await peer.receive();
      await end(peer);
    },
    expect: { exit: 4, reason: /^(peer closed connection|Connection reset by peer)$/ },
  });
}

for (const kind of ['error', 'warning'] as const) {
  connectScenario({
    name: `session: ${kind === 'error' ? 'an' : 'a'} ${kind} (all channels) with terminal escapes after init: 402, quoted with every byte escaped`,
    timeout: 2,
    peer: async (peer) => {
      await afterInit(peer);
      await peer.send({ kind, channelId: new Uint8Array(32), data: HOSTILE_TEXT });
      await peer.hangUp();
    },
    expect: { exit: 4, reason: exactly(`peer sent ${kind}: ${HOSTILE_TEXT_QUOTED}`) },
    check: assertNoRawPeerText,
  });
}

connectScenario({
  name: 'session: an error for a channel that is not ours (non-zero channel_id) is ignored (BOLT 1), then the pong: connected',
  timeout: 2,
  peer: async (peer) => {
    await afterInit(peer);
    await peer.send({ kind: 'error', channelId: new Uint8Array(32).fill(0x42), data: Buffer.from('unknown channel') });
    await peer.serve();
  },
  expect: { exit: 0 },
});

connectScenario({
  name: 'session: a length announced after init, then nothing: timed out at the deadline',
  timeout: 1,
  peer: async (peer) => {
    await afterInit(peer);
    await peer.deliver(peer.frame(CONFIRMING_PONG), { kind: 'stall', at: LENGTH_HEADER_SIZE });
  },
  expect: { exit: 1, stage: 'Exchanging init messages', reason: /^Connection timed out/ },
});

connectScenario({
  name: 'session: 200 pings asking 65,531-byte pongs, never reading, then the pong: exits within a second of its outcome',
  fast: true,
  timeout: 3,
  peer: async (peer) => {
    await afterInit(peer);
    peer.stopReading();
    await peer.flood(200, () => PING_FOR_MAX_PONG);
    await peer.send(CONFIRMING_PONG);
    await peer.untilClosed();
  },
  // Whether 200 pings are a flood to fail or pings to answer one at a time is ln-connect's choice.
  expect: [{ exit: 0 }, { exit: 4, reason: /ping/i }],
});

connectScenario({
  name: 'session: 100,000 pings asking 65,531-byte pongs, never reading, no pong: failed as a flood, in bounded memory',
  timeout: 3,
  peer: async (peer) => {
    await afterInit(peer);
    peer.stopReading();
    await peer.flood(100_000, () => PING_FOR_MAX_PONG);
    await peer.untilClosed();
  },
  expect: { exit: 4, reason: /ping/i },
});

connectScenario({
  name: 'session: 100,000 odd messages and never a pong: timed out at the deadline, in bounded memory',
  timeout: 3,
  peer: async (peer) => {
    await afterInit(peer);
    await peer.flood(100_000, () => new Uint8Array([0x80, 0x01, 0xaa]));
    await peer.untilClosed();
  },
  expect: { exit: 1, stage: 'Exchanging init messages', reason: /^Connection timed out/ },
});
