import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/fixtures.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

const npm = (args: readonly string[], cwd: string): string =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** What a user of the command or the library needs, and nothing else. */
const SHIPPED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^bin\/(ln-connect\.js|package\.json)$/,
  /^dist\/(ln-connect|launch)\.cjs$/,
  /^dist\/src\/(?!cli\/|launch\/).*\.(js|d\.ts)$/,
  /^man\/ln-connect\.1$/,
  /^completions\/(_ln-connect|ln-connect\.bash|ln-connect\.fish)$/,
  /^schema\/connect\.json$/,
];

// `npm test` has just built dist/, so packing skips the prepack build.
test('the packed tarball installs globally: a working ln-connect, and its man page', { timeout: 120_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ln-connect-pack-'));
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  assert.ok(packed);
  const files = packed.files.map((f) => f.path);
  assert.deepEqual(files.filter((f) => !SHIPPED.some((re) => re.test(f))), [], 'files a user does not need');
  for (const needed of ['LICENSE', 'bin/ln-connect.js', 'bin/package.json', 'dist/ln-connect.cjs', 'dist/launch.cjs', 'dist/src/index.js', 'dist/src/index.d.ts', 'man/ln-connect.1']) {
    assert.ok(files.includes(needed), `${needed} is not in the package`);
  }

  // Dependencies come from the npm cache that `npm ci` filled; the network only if it misses.
  const prefix = join(dir, 'prefix');
  npm(['install', '--global', '--prefix', prefix, '--prefer-offline', join(dir, packed.filename)], dir);
  const ln = join(prefix, 'bin', 'ln-connect');
  const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') };
  assert.equal(execFileSync(ln, ['--version'], { encoding: 'utf8', env }), `${pkg.version}\n`);
  assert.equal(readdirSync(join(dir, 'cache', 'ln-connect')).filter((f) => f.endsWith('.v8cache')).length, 1, 'the first run leaves a code cache');
  // From the cache now; chalk, an ES module outside the bundle, is found in the installed tree.
  assert.match(execFileSync(ln, ['--help'], { encoding: 'utf8', env }), /^ln-connect <id>\[@host\[:port\]\] \[options\]/);
  const colored = spawnSync(ln, ['--color', 'nonsense'], { encoding: 'utf8', env });
  assert.equal(colored.status, 2);
  assert.match(colored.stdout, /^\{\n   \x1b\[34m"code"\x1b\[39m: \x1b\[33m-32602\x1b\[39m,/);

  const man = spawnSync('man', ['-M', join(prefix, 'share', 'man'), '-w', 'ln-connect'], { encoding: 'utf8' });
  if (man.error) return t.skip('man is not installed (.ci/run installs man-db)');
  // npm links the page into <prefix>/share/man; man -w names the file the link points to.
  assert.equal(man.stdout.trim(), realpathSync(join(prefix, 'share', 'man', 'man1', 'ln-connect.1')));
});
