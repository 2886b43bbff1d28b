import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliJson, collect, firstStderrLine, keyFile, runCli, spawnCli } from '../helpers/cli.js';
import { assertValidResponse } from '../helpers/schema.js';

// The BOLT 8 test vectors' static keys, so both ids are known in advance.
const LISTENER_SECRET = '21'.repeat(32);
const LISTENER_ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
const CONNECTOR_SECRET = '11'.repeat(32);
const CONNECTOR_ID = '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa';
/** Our default init features: optional bits 1 7 9 13 15 17 45. */
const DEFAULT_FEATURES = '20000002a282';

test('a connect and a --listen process agree, each printing the exact JSON of its side', async () => {
  const listener = spawnCli(['--listen', '127.0.0.1:0', '--network', 'regtest', '--key-file', keyFile(LISTENER_SECRET)]);
  const listenerDone = collect(listener);
  const uri = await firstStderrLine(listener);
  const match = /^([0-9a-f]{66})@127\.0\.0\.1:(\d+)$/.exec(uri);
  assert.ok(match, `listener printed ${uri}`);
  assert.equal(match[1], LISTENER_ID);
  const port = Number(match[2]);

  const out = await runCli([uri, '--network', 'regtest', '--key-file', keyFile(CONNECTOR_SECRET)]);
  assert.equal(out.stderr, '');
  assert.equal(out.code, 0);
  assert.equal(
    out.stdout,
    cliJson({ id: LISTENER_ID, features: DEFAULT_FEATURES, direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port } }),
  );
  assertValidResponse(JSON.parse(out.stdout));

  const inbound = await listenerDone;
  assert.equal(inbound.code, 0);
  assert.equal(inbound.stderr, `${uri}\n`);
  const result = JSON.parse(inbound.stdout);
  assert.equal(typeof result.address.port, 'number');
  assert.equal(
    inbound.stdout,
    cliJson({ id: CONNECTOR_ID, features: DEFAULT_FEATURES, direction: 'in', address: { type: 'ipv4', address: '127.0.0.1', port: result.address.port } }),
  );
  assertValidResponse(result);
});

test('--port and --host give the same result as id@host:port', async () => {
  const listener = spawnCli(['--listen', '127.0.0.1:0', '--key-file', keyFile(LISTENER_SECRET)]);
  const listenerDone = collect(listener);
  const uri = await firstStderrLine(listener);
  const port = uri.split(':').pop()!;
  const out = await runCli([LISTENER_ID, '--host', 'localhost', '--port', port]);
  assert.equal(out.code, 0);
  assert.deepEqual(JSON.parse(out.stdout).address, { type: 'ipv4', address: '127.0.0.1', port: Number(port) });
  assert.equal((await listenerDone).code, 0);
});
