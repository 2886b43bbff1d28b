import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeCacheDir } from '../../src/launch/compile-cache.js';
import { collect, firstStderrLine, runCli, spawnCli } from '../helpers/cli.js';

/** The code cache files ln-connect left in `home`/ln-connect, with the hash part masked. */
function caches(home: string): string[] {
  return readdirSync(join(home, 'ln-connect'))
    .filter((name) => name.endsWith('.v8cache'))
    .map((name) => name.replace(/^[0-9a-f]{32}/, 'KEY'));
}

const REFUSED = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7@127.0.0.1:1';

test('the binary: --version leaves a partial code cache, a run that makes a session replaces it, output the same each time', async () => {
  const home = mkdtempSync(join(tmpdir(), 'ln-connect-xdg-'));
  const env = { XDG_CACHE_HOME: home };

  const version = await runCli(['--version'], env);
  assert.equal(version.code, 0);
  assert.deepEqual(caches(home), ['KEY.partial.v8cache']);

  const refused = await runCli([REFUSED], env);
  assert.equal(refused.code, 1, refused.stdout);
  assert.deepEqual(caches(home), ['KEY.partial.v8cache'], 'a refused connection made no session');

  for (let run = 0; run < 2; run++) {
    const listener = spawnCli(['--listen', '127.0.0.1:0'], env);
    const done = collect(listener);
    const uri = await firstStderrLine(listener);
    const out = await runCli([uri], env);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(JSON.parse(out.stdout).id, uri.split('@')[0]);
    assert.equal((await done).code, 0);
    assert.deepEqual(caches(home), ['KEY.v8cache']);
  }
  assert.equal((await runCli(['--version'], env)).stdout, version.stdout);
});

const NODE_HAS_CACHE = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

test(`the binary: chalk, loaded for colour from outside the bundle, ${NODE_HAS_CACHE ? "goes into Node's own compile cache" : 'has no Node compile cache on this Node'}; the output is the same`, async () => {
  const home = mkdtempSync(join(tmpdir(), 'ln-connect-xdg-'));
  const nodeCache = nodeCacheDir(join(home, 'ln-connect'));
  const first = await runCli([REFUSED, '--color'], { XDG_CACHE_HOME: home });
  assert.equal(first.code, 1);
  assert.match(first.stdout, /\x1b\[\d+m"code"/);
  if (!NODE_HAS_CACHE) {
    assert.equal(existsSync(nodeCache), false);
    return;
  }
  const cached = (): number => readdirSync(nodeCache, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
  assert.ok(cached() > 0, 'no compiled module in the cache');
  const second = await runCli([REFUSED, '--color'], { XDG_CACHE_HOME: home });
  assert.deepEqual([second.code, second.stdout], [first.code, first.stdout]);
});
