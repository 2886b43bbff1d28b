import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACT_ONE_SIZE, ACT_THREE_SIZE } from '../../src/noise/index.js';
import { corrupt, GOOD_INIT, WHOLE, type Corruption, type Delivery } from '../helpers/fault-peer.js';
import { assertNoRawPeerText, exactly, HOSTILE_TEXT, HOSTILE_TEXT_QUOTED } from './peer-text.js';
import { goodInitiator, listenScenario, type ListenTarget } from './scenario.js';

/**
 * Fault peers dial `ln-connect --listen`. Junk (port scans, resets, other protocols, idle or
 * broken handshakes) must not use up the listener: a well-behaved initiator that comes after it
 * is the one in the result. `--timeout` bounds the whole run, with or without a peer.
 */

/** Lets the listener take in one junk connection before the next one arrives, so that junk is first. */
const SETTLE_MS = 100;

/** Runs `junk`, then a well-behaved initiator, whose port the listener's result must name. */
function thenGood(junk: (target: ListenTarget) => Promise<unknown>): (target: ListenTarget) => Promise<number> {
  return async (target) => {
    await junk(target);
    await sleep(SETTLE_MS);
    return goodInitiator(target);
  };
}

/** Our Act One towards the listener, broken and delivered as asked; a stall returns at once, the connection left open. */
async function actOne(target: ListenTarget, how: Delivery, corruption?: Corruption): Promise<void> {
  const peer = await target.dial();
  const { actOne } = peer.startInitiator(target.id);
  const delivered = peer.deliver(corruption ? corrupt(actOne, corruption) : actOne, how);
  if (how.kind !== 'stall') await delivered;
}

/** A correct Act One, then Act Three broken and delivered as asked. */
async function actThree(target: ListenTarget, how: Delivery, corruption?: Corruption): Promise<void> {
  const peer = await target.dial();
  const { initiator, actOne } = peer.startInitiator(target.id);
  await peer.writeFlushed(actOne);
  const act = await peer.takeActTwo(initiator);
  await peer.deliver(corruption ? corrupt(act, corruption) : act, how);
}

const GOOD = { exit: 0 } as const;

listenScenario({
  name: 'listen: nobody connects: the run ends at --timeout, counted from process start',
  timeout: 1,
  initiators: async () => {},
  expect: { exit: 1 },
});

listenScenario({
  name: 'listen: a port scan (connect, close) does not use up the listener: the next peer connects',
  fast: true,
  timeout: 3,
  initiators: thenGood(async (target) => (await target.dial()).socket.end()),
  expect: GOOD,
});

listenScenario({
  name: 'listen: a reset (RST) right after connecting does not use up the listener',
  timeout: 3,
  initiators: thenGood(async (target) => (await target.dial()).reset()),
  expect: GOOD,
});

