import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMPLETION_INSTALL, installCommand, SHELLS, type Shell } from '../../src/cli/completion.js';
import { OPTIONS } from '../../src/cli/options.js';
import { NETWORKS } from '../../src/network.js';
import { escape } from '../../scripts/man/roff.js';
import { BIN, BIN_ENV, runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

const COMPLETIONS = join(ROOT, 'completions');
const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';

const missing = (shell: Shell): string | false =>
  spawnSync(shell, ['-c', 'exit 0']).error ? `${shell} is not installed (.ci/run installs it)` : false;

function run(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): string {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', timeout: 20_000 });
  assert.equal(result.status, 0, `${command} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * A user's home where each script was installed by the very command the documents give, run by
 * sh with the real ln-connect on PATH. The shells then find the scripts where they look for them.
 */
const home = mkdtempSync(join(tmpdir(), 'ln-connect-home-'));
const realBin = mkdtempSync(join(tmpdir(), 'ln-connect-path-'));
symlinkSync(BIN, join(realBin, 'ln-connect'));
for (const shell of SHELLS) {
  mkdirSync(join(home, COMPLETION_INSTALL[shell].dir.replace(/^~\//, '')), { recursive: true });
  run('sh', ['-c', installCommand(shell)], { env: { ...BIN_ENV, HOME: home, PATH: `${realBin}:${process.env['PATH']}` } });
}
const installed = (shell: Shell): string => join(home, COMPLETION_INSTALL[shell].dir.replace(/^~\//, ''), COMPLETION_INSTALL[shell].file);

/**
 * While completing, `ln-connect` on PATH is a stand-in that leaves a mark if it runs: a TAB must
 * run no program. (fish only loads the completions of a command that exists.)
 */
const fakeBin = mkdtempSync(join(tmpdir(), 'ln-connect-fake-'));
const ranMark = join(fakeBin, 'ran');
writeFileSync(join(fakeBin, 'ln-connect'), `#!/bin/sh\necho "$@" >> '${ranMark}'\n`);
chmodSync(join(fakeBin, 'ln-connect'), 0o755);
const shellEnv: NodeJS.ProcessEnv = { PATH: `${fakeBin}:${process.env['PATH']}`, HOME: home, LANG: 'C.UTF-8', TERM: 'dumb' };

/** The directory the shells complete in: what a path option offers. */
const cwd = mkdtempSync(join(tmpdir(), 'ln-connect-cwd-'));
writeFileSync(join(cwd, 'graph.json'), '{}');
writeFileSync(join(cwd, 'key.hex'), '');
mkdirSync(join(cwd, 'sub'));

/** bash: what bash-completion does on TAB, minus the terminal: set COMP_WORDS, call the function. */
function completeInBash(words: readonly string[], prelude = 'source "$1"'): string[] {
  const script = [
    prelude,
    'shift',
    'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}',
    '_ln_connect',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const out = run('bash', ['--norc', '--noprofile', '-c', script, 'bash', installed('bash'), ...words], { env: shellEnv, cwd });
  return out.split('\n').filter(Boolean);
}

/** fish: `complete -C` asks for the candidates of a command line; each is `word<TAB>description`. fish loads the script itself. */
function completeInFish(line: string): string[] {
  const out = run('fish', ['-c', 'complete -C $argv[1]', line], { env: shellEnv, cwd });
  return out.split('\n').filter(Boolean).map((candidate) => candidate.split('\t')[0]!);
}

/** zsh: a real interactive zsh in a pseudo-terminal, ~/.zfunc on $fpath; zsh-complete.zsh says how. */
function completeInZsh(line: string): { candidates: string[]; buffer: string } {
  const log = join(mkdtempSync(join(tmpdir(), 'ln-connect-zsh-')), 'log');
  const fpathDir = join(home, COMPLETION_INSTALL.zsh.dir.replace(/^~\//, ''));
  run('zsh', ['-f', join(ROOT, 'test', 'docs', 'zsh-complete.zsh'), log, fpathDir, line], { env: shellEnv, cwd });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const buffer = lines.find((l) => l.startsWith('BUFFER='));
  assert.ok(buffer, `zsh did not finish completing: ${lines.join(' | ')}`);
  return { candidates: lines.filter((l) => !l.startsWith('BUFFER=')), buffer: buffer.slice('BUFFER='.length) };
}

const complete: Record<Shell, (line: string) => string[]> = {
  bash: (line) => completeInBash(line.split(' ')),
  zsh: (line) => completeInZsh(line).candidates,
  fish: completeInFish,
};

/** The long options, named independently of the generator: yargs' two, the table's, and --no-color. */
const LONG_OPTIONS = ['--help', '--version', ...OPTIONS.map((o) => `--${o.name}`), '--no-color'].sort();
const FILES = ['graph.json', 'key.hex', 'sub'];
/** The options the issue names as taking a path, those of them that exist. */
const PATH_OPTIONS = ['graph', 'key-file', 'input', 'output', 'listen'].filter((name) => OPTIONS.some((o) => o.name === name));
const FORMATS = OPTIONS.find((o) => o.name === 'format')?.choices ?? [];

test('the committed completion scripts are what the generator writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ln-connect-completions-'));
  execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'gen-completions.js'), dir]);
  assert.deepEqual(readdirSync(COMPLETIONS).sort(), readdirSync(dir).sort());
  for (const name of readdirSync(dir)) {
    assert.equal(readFileSync(join(COMPLETIONS, name), 'utf8'), readFileSync(join(dir, name), 'utf8'), `completions/${name} is stale: run npm run docs`);
  }
});

