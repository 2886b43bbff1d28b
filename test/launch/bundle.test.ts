import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

/**
 * Runs the binary with a preload that records every path given to node:fs's reading functions
 * (yargs reads through them) and, at exit, whether node:assert was loaded.
 */
function watchedRun(args: readonly string[]): { status: number | null; read: string[]; assertLoaded: boolean; xdg: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ln-connect-watch-'));
  const preload = join(dir, 'watch.cjs');
  writeFileSync(
    preload,
    `const fs = require('node:fs');
    const read = [];
    for (const name of ['readFileSync', 'readdirSync', 'openSync', 'statSync', 'existsSync']) {
      const real = fs[name];
      fs[name] = function (path, ...rest) { read.push(String(path)); return real.call(this, path, ...rest); };
    }
    process.on('exit', () => fs.writeSync(3, JSON.stringify({ read, assertLoaded: process.moduleLoadList.includes('NativeModule assert') })));`,
  );
  const xdg = join(dir, 'xdg');
  const run = spawnSync(process.execPath, ['-r', preload, BIN, ...args], {
    cwd: dir,
    env: { ...process.env, XDG_CACHE_HOME: xdg },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  return { status: run.status, xdg, ...(JSON.parse(String(run.output[3])) as { read: string[]; assertLoaded: boolean }) };
}

for (const [what, args, status] of [
  ['--version', ['--version'], 0],
  ['a refused connection', ['028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7@127.0.0.1:1'], 1],
] as const) {
  test(`the bundle, on ${what}: yargs reads no file (no package.json, not the working directory), node:assert is not loaded`, () => {
    const run = watchedRun(args);
    assert.equal(run.status, status);
    assert.ok(run.read.some((path) => path.endsWith('ln-connect.cjs')), 'the preload saw nothing');
    const ours = [join(ROOT, 'bin'), join(ROOT, 'dist'), run.xdg];
    assert.deepEqual(run.read.filter((path) => !ours.some((dir) => path.startsWith(`${dir}/`) || path === dir)), []);
    assert.equal(run.assertLoaded, false);
  });
}
