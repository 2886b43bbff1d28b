import { randomBytes } from 'node:crypto';
import { ACT_TWO_SIZE } from '../../src/noise/index.js';
import { corrupt, WHOLE, type Corruption, type Delivery, type FaultPeer } from '../helpers/fault-peer.js';
import { connectScenario } from './scenario.js';

/**
 * ln-connect dials a fault peer that breaks BOLT 8's Act Two, or never gets that far. Each act
 * is cut at its first byte, one byte in, halfway and one byte short.
 */

/** Takes Act One, then hands Act Two over broken as asked; a well-behaved session follows if the act got through whole. */
async function actTwo(peer: FaultPeer, deliver: Delivery, how?: Corruption): Promise<void> {
  const responder = await peer.takeActOne();
  const act = responder.actTwo();
  await peer.deliver(how ? corrupt(act, how) : act, deliver);
  if (peer.closed || how) return peer.untilClosed();
  await peer.takeActThree(responder);
  await peer.exchangeInit();
  await peer.serve();
}

connectScenario({
  name: 'handshake: a peer that accepts and never sends a byte: timed out, saying the port accepted and stayed silent',
  fast: true,
  timeout: 1,
  peer: (peer) => peer.untilClosed(),
  expect: { exit: 1, stage: 'Cryptographic handshake', reason: /^Connection timed out \(the port accepted the connection but sent nothing back/ },
});

for (const at of [0, 1, 25, ACT_TWO_SIZE - 1]) {
  connectScenario({
    name: `handshake: Act Two closed after ${at} of its ${ACT_TWO_SIZE} bytes: 401, one connection (no TLS probe by default)`,
    fast: at === 0,
    timeout: 2,
    peer: (peer) => actTwo(peer, { kind: 'close', at }),
    expect: { exit: 1, stage: 'Cryptographic handshake', reason: /^peer closed connection/ },
    connections: 1,
  });
}

for (const at of [0, 25]) {
  connectScenario({
    name: `handshake: a reset (RST) after ${at} bytes of Act Two: 401`,
    timeout: 2,
    peer: (peer) => actTwo(peer, { kind: 'reset', at }),
    expect: { exit: 1, stage: 'Cryptographic handshake', reason: /^(Connection reset by peer|peer closed connection)/ },
    connections: 1,
  });
}

connectScenario({
  name: 'handshake: a reset (RST) as soon as the connection is accepted, before Act One is read: 401',
  timeout: 2,
  peer: async (peer) => peer.reset(),
  expect: [
    { exit: 1, stage: 'Cryptographic handshake', reason: /^(Connection reset by peer|peer closed connection)/ },
    { exit: 1, stage: 'Connection establishment', reason: /^Connection reset by peer$/ },
  ],
  connections: 1,
});

connectScenario({
  name: 'handshake: Act Two stalls halfway: timed out at the deadline',
  timeout: 1,
  peer: (peer) => actTwo(peer, { kind: 'stall', at: 25 }),
  expect: { exit: 1, stage: 'Cryptographic handshake', reason: /^Connection timed out/ },
});

connectScenario({
  name: 'handshake: a valid Act Two dripped a byte every 20 ms, well inside the deadline: connected',
  timeout: 4,
  peer: (peer) => actTwo(peer, { kind: 'drip', everyMs: 20 }),
  expect: { exit: 0 },
});

connectScenario({
  name: 'handshake: a valid Act Two dripped a byte every 100 ms, past the deadline: timed out',
  timeout: 1,
  peer: (peer) => actTwo(peer, { kind: 'drip', everyMs: 100 }),
  expect: { exit: 1, stage: 'Cryptographic handshake', reason: /^Connection timed out/ },
});

for (const [how, reason, fast] of [
  ['version', /^not a Lightning node: its reply starts with byte 0x01, not handshake version 0$/, true],
  ['point', /^act two carries an invalid ephemeral public key$/, true],
  ['mac', /^act two failed its MAC check$/, true],
] as const) {
  connectScenario({
    name: `handshake: Act Two with a bad ${how === 'point' ? 'ephemeral key (off the curve)' : how === 'mac' ? 'MAC' : 'version byte'}: 401`,
    fast,
    timeout: 2,
    peer: (peer) => actTwo(peer, WHOLE, how),
    expect: { exit: 1, stage: 'Cryptographic handshake', reason },
    connections: 1,
  });
}

connectScenario({
  name: 'handshake: an SSH-like banner, then waiting for our line: the banner names the service (not a bare time-out)',
  timeout: 2,
  peer: async (peer) => {
    await peer.writeFlushed(Buffer.from('SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n'));
    await peer.untilClosed();
  },
  expect: { exit: 1, stage: 'Cryptographic handshake', reason: /SSH server/ },
});

connectScenario({
  name: 'handshake: 50 MB of random bytes instead of Act Two: 401, bounded memory',
  timeout: 3,
  peer: async (peer) => {
    await peer.read(50);
    const chunk = randomBytes(1 << 20);
    for (let mb = 0; mb < 50 && !peer.closed; mb++) {
      peer.write(chunk);
      await peer.drained();
    }
    await peer.untilClosed();
  },
  expect: { exit: 1, stage: 'Cryptographic handshake', reason: /^(not a Lightning node: its reply starts with byte|act two )/ },
});
