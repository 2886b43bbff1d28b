import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE_PARAMETERS, nodeCacheDir } from '../../src/launch/compile-cache.js';

const LAUNCH = new URL('../../src/launch/launch.js', import.meta.url).href;
/** Node 22.1 and later have a compile cache of their own; Node 20 does not. */
const NODE_HAS_CACHE = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/**
 * A bundle with the CLI's two exports: main() resolves to the number in argv[0] and makes a
 * session when argv[1] is `session`; it also loads a CommonJS file beside it, outside the bundle,
 * as the CLI loads chalk and ora.
 */
function fakeBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ln-connect-launch-'));
  writeFileSync(join(dir, 'outside.cjs'), 'module.exports = (n) => n + 1;\n');
  const code = `let made = false;
    exports.main = async (argv) => { made = argv[1] === 'session'; return require('./outside.cjs')(Number(argv[0]) - 1); };
    exports.sessionMade = () => made;`;
  writeFileSync(join(dir, 'bundle.cjs'), `(function (${BUNDLE_PARAMETERS.join(', ')}) {${code}\n})`);
  return join(dir, 'bundle.cjs');
}

/** launch() in a fresh process, as the bin runs it: its status, and Node's compile cache directory then. */
function launchInChild(bundle: string, argv: readonly string[], env: NodeJS.ProcessEnv): { status: number; nodeCache: string | null } {
  const script = `import { launch } from ${JSON.stringify(LAUNCH)};
    import * as nodeModule from 'node:module';
    const status = await launch(${JSON.stringify(bundle)}, ${JSON.stringify(argv)}, ${JSON.stringify(env)});
    console.log(JSON.stringify({ status, nodeCache: nodeModule.getCompileCacheDir?.() ?? null }));`;
  // Node's own cache variables would decide for it, whatever launch() does.
  const childEnv = { ...process.env };
  delete childEnv['NODE_COMPILE_CACHE'];
  delete childEnv['NODE_DISABLE_COMPILE_CACHE'];
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: childEnv, timeout: 20_000 })) as { status: number; nodeCache: string | null };
}

const cacheFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.v8cache')).map((name) => name.replace(/^[0-9a-f]{32}/, 'KEY'));

test("launch: main's status comes back; the code cache is complete only after a run that made a session", () => {
  const bundle = fakeBundle();
  const xdg = mkdtempSync(join(tmpdir(), 'ln-connect-xdg-'));
  assert.equal(launchInChild(bundle, ['3'], { XDG_CACHE_HOME: xdg }).status, 3);
  assert.deepEqual(cacheFiles(join(xdg, 'ln-connect')), ['KEY.partial.v8cache']);
  assert.equal(launchInChild(bundle, ['0', 'session'], { XDG_CACHE_HOME: xdg }).status, 0);
  assert.deepEqual(cacheFiles(join(xdg, 'ln-connect')), ['KEY.v8cache']);
});

test(`Node's own compile cache ${NODE_HAS_CACHE ? 'holds what loads outside the bundle, in the directory for this Node build' : 'is not there on this Node: nothing is made for it'}`, () => {
  const xdg = mkdtempSync(join(tmpdir(), 'ln-connect-xdg-'));
  const cacheDir = join(xdg, 'ln-connect');
  const { nodeCache } = launchInChild(fakeBundle(), ['0'], { XDG_CACHE_HOME: xdg });
  if (!NODE_HAS_CACHE) {
    assert.equal(nodeCache, null);
    assert.equal(existsSync(nodeCacheDir(cacheDir)), false);
    return;
  }
  // Node names a directory for its build inside, on some versions in what it reports too.
  const dir = nodeCacheDir(cacheDir);
  assert.ok(nodeCache === dir || nodeCache?.startsWith(`${dir}/`), `${nodeCache} is not in ${dir}`);
  // Node writes its cache as the process exits: one entry, for outside.cjs.
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  assert.equal(entries.length, 1);
});

test('NODE_DISABLE_COMPILE_CACHE turns both caches off: no directory is made', () => {
  const xdg = mkdtempSync(join(tmpdir(), 'ln-connect-xdg-'));
  const { status, nodeCache } = launchInChild(fakeBundle(), ['4', 'session'], { XDG_CACHE_HOME: xdg, NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.equal(status, 4);
  assert.equal(nodeCache, null);
  assert.deepEqual(readdirSync(xdg), []);
});

test('a bundle that cannot be loaded is an internal error: exit 5, and the reason on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ln-connect-launch-'));
  const script = `import { launch } from ${JSON.stringify(LAUNCH)};
    process.exitCode = await launch(${JSON.stringify(join(dir, 'missing.cjs'))}, [], {});`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.status, 5);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^ln-connect: internal error: cannot load \/.*missing\.cjs: ENOENT: no such file or directory/);
});
