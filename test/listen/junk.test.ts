import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { connect, NoPeerError, type InboundSession } from '../../src/index.js';
import { closedBy, openConnection, startListener } from '../helpers/listener.js';

const LISTENER_KEY = new Uint8Array(32).fill(0x21);
const CONNECTOR_KEY = new Uint8Array(32).fill(0x11);
const CONNECTOR_ID = '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa';
/** What curl sends: longer than Act One's 50 bytes, so the listener reads it as a handshake version 71 ('G'). */
const HTTP_REQUEST = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n';

const from = (port: number): string => `127.0.0.1:${port}`;

test('--listen survives a reset, a port scan, an HTTP request and 50 idle connections, then accepts a real initiator', { timeout: 60_000 }, async () => {
  const listener = await startListener({ identityKey: LISTENER_KEY, network: 'regtest', timeout: 50 });

  // A reset once accepted: reported with the address it came from, not ":0".
  const reset = await openConnection(listener.port);
  const resetFrom = from(reset.localPort!);
  await listener.waitFor((p) => p.stage === 'handshake' && p.address === resetFrom);
  reset.resetAndDestroy();
  await listener.waitFor((p) => p.stage === 'rejected' && p.address === resetFrom);

  // A port scan: connect, then close.
  const scan = await openConnection(listener.port);
  const scanFrom = from(scan.localPort!);
  scan.end();
  await listener.waitFor((p) => p.stage === 'rejected' && p.address === scanFrom);

  const http = await openConnection(listener.port);
  const httpFrom = from(http.localPort!);
  http.write(HTTP_REQUEST);
  await listener.waitFor((p) => p.stage === 'rejected' && p.address === httpFrom);
  await closedBy(http);

  const idle = await Promise.all(Array.from({ length: 50 }, () => openConnection(listener.port)));
  const idleFrom = new Set(idle.map((s) => from(s.localPort!)));
  await listener.waitFor((p) => p.stage === 'handshake' && idleFrom.has(p.address), 50);

  const out = await connect({ id: listener.info.uri, network: 'regtest', identityKey: CONNECTOR_KEY, timeout: 20 });
  assert.equal(out.direction, 'out');
  const session = (await listener.outcome) as InboundSession;
  assert.equal(session.result.id, CONNECTOR_ID);
  assert.equal(session.result.direction, 'in');
  await session.closed;

  assert.deepEqual(
    listener.events.filter((p) => p.stage === 'rejected'),
    [
      { stage: 'rejected', address: resetFrom, reason: 'Connection reset by peer' },
      { stage: 'rejected', address: scanFrom, reason: 'peer closed connection' },
      { stage: 'rejected', address: httpFrom, reason: 'act one has version 71, expected 0' },
    ],
  );
  // The idle ones were closed once the peer completed its handshake, not left to the deadline.
  await Promise.all(idle.map(closedBy));
});

test('with no peer, listen ends at its timeout: "no connection arrived"', { timeout: 30_000 }, async () => {
  const listener = await startListener({ timeout: 0.2 });
  const err = await listener.outcome;
  assert.ok(err instanceof NoPeerError);
  assert.deepEqual(err.toJSON(), { code: 401, message: 'No peer completed the handshake and init before the deadline: no connection arrived' });
  assert.deepEqual(err.rejected, []);
});

test('idle connections are counted in the final error, and past 64 in progress a connection is closed at once', { timeout: 60_000 }, async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): number => warnings.push(w);
  process.on('warning', onWarning);
  const listener = await startListener({ timeout: 50 });
  const sockets = await Promise.all(Array.from({ length: 66 }, () => openConnection(listener.port)));
  await listener.waitFor((p) => p.stage === 'handshake', 64);
  const excess = await listener.waitFor((p) => p.stage === 'rejected', 2);
  assert.deepEqual(
    excess.map((p) => p.reason),
    ['too many handshakes in progress (64)', 'too many handshakes in progress (64)'],
  );
  listener.abort();
  const err = await listener.outcome;
  assert.ok(err instanceof NoPeerError);
  assert.equal(
    err.message,
    'No peer completed the handshake and init before the deadline: 66 connections closed (64 × Connection timed out; 2 × too many handshakes in progress (64))',
  );
  assert.equal(err.rejected.length, 66);
  await Promise.all(sockets.map(closedBy));
  process.off('warning', onWarning);
  // 64 handshakes wait on one deadline: no "possible EventTarget memory leak" on the user's stderr.
  assert.deepEqual(warnings, []);
});

test('a connection reset before it was accepted is reported as from an unknown address, not ":0"', { timeout: 30_000 }, async () => {
  const listener = await startListener({ timeout: 50 });
  // spawnSync blocks this process's event loop: the child connects and resets while the listener
  // cannot accept yet, so by the time it does the system no longer knows the peer's address.
  const child = spawnSync(process.execPath, [
    '-e',
    `const s = require('node:net').connect(${listener.port}, '127.0.0.1', () => s.resetAndDestroy()); s.on('error', () => {});`,
  ]);
  assert.equal(child.status, 0);
  const [rejected] = await listener.waitFor((p) => p.stage === 'rejected');
  assert.deepEqual(rejected, { stage: 'rejected', address: 'unknown address', reason: 'reset before it was accepted' });
  listener.abort();
  assert.equal(
    ((await listener.outcome) as Error).message,
    'No peer completed the handshake and init before the deadline: 1 connection closed (1 × reset before it was accepted)',
  );
});
