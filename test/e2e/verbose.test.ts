import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collect, firstStderrLine, keyFile, runCli, spawnCli } from '../helpers/cli.js';

/** stderr lines with the times made uniform, and the times, which never go back. */
function stages(stderr: string): string[] {
  const lines = stderr.split('\n').filter(Boolean);
  const times = lines.flatMap((line) => (/^\+(\d+)ms /.exec(line) ? [Number(/^\+(\d+)ms /.exec(line)![1])] : []));
  assert.deepEqual([...times].sort((a, b) => a - b), times);
  return lines.map((line) => line.replace(/^\+\d+ms /, '+Nms '));
}

test('--verbose logs every stage of both sides on stderr, without a terminal', async () => {
  const listener = spawnCli(['--listen', '127.0.0.1:0', '--verbose', '--key-file', keyFile('21'.repeat(32))]);
  const listenerDone = collect(listener);
  const uri = await firstStderrLine(listener);
  const port = uri.split(':').pop();

  const out = await runCli([uri, '-v']);
  assert.equal(out.code, 0);
  const target = `127.0.0.1:${port}`;
  assert.deepEqual(stages(out.stderr), [
    `+Nms connecting to ${target}`,
    `+Nms handshake with ${target}`,
    `+Nms exchanging init with ${target}`,
    `+Nms confirming session with ${target}`,
  ]);

  const inbound = await listenerDone;
  assert.equal(inbound.code, 0);
  const logged = stages(inbound.stderr);
  assert.equal(logged[0], uri);
  assert.equal(logged[1], `+Nms waiting for a connection on ${uri}`);
  assert.match(logged[2]!, /^\+Nms handshake with 127\.0\.0\.1:\d+$/);
  assert.match(logged[3]!, /^\+Nms exchanging init with 127\.0\.0\.1:\d+$/);
});
