import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AllAddressesFailedError, connect, InvalidParamsError, listen, NoAddressError, exitStatusFor, type ListeningInfo } from '../../src/index.js';
import { refusingPort } from '../helpers/ports.js';

const KEY = new Uint8Array(32).fill(0x21);
const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';

test('listen() and connect() in one process: typed results for both sides, progress reported', async () => {
  let ready: (info: ListeningInfo) => void;
  const listening = new Promise<ListeningInfo>((resolve) => (ready = resolve));
  const inbound = listen({ listen: '127.0.0.1:0', identityKey: KEY, network: 'signet', onListening: (info) => ready(info) });
  const info = await listening;
  assert.equal(info.id, ID);
  const stages: string[] = [];
  const out = await connect({ id: info.uri, network: 'signet', identityKey: new Uint8Array(32).fill(0x11), onProgress: (p) => stages.push(p.stage) });
  assert.deepEqual(out, { id: ID, features: '20000002a282', direction: 'out', address: info.address });
  assert.deepEqual(stages, ['connecting', 'handshake', 'init', 'confirming']);
  const session = await inbound;
  assert.equal(session.result.id, '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa');
  assert.equal(session.result.direction, 'in');
  await session.closed;
});

test('errors are typed, carry the records, and map to exit statuses', async (t) => {
  const port = await refusingPort(t);
  const failure = await connect({ id: `${ID}@127.0.0.1:${port}` }).catch((err: unknown) => err);
  assert.ok(failure instanceof AllAddressesFailedError);
  assert.deepEqual(failure.failures, [{ address: `127.0.0.1:${port}`, stage: 'Connection establishment', reason: 'Connection refused', transient: true }]);
  assert.equal(failure.transient, true);
  assert.deepEqual(failure.toJSON(), { code: 401, message: `All addresses failed: 127.0.0.1:${port}: Connection establishment: Connection refused. ` });
  assert.equal(exitStatusFor(failure), 1);
  await assert.rejects(connect({ id: ID }), (err: unknown) => err instanceof NoAddressError && !err.transient);
  await assert.rejects(connect({ id: 'nope' }), InvalidParamsError);
  await assert.rejects(connect({ id: `${ID}@127.0.0.1`, timeout: 0 }), /timeout: should be a positive number of seconds, got 0/);
  assert.equal(exitStatusFor(new Error('bug')), 5);
});

test('an onion target gets the 30 s default deadline, a clearnet one 10 s', async () => {
  // Seen through the deadline a silent SOCKS proxy imposes would take 30 s; the computed value is checked instead.
  const { timeoutSeconds } = await import('../../src/connect/connect.js');
  assert.equal(timeoutSeconds(undefined, { type: 'torv3', address: 'x.onion', port: 9735 }), 30);
  assert.equal(timeoutSeconds(undefined, { type: 'ipv4', address: '1.2.3.4', port: 9735 }), 10);
  assert.equal(timeoutSeconds(2.5, { type: 'torv3', address: 'x.onion', port: 9735 }), 2.5);
});
