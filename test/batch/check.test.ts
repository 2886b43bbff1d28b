import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { createChecker, summarize, type CheckConfig } from '../../src/batch/check.js';
import { pause, retryDelayMs } from '../../src/batch/retry.js';
import { StageClock } from '../../src/batch/timings.js';
import { Graph } from '../../src/net/graph.js';
import { TestDnsServer } from '../helpers/dns-server.js';
import { PEER_ID, type PeerScript } from '../helpers/fake-peer.js';
import { TestSocksServer } from '../helpers/socks5-server.js';
import { startResponder, upPeer, type Responder } from './responder.js';

const OTHER_ID = '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa';

const config = (overrides: Partial<CheckConfig> = {}): CheckConfig => ({
  connect: { network: 'regtest', timeout: 5 },
  retries: 0,
  retryDelay: 0.001,
  pings: 0,
  timings: false,
  ...overrides,
});

async function withResponder(script: PeerScript, body: (peer: Responder) => Promise<void>): Promise<void> {
  const peer = await startResponder({ script });
  try {
    await body(peer);
  } finally {
    await peer.close();
  }
}

/** Runs `first` on the first `n` connections, then an up peer. */
function firstConnections(n: number, first: PeerScript): PeerScript {
  let seen = 0;
  const up = upPeer();
  return (peer) => (++seen <= n ? first(peer) : up(peer));
}

/** A reset (RST) once Act One is in: always a handshake failure, never a failed connect. */
const resetAfterActOne: PeerScript = async (peer) => {
  await peer.read(50);
  peer.socket.resetAndDestroy();
};

test('a peer that resets the first two connections: up on the third attempt', async () => {
  await withResponder(firstConnections(2, resetAfterActOne), async (peer) => {
    const record = await createChecker(config({ retries: 3 }))(peer.uri());
    assert.equal(record.attempts, 3);
    assert.equal(record.result?.id, PEER_ID);
    assert.equal(record.error, undefined);
    assert.equal(peer.accepted, 3);
  });
});

test('retries run out: the last failure is the answer, with the number of attempts', async () => {
  await withResponder(resetAfterActOne, async (peer) => {
    const record = await createChecker(config({ retries: 2 }))(peer.uri());
    assert.equal(record.attempts, 3);
    assert.deepEqual(record.error, { code: 401, message: `All addresses failed: ${peer.host}: Cryptographic handshake: Connection reset by peer. ` });
  });
});

test('a peer that hangs up after init (402) is tried again; one that says why is not', async () => {
  const hangUpOnPing: PeerScript = async (peer) => {
    await peer.handshake();
    await peer.receive();
    peer.sendInit();
    await peer.receive();
    peer.socket.destroy();
  };
  await withResponder(firstConnections(1, hangUpOnPing), async (peer) => {
    const record = await createChecker(config({ retries: 1 }))(peer.uri());
    assert.equal(record.attempts, 2);
    assert.ok(record.result);
  });
  const refuseAfterInit: PeerScript = async (peer) => {
    await peer.handshake();
    await peer.receive();
    peer.sendInit();
    peer.warning('we do not talk to strangers');
    await peer.closed();
  };
  await withResponder(refuseAfterInit, async (peer) => {
    const record = await createChecker(config({ retries: 3 }))(peer.uri());
    assert.deepEqual(record.error, { code: 402, message: 'disconnected during connection: peer sent warning: we do not talk to strangers' });
    assert.equal(record.attempts, 1);
    assert.equal(peer.accepted, 1);
  });
});

