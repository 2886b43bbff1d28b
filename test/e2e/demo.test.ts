import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN_ENV, collect } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { assertValidResponse } from '../helpers/schema.js';

test('the README demo prints two schema-valid results, one out and one in', async () => {
  const run = await collect(spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'demo.js')], { env: BIN_ENV, stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const results = [...run.stdout.matchAll(/^\{\n[\s\S]*?^\}$/gm)].map((m) => JSON.parse(m[0]));
  assert.equal(results.length, 2);
  results.forEach(assertValidResponse);
  assert.deepEqual(results.map((r) => r.direction), ['out', 'in']);
});