listenScenario({
  name: 'listen: an HTTP request left waiting for its answer does not use up the listener',
  timeout: 3,
  initiators: thenGood(async (target) => (await target.dial()).write(Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'))),
  expect: GOOD,
});

listenScenario({
  name: 'listen: 50 idle connections held open do not keep out the 51st, a real peer',
  timeout: 3,
  initiators: thenGood(async (target) => {
    const idle = await Promise.all(Array.from({ length: 50 }, () => target.dial()));
    assert.equal(idle.length, 50);
  }),
  expect: GOOD,
});

/** A cut act: closed (FIN) or reset (RST) after `at` bytes. */
function cut(kind: 'close' | 'reset', at: number, size: number): { how: Delivery; says: string } {
  return { how: { kind, at }, says: `${kind === 'close' ? 'closed' : 'reset (RST)'} after ${at} of its ${size} bytes` };
}

for (const { how, says } of [
  cut('close', 1, ACT_ONE_SIZE),
  cut('close', 25, ACT_ONE_SIZE),
  cut('close', ACT_ONE_SIZE - 1, ACT_ONE_SIZE),
  cut('reset', 25, ACT_ONE_SIZE),
]) {
  listenScenario({
    name: `listen: an Act One ${says}, then a real peer: connected`,
    timeout: 3,
    initiators: thenGood((target) => actOne(target, how)),
    expect: GOOD,
  });
}

for (const corruption of ['version', 'point', 'mac'] as const) {
  listenScenario({
    name: `listen: an Act One with a bad ${corruption === 'mac' ? 'MAC (dialled another id)' : corruption === 'point' ? 'ephemeral key' : 'version'}, then a real peer: connected`,
    timeout: 3,
    initiators: thenGood((target) => actOne(target, WHOLE, corruption)),
    expect: GOOD,
  });
}

for (const { how, says } of [
  cut('close', 0, ACT_THREE_SIZE),
  cut('close', 33, ACT_THREE_SIZE),
  cut('close', ACT_THREE_SIZE - 1, ACT_THREE_SIZE),
  cut('reset', 33, ACT_THREE_SIZE),
]) {
  listenScenario({
    name: `listen: an Act Three ${says}, then a real peer: connected`,
    timeout: 3,
    initiators: thenGood((target) => actThree(target, how)),
    expect: GOOD,
  });
}

for (const corruption of ['mac', 'ciphertext'] as const) {
  listenScenario({
    name: `listen: an Act Three with a bad ${corruption === 'mac' ? 'final MAC' : 'encrypted static key'}, then a real peer: connected`,
    timeout: 3,
    initiators: thenGood((target) => actThree(target, WHOLE, corruption)),
    expect: GOOD,
  });
}

listenScenario({
  name: 'listen: a reset (RST) after the handshake, during init, then a real peer: connected',
  timeout: 3,
  initiators: thenGood(async (target) => {
    const peer = await target.dial();
    await peer.initiate(target.id);
    peer.reset();
  }),
  expect: GOOD,
});

listenScenario({
  name: 'listen: a valid Act One dripped a byte every 20 ms, inside the deadline: connected',
  timeout: 4,
  initiators: (target) => goodInitiator(target, { kind: 'drip', everyMs: 20 }),
  expect: GOOD,
});

listenScenario({
  name: 'listen: a valid Act One dripped a byte every 100 ms, past the deadline: the run ends at --timeout',
  timeout: 1,
  initiators: (target) => actOne(target, { kind: 'drip', everyMs: 100 }),
  expect: { exit: 1 },
});

listenScenario({
  name: 'listen: one idle connection and nobody else: the run ends at --timeout',
  timeout: 1,
  initiators: (target) => actOne(target, { kind: 'stall', at: 0 }),
  expect: { exit: 1 },
});

listenScenario({
  name: 'listen: an error with terminal escapes after init is a 402, as in connect (the session is confirmed)',
  fast: true,
  timeout: 3,
  initiators: async (target) => {
    const peer = await target.dial();
    await peer.initiate(target.id);
    await peer.send(GOOD_INIT);
    await peer.receive();
    await peer.send({ kind: 'error', channelId: new Uint8Array(32), data: HOSTILE_TEXT });
    await peer.hangUp();
  },
  expect: { exit: 4, reason: exactly(`peer sent error: ${HOSTILE_TEXT_QUOTED}`) },
  check: assertNoRawPeerText,
});

listenScenario({
  name: 'listen: 100,000 pings asking 65,531-byte pongs after init, never reading: failed as a flood, in bounded memory',
  timeout: 3,
  initiators: async (target) => {
    const peer = await target.dial();
    await peer.initiate(target.id);
    await peer.send(GOOD_INIT);
    peer.stopReading();
    await peer.flood(100_000, () => ({ kind: 'ping', numPongBytes: 65_531, ignored: new Uint8Array(0) }));
    await peer.untilClosed();
  },
  expect: { exit: 4, reason: /ping/i },
});

listenScenario({
  name: 'listen --verbose: a reset (RST) and nobody else: 401 at --timeout, and no address is printed as ":0"',
  timeout: 1,
  args: ['--verbose'],
  initiators: async (target) => (await target.dial()).reset(),
  expect: { exit: 1 },
  check: (run) => {
    assert.doesNotMatch(run.stdout, /:0(?!\d)/);
    assert.doesNotMatch(run.stderr.split('\n').slice(1).join('\n'), /:0(?!\d)/);
  },
});