test('never retried: a wrong key, features the peer rejects, a malformed target', async () => {
  await withResponder(upPeer(), async (peer) => {
    const check = createChecker(config({ retries: 3 }));
    const wrongKey = await check(peer.uri(OTHER_ID));
    assert.equal(wrongKey.attempts, 1);
    assert.deepEqual(wrongKey.error, { code: 401, message: `All addresses failed: ${peer.host}: Cryptographic handshake: peer closed connection (wrong key?). ` });
    const malformed = await check('not a target');
    assert.equal(malformed.attempts, 1);
    assert.equal(malformed.error?.code, -32602);
  });
  // Our init requires a feature the peer does not know: it answers with an error before its init.
  const rejectFeatures: PeerScript = async (peer) => {
    await peer.handshake();
    await peer.receive();
    peer.send({ kind: 'error', channelId: new Uint8Array(32), data: new TextEncoder().encode('unknown required feature') });
    await peer.closed();
  };
  await withResponder(rejectFeatures, async (peer) => {
    const record = await createChecker(config({ retries: 3 }))(peer.uri());
    assert.equal(record.attempts, 1);
    assert.deepEqual(record.error, { code: 401, message: `All addresses failed: ${peer.host}: Exchanging init messages: peer sent error: unknown required feature. ` });
  });
});

test('a deadline is transient: a silent peer is tried again, each attempt with its own timeout', async () => {
  await withResponder(async () => {}, async (peer) => {
    const record = await createChecker(config({ retries: 1, connect: { network: 'regtest', timeout: 0.2 } }))(peer.uri());
    assert.equal(record.attempts, 2);
    assert.equal(
      record.error?.message,
      `All addresses failed: ${peer.host}: Cryptographic handshake: Connection timed out (the port accepted the connection but sent nothing back: probably not a Lightning node). `,
    );
    assert.equal(peer.accepted, 2);
  });
});

test('--ping N: N more pings after the confirmation, min <= median <= max', async () => {
  let pings = 0;
  const counting: PeerScript = async (peer) => {
    await peer.handshake();
    await peer.receive();
    peer.sendInit();
    for (;;) {
      const message = await peer.receive().catch(() => undefined);
      if (message?.kind !== 'ping') return;
      pings++;
      peer.send({ kind: 'pong', ignored: new Uint8Array(message.numPongBytes) });
    }
  };
  await withResponder(counting, async (peer) => {
    const record = await createChecker(config({ pings: 5 }))(peer.uri());
    assert.ok(record.rttMs, 'rtt measured');
    const { min, median, max } = record.rttMs;
    assert.ok(min > 0 && min <= median && median <= max, JSON.stringify(record.rttMs));
    assert.equal(pings, 6, 'the confirmation ping, then five');
    assert.equal(record.timings, undefined);
  });
});

test('--ping: a peer that leaves during the pings is still up, with the round trips it answered', async () => {
  await withResponder(upPeer({ endAfterPongs: 3 }), async (peer) => {
    const record = await createChecker(config({ pings: 10 }))(peer.uri());
    assert.ok(record.result);
    assert.ok(record.rttMs);
  });
  await withResponder(upPeer({ endAfterPongs: 1 }), async (peer) => {
    const record = await createChecker(config({ pings: 10, timings: true }))(peer.uri());
    assert.ok(record.result);
    assert.equal(record.rttMs, undefined, 'no pong came back');
    assert.deepEqual(Object.keys(record.timings ?? {}), ['connect', 'acts', 'init', 'confirmation']);
  });
});

test('--timings: the stages reached, through a proxy and after a name lookup', async () => {
  await withResponder(upPeer(), async (peer) => {
    const port = Number(peer.host.split(':')[1]);
    const direct = await createChecker(config({ timings: true }))(peer.uri());
    assert.deepEqual(Object.keys(direct.timings ?? {}), ['connect', 'acts', 'init', 'confirmation']);
    for (const ms of Object.values(direct.timings ?? {})) assert.ok(ms >= 0 && ms < 5000);

    const proxy = await TestSocksServer.start({ routes: { [`127.0.0.1:${port}`]: port } });
    const dns = await TestDnsServer.start([{ type: 'A', name: 'node.test', data: '127.0.0.1' }]);
    try {
      const proxied = await createChecker(config({ timings: true, connect: { network: 'regtest', proxy: proxy.address, alwaysUseProxy: true } }))(peer.uri());
      assert.deepEqual(Object.keys(proxied.timings ?? {}), ['connect', 'socks', 'acts', 'init', 'confirmation']);
      const named = await createChecker(config({ timings: true, connect: { network: 'regtest', dnsServer: dns.address } }))(`${PEER_ID}@node.test:${port}`);
      assert.deepEqual(Object.keys(named.timings ?? {}), ['resolve', 'connect', 'acts', 'init', 'confirmation']);
    } finally {
      proxy.close();
      dns.close();
    }

    const refused = await createChecker(config({ timings: true }))(`${PEER_ID}@127.0.0.1:1`);
    assert.deepEqual(Object.keys(refused.timings ?? {}), ['connect']);
    const malformed = await createChecker(config({ timings: true }))('junk');
    assert.deepEqual(malformed.timings, {});
  });
});

