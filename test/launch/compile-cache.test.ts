import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE_PARAMETERS, compileCacheDir, loadBundle, nodeCacheDir } from '../../src/launch/compile-cache.js';

/** A bundle as scripts/bundle.ts writes one, using every parameter, in a fresh directory. */
function bundleFile(body = ''): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ln-connect-bundle-')), 'bundle.cjs');
  const code = `'use strict';\nconst { sep } = require('node:path');\nmodule.exports = { sep, file: __filename, dir: __dirname, twice: (n) => 2 * n };\n${body}`;
  writeFileSync(file, `(function (${BUNDLE_PARAMETERS.join(', ')}) {${code}\n})`);
  return file;
}

const cacheFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

const MODULE = new URL('../../src/launch/compile-cache.js', import.meta.url).href;

/**
 * Loads, calls twice(21) and saves, in a fresh process as every run of the CLI is: within one
 * process V8 reuses what it compiled before and never looks at the cache. `complete`: whether the
 * run stands for one that made a session.
 */
function loadInChild(file: string, cache: string, complete = true): { cache: string; twice: number } {
  const script = `import { loadBundle } from ${JSON.stringify(MODULE)};
    const load = loadBundle(${JSON.stringify(file)}, ${JSON.stringify(cache)});
    const twice = load.exports.twice(21);
    load.saveCache(${complete});
    console.log(JSON.stringify({ cache: load.cache, twice }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 })) as { cache: string; twice: number };
}

test('compileCacheDir: $XDG_CACHE_HOME when absolute, else ~/.cache; none without a home or when Node caching is disabled', () => {
  assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/var/cache/u', HOME: '/home/u' }), '/var/cache/u/ln-connect');
  assert.equal(compileCacheDir({ XDG_CACHE_HOME: 'relative/dir', HOME: '/home/u' }), '/home/u/.cache/ln-connect');
  assert.equal(compileCacheDir({ HOME: '/home/u' }), '/home/u/.cache/ln-connect');
  assert.equal(compileCacheDir({}), undefined);
  assert.equal(compileCacheDir({ HOME: '/home/u', NODE_DISABLE_COMPILE_CACHE: '1' }), undefined);
});

test('the first run compiles and saves a cache (mode 600, in a mode 700 directory); the next run uses it', () => {
  const file = bundleFile();
  const cache = join(mkdtempSync(join(tmpdir(), 'ln-connect-cache-')), 'ln-connect');
  assert.deepEqual(loadInChild(file, cache), { cache: 'absent', twice: 42 });
  const [saved] = cacheFiles(cache);
  assert.ok(saved);
  assert.equal(statSync(join(cache, saved)).mode & 0o777, 0o600);
  assert.equal(statSync(cache).mode & 0o777, 0o700);
  assert.equal(loadBundle(file, cache).cacheDir, cache);

  const { mtimeMs } = statSync(join(cache, saved));
  assert.deepEqual(loadInChild(file, cache), { cache: 'accepted', twice: 42 });
  assert.deepEqual(cacheFiles(cache), [saved]);
  assert.equal(statSync(join(cache, saved)).mtimeMs, mtimeMs, 'an accepted cache is not rewritten');
});

test('a cache from a run without a session is partial: kept by such runs, replaced by the first run with one', () => {
  const file = bundleFile();
  const cache = mkdtempSync(join(tmpdir(), 'ln-connect-cache-'));
  assert.deepEqual(loadInChild(file, cache, false), { cache: 'absent', twice: 42 });
  const [partial] = cacheFiles(cache);
  assert.match(partial ?? '', /^[0-9a-f]{32}\.partial\.v8cache$/);
  const { mtimeMs } = statSync(join(cache, partial!));

  assert.deepEqual(loadInChild(file, cache, false), { cache: 'partial', twice: 42 });
  assert.equal(statSync(join(cache, partial!)).mtimeMs, mtimeMs, 'a partial run does not rewrite a partial cache');

  assert.deepEqual(loadInChild(file, cache, true), { cache: 'partial', twice: 42 });
  assert.deepEqual(cacheFiles(cache), [partial!.replace('.partial', '')], 'the complete cache replaces the partial one');

  assert.deepEqual(loadInChild(file, cache, false), { cache: 'accepted', twice: 42 });
  assert.deepEqual(cacheFiles(cache), [partial!.replace('.partial', '')], 'a partial run leaves a complete cache alone');
});

test('the bundle gets module, exports, require, __filename and __dirname as Node gives them', () => {
  const file = bundleFile();
  const load = loadBundle(file, undefined);
  assert.equal(load.cache, 'off');
  assert.equal(load.cacheDir, undefined);
  const { sep, file: filename, dir } = load.exports as { sep: string; file: string; dir: string };
  assert.deepEqual([sep, filename, dir], ['/', file, join(file, '..')]);
});

test('a damaged cache is rejected, the bundle still runs, and the cache is written again', () => {
  const file = bundleFile();
  const cache = mkdtempSync(join(tmpdir(), 'ln-connect-cache-'));
  loadInChild(file, cache);
  const [saved] = cacheFiles(cache);
  assert.ok(saved);
  writeFileSync(join(cache, saved), Buffer.alloc(1000, 0x5a));
  assert.deepEqual(loadInChild(file, cache), { cache: 'rejected', twice: 42 });
  assert.deepEqual(loadInChild(file, cache), { cache: 'accepted', twice: 42 });
});

test('a changed bundle of the same length gets its own cache, and the old one is removed when it is saved', () => {
  const cache = mkdtempSync(join(tmpdir(), 'ln-connect-cache-'));
  const file = bundleFile('module.exports.twice = (n) => 2 * n;');
  loadInChild(file, cache);
  const [old] = cacheFiles(cache);

  // Same length, other code: V8 alone would accept the old cache, as it checks only the length.
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, original.replace('(n) => 2 * n;', '(n) => 3 * n;'));
  assert.equal(readFileSync(file, 'utf8').length, original.length);
  assert.deepEqual(loadInChild(file, cache), { cache: 'absent', twice: 63 });
  const now = cacheFiles(cache);
  assert.equal(now.length, 1);
  assert.notEqual(now[0], old);
});

test('a cache directory that others may write to is neither read nor written', () => {
  const file = bundleFile();
  const cache = mkdtempSync(join(tmpdir(), 'ln-connect-cache-'));
  chmodSync(cache, 0o777);
  assert.deepEqual(loadInChild(file, cache), { cache: 'off', twice: 42 });
  assert.deepEqual(cacheFiles(cache), []);
  assert.equal(loadBundle(file, cache).cacheDir, undefined, 'nor given to Node for its own cache');
});

test('saving a cache removes the Node compile caches of other Node builds, and keeps this one', () => {
  const cache = mkdtempSync(join(tmpdir(), 'ln-connect-cache-'));
  const current = nodeCacheDir(cache);
  const other = join(cache, 'node-v0.0.1-x64');
  for (const dir of [current, other]) {
    mkdirSync(join(dir, 'v-hash'), { recursive: true });
    writeFileSync(join(dir, 'v-hash', 'entry'), 'compiled');
  }
  assert.match(current, /[/]node-v\d+\.\d+\.\d+-[a-z0-9]+$/);
  loadInChild(bundleFile(), cache);
  assert.deepEqual(readdirSync(cache).filter((name) => !name.endsWith('.v8cache')), [current.slice(cache.length + 1)]);
  assert.deepEqual(readdirSync(join(current, 'v-hash')), ['entry']);
});

test('an unusable cache location (a file where the directory should be) only turns the cache off', () => {
  const parent = mkdtempSync(join(tmpdir(), 'ln-connect-cache-'));
  writeFileSync(join(parent, 'ln-connect'), 'not a directory');
  assert.deepEqual(loadInChild(bundleFile(), join(parent, 'ln-connect')), { cache: 'off', twice: 42 });
});

test('a cache directory that cannot be made turns the cache off, and never hangs (mkdir under /proc says ENOENT)', { skip: !existsSync('/proc/self') && 'no /proc' }, () => {
  assert.deepEqual(loadInChild(bundleFile(), '/proc/.cache/ln-connect'), { cache: 'off', twice: 42 });
});

test('a missing parent directory (~/.cache on a fresh account) is made too, mode 700', () => {
  const home = mkdtempSync(join(tmpdir(), 'ln-connect-home-'));
  assert.deepEqual(loadInChild(bundleFile(), join(home, '.cache', 'ln-connect')), { cache: 'absent', twice: 42 });
  assert.equal(statSync(join(home, '.cache')).mode & 0o777, 0o700);
  assert.equal(cacheFiles(join(home, '.cache', 'ln-connect')).length, 1);
});

test('saving never throws: a cache directory removed during the run leaves the run as it was', () => {
  const cache = mkdtempSync(join(tmpdir(), 'ln-connect-cache-'));
  const load = loadBundle(bundleFile(), cache);
  rmSync(cache, { recursive: true });
  assert.doesNotThrow(() => load.saveCache(true));
  assert.equal(existsSync(cache), false);
});
