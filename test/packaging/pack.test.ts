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
  /^completions\/(_ln-connect|ln-connect|ln-connect\.fish)$/,
  /^schema\/connect\.json$/,
];

/** The README's install commands, from its Install section: how to install from a clone today. */
function readmeInstall(): { pack: string; install: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Install\n'), readme.indexOf('\n## ', readme.indexOf('## Install\n') + 1));
  const commands = [...section.matchAll(/^```sh\n([\s\S]*?)```$/gm)].flatMap((m) => m[1]!.split('\n')).map((line) => line.replace(/\s+#.*$/, ''));
  const pack = commands.find((line) => line.includes('npm pack'));
  const install = commands.find((line) => line.startsWith('npm install -g '));
  assert.ok(pack && install, "the README's Install section no longer packs and installs");
  return { pack, install };
}

test("the README installs today's version, from a clone, and names the registry command as future", () => {
  const { pack, install } = readmeInstall();
  assert.equal(pack, 'npm ci && npm pack');
  assert.equal(install, `npm install -g ./ln-connect-${pkg.version}.tgz`);
  assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /Once it is published on the registry, `npm install -g ln-connect` will do\./);
});

// `npm test` has just built dist/, so packing skips the prepack build.
test("the README's install command installs the packed tarball: a working ln-connect, and its man page", { timeout: 120_000 }, (t) => {
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

  // The README's command, word for word, in the directory the tarball is in, as after its `npm pack`,
  // into a prefix of our own, as the README suggests for an install without root. Dependencies
  // come from the npm cache that `npm ci` filled; the network only if it misses.
  const [command, ...args] = readmeInstall().install.split(' ');
  assert.equal(command, 'npm');
  assert.equal(args.at(-1), `./${packed.filename}`);
  const prefix = join(dir, 'prefix');
  npm([...args, '--prefix', prefix, '--prefer-offline'], dir);
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