test("the run's signal: aborting it ends a check at work, and a check leaves no listener on it", { timeout: 20_000 }, async () => {
  await withResponder(async () => {}, async (peer) => {
    const run = new AbortController();
    const check = createChecker(config({ retries: 5, connect: { network: 'regtest', timeout: 60 } }));
    const record = check(peer.uri(), { signal: run.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(getEventListeners(run.signal, 'abort').length, 1);
    run.abort();
    const ended = await record;
    assert.equal(ended.attempts, 1, 'no retry once the run stops');
    assert.equal(getEventListeners(run.signal, 'abort').length, 0);
  });
  await withResponder(upPeer(), async (peer) => {
    const run = new AbortController();
    await createChecker(config())(peer.uri(), { signal: run.signal });
    assert.equal(getEventListeners(run.signal, 'abort').length, 0);
  });
});

test('a Graph read once serves bare ids', async () => {
  await withResponder(upPeer(), async (peer) => {
    const [address, port] = peer.host.split(':');
    const graph = new Graph({ nodes: [{ nodeid: PEER_ID, addresses: [{ type: 'ipv4', address, port: Number(port) }] }] });
    const record = await createChecker(config(), { graph })(PEER_ID);
    assert.deepEqual(record.result?.address, { type: 'ipv4', address, port: Number(port) });
    const absent = await createChecker(config(), { graph })(OTHER_ID);
    assert.equal(absent.error?.code, 400);
  });
});

test('StageClock: each event ends the stage before it; a new address starts over, name lookups add up', () => {
  let now = 0;
  const clock = new StageClock(() => now);
  const at = (t: number, stage: Parameters<StageClock['mark']>[0]['stage']): void => {
    now = t;
    clock.mark({ stage, address: 'x' });
  };
  at(0, 'resolving');
  at(5, 'connecting');
  at(6, 'handshake');
  at(10, 'resolving');
  at(12.5, 'connecting');
  at(13, 'proxy');
  at(20, 'handshake');
  at(21.25, 'init');
  at(22, 'confirming');
  now = 25;
  clock.stop();
  assert.deepEqual(clock.timings(), { resolve: 7.5, connect: 0.5, socks: 7, acts: 1.25, init: 0.75, confirmation: 3 });
});

test('retry delays double, less up to half at random; an aborted wait says so', async () => {
  assert.equal(retryDelayMs(1, 1, () => 0), 1000);
  assert.equal(retryDelayMs(1, 3, () => 0), 4000);
  assert.equal(retryDelayMs(1, 3, () => 0.75), 2500);
  assert.equal(retryDelayMs(0.5, 2, () => 0.5), 750);
  const controller = new AbortController();
  const waiting = pause(60_000, controller.signal);
  controller.abort();
  assert.equal(await waiting, false);
  assert.equal(await pause(1, undefined), true);
});

test('summarize: min, median (mean of the middle two for an even count), max', () => {
  assert.equal(summarize([]), undefined);
  assert.deepEqual(summarize([3]), { min: 3, median: 3, max: 3 });
  assert.deepEqual(summarize([4, 1, 3, 2]), { min: 1, median: 2.5, max: 4 });
  assert.deepEqual(summarize([0.0004, 2.0006, 1]), { min: 0, median: 1, max: 2.001 });
});
