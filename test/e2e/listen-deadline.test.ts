import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliJson, collect, firstStderrLine, runCli, spawnCli } from '../helpers/cli.js';
import { handshakeWith, REGTEST_CHAIN } from '../helpers/initiator.js';
import { openConnection } from '../helpers/listener.js';

const CONNECTOR_KEY = new Uint8Array(32).fill(0x11);

test('--listen with no peer ends at --timeout, counting what connected', { timeout: 30_000 }, async () => {
  const run = await runCli(['--listen', '127.0.0.1:0', '--timeout', '0.5']);
  assert.match(run.stderr, /^[0-9a-f]{66}@127\.0\.0\.1:\d+\n$/);
  assert.equal(run.stdout, cliJson({ code: 401, message: 'No peer completed the handshake and init before the deadline: no connection arrived' }));
  assert.equal(run.code, 1);

  const listener = spawnCli(['--listen', '127.0.0.1:0', '--timeout', '3']);
  const done = collect(listener);
  const port = Number((await firstStderrLine(listener)).split(':').pop());
  const idle = await openConnection(port);
  const out = await done;
  assert.equal(out.stdout, cliJson({ code: 401, message: 'No peer completed the handshake and init before the deadline: 1 connection closed (1 × Connection timed out)' }));
  assert.equal(out.code, 1);
  idle.destroy();
});

test('--listen exits 4 when the peer sends an error after init', { timeout: 30_000 }, async () => {
  const listener = spawnCli(['--listen', '127.0.0.1:0', '--network', 'regtest', '--timeout', '20']);
  const done = collect(listener);
  const [id, where] = (await firstStderrLine(listener)).split('@');
  const channel = await handshakeWith(Number(where!.split(':').pop()), id!, CONNECTOR_KEY);
  channel.send({ kind: 'init', globalFeatures: new Uint8Array(0), features: new Uint8Array([0x02, 0x22]), networks: [REGTEST_CHAIN] });
  assert.equal((await channel.receive()).kind, 'init');
  channel.send({ kind: 'error', channelId: new Uint8Array(32), data: new TextEncoder().encode('go away') });
  const out = await done;
  assert.equal(out.stdout, cliJson({ code: 402, message: 'disconnected during connection: peer sent error: go away' }));
  assert.equal(out.code, 4);
  channel.close();
});