test('ln-connect completion SHELL prints the committed script; without SHELL, the one $SHELL names', async () => {
  for (const shell of SHELLS) {
    const committed = readFileSync(join(COMPLETIONS, COMPLETION_INSTALL[shell].file), 'utf8');
    const named = await runCli(['completion', shell]);
    assert.equal(named.stdout, committed);
    assert.equal(named.stderr, '');
    assert.equal(named.code, 0);
    const guessed = await runCli(['completion'], { SHELL: `/usr/bin/${shell}` });
    assert.equal(guessed.stdout, committed);
  }
});

test('ln-connect completion with an unknown shell is a usage error', async () => {
  const run = await runCli(['completion', 'tcsh']);
  assert.equal(run.code, 2);
  assert.equal(JSON.parse(run.stdout).code, -32602);
});

test('each install location is given once, the same in the README, the man page and the script itself', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const page = readFileSync(join(ROOT, 'man', 'ln-connect.1'), 'utf8');
  for (const shell of SHELLS) {
    const command = installCommand(shell);
    const readmeLines = readme.split('\n').filter((line) => line.includes(`ln-connect completion ${shell} `));
    assert.deepEqual(
      readmeLines.map((line) => line.replace(/\s+#.*$/, '')),
      [command],
      `README: ${shell}`,
    );
    assert.equal(page.split('\n').filter((line) => line.startsWith(escape(`ln-connect completion ${shell} `))).length, 1, `man page: ${shell}`);
    assert.ok(page.includes(`\n${escape(command)}\n`), `man page: ${shell}`);
    const script = readFileSync(installed(shell), 'utf8');
    assert.ok(script.includes(`\n#   ${command}\n`), `${shell} script header`);
  }
});

for (const shell of SHELLS) {
  test(`${shell} completes options, networks and paths from the script alone`, { skip: missing(shell) }, () => {
    const offers = complete[shell];
    assert.deepEqual(offers('ln-connect --net'), ['--network']);
    // No short alias (`-n`, and no `--n` either) among the long options.
    assert.deepEqual(offers('ln-connect --').sort(), LONG_OPTIONS);
    assert.deepEqual(offers('ln-connect --network ').sort(), [...NETWORKS].sort());
    assert.deepEqual(offers('ln-connect --format ').sort(), [...FORMATS].sort());
    assert.deepEqual(offers('ln-connect --no-c'), ['--no-color']);
    for (const name of PATH_OPTIONS) {
      // fish marks a directory with its slash.
      assert.deepEqual(offers(`ln-connect --${name} `).map((f) => f.replace(/\/$/, '')).sort(), FILES, `--${name}`);
    }
    assert.deepEqual(offers('ln-connect completion ').sort(), [...SHELLS].sort());
    assert.ok(!existsSync(ranMark), `a TAB ran ln-connect ${existsSync(ranMark) ? readFileSync(ranMark, 'utf8') : ''}`);
  });
}

test('bash: --option=value, and an option after the node id', { skip: missing('bash') }, () => {
  // bash splits `--network=te` into `--network`, `=`, `te` (COMP_WORDBREAKS).
  assert.deepEqual(completeInBash(['ln-connect', '--network', '=', 'te']), ['testnet', 'testnet4']);
  assert.deepEqual(completeInBash(['ln-connect', '--network', '=']), [...NETWORKS]);
  assert.deepEqual(completeInBash(['ln-connect', '02abc@127.0.0.1', '-n', 'test']), ['testnet', 'testnet4']);
  // A value nobody can guess is not completed with options or the command.
  assert.deepEqual(completeInBash(['ln-connect', '--host', '']), []);
  // The node id is not a command: after it, an empty word offers the options.
  assert.deepEqual(completeInBash(['ln-connect', '02abc@127.0.0.1', '']).sort(), LONG_OPTIONS);
});

test('zsh inserts the whole option name', { skip: missing('zsh') }, () => {
  assert.equal(completeInZsh('ln-connect --no-c').buffer, 'ln-connect --no-color ');
  assert.equal(completeInZsh('ln-connect --network=reg').buffer, 'ln-connect --network=regtest ');
});

test('bash-completion loads the installed script on the first TAB', { skip: existsSync(BASH_COMPLETION) ? false : 'bash-completion is not installed (.ci/run installs it)' }, () => {
  const prelude = `source ${BASH_COMPLETION}; __load_completion ln-connect || exit 3`;
  assert.deepEqual(completeInBash(['ln-connect', '--net'], prelude), ['--network']);
});
