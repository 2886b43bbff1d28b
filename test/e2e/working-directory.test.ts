import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, BIN_ENV } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

// yargs, bundled, used to look for package.json from the working directory on every run (see
// scripts/bundle.ts): reading a FIFO of that name blocked forever.
test('the working directory is never read: a FIFO named package.json there does not block a run', (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'ln-connect-cwd-'));
  const fifo = spawnSync('mkfifo', [join(cwd, 'package.json')]);
  if (fifo.error || fifo.status !== 0) return t.skip('mkfifo is not available');
  const run = spawnSync(process.execPath, [BIN, '--version'], { cwd, env: BIN_ENV, encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.signal, null, 'ln-connect was killed: it blocked on the FIFO');
  assert.equal(run.status, 0);
  assert.equal(run.stdout, `${version}\n`);
});
