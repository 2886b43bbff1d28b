import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMPLETION_FILES, SHELLS, type Shell } from '../../src/cli/completion.js';
import { NETWORKS } from '../../src/network.js';
import { BIN, BIN_ENV, runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

const COMPLETIONS = join(ROOT, 'completions');
const scriptFor = (shell: Shell): string => join(COMPLETIONS, COMPLETION_FILES[shell]);

/** `ln-connect` on PATH is the project's bin, as after an install; each TAB runs it. */
const binDir = mkdtempSync(join(tmpdir(), 'ln-connect-path-'));
symlinkSync(BIN, join(binDir, 'ln-connect'));

/**
 * Each shell runs with $SHELL naming another shell: yargs formats candidates by $SHELL, and the
 * scripts must not depend on the login shell being the one in use.
 */
function shellEnv(other: Shell): NodeJS.ProcessEnv {
  return { ...BIN_ENV, PATH: `${binDir}:${process.env['PATH']}`, SHELL: `/bin/${other}` };
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 20_000 });
  assert.equal(result.status, 0, `${command} failed: ${result.stderr}`);
  return result.stdout;
}

const missing = (shell: Shell): string | false =>
  spawnSync(shell, ['-c', 'exit 0']).error ? `${shell} is not installed (.ci/run installs it)` : false;

/** bash: what bash-completion does on TAB, minus the terminal: set COMP_WORDS, call the function. */
function completeInBash(words: readonly string[]): string[] {
  const script = [
    'source "$1"; shift',
    'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}',
    '_ln-connect_yargs_completions',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const out = run('bash', ['--norc', '--noprofile', '-c', script, 'bash', scriptFor('bash'), ...words], shellEnv('zsh'));
  return out.split('\n').filter(Boolean);
}

/** fish: `complete -C` asks for the candidates of a command line; each is `word<TAB>description`. */
function completeInFish(line: string): string[] {
  const out = run('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', scriptFor('fish'), line], shellEnv('bash'));
  return out.split('\n').filter(Boolean).map((candidate) => candidate.split('\t')[0]!);
}

/** zsh: a real interactive zsh in a pseudo-terminal; zsh-complete.zsh says how. */
function completeInZsh(line: string): { candidates: string[]; buffer: string } {
  const log = join(mkdtempSync(join(tmpdir(), 'ln-connect-zsh-')), 'log');
  run('zsh', ['-f', join(ROOT, 'test', 'docs', 'zsh-complete.zsh'), log, COMPLETIONS, line], shellEnv('fish'));
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const buffer = lines.find((l) => l.startsWith('BUFFER='));
  assert.ok(buffer, `zsh did not finish completing: ${lines.join(' | ')}`);
  return { candidates: lines.filter((l) => !l.startsWith('BUFFER=')), buffer: buffer.slice('BUFFER='.length) };
}

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
    const committed = readFileSync(scriptFor(shell), 'utf8');
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

test('bash completes --net to --network, and --network to the networks', { skip: missing('bash') }, () => {
  assert.deepEqual(completeInBash(['ln-connect', '--net']), ['--network']);
  assert.deepEqual(completeInBash(['ln-connect', '--network', '']), [...NETWORKS]);
  assert.deepEqual(completeInBash(['ln-connect', '02abc@127.0.0.1', '-n', 'test']), ['testnet', 'testnet4']);
});

test('zsh completes --net to --network, and --network to the networks', { skip: missing('zsh') }, () => {
  assert.deepEqual(completeInZsh('ln-connect --net'), { candidates: ['--network'], buffer: 'ln-connect --network ' });
  assert.deepEqual(completeInZsh('ln-connect --network ').candidates, [...NETWORKS]);
});

test('fish completes --net to --network, and --network to the networks', { skip: missing('fish') }, () => {
  assert.deepEqual(completeInFish('ln-connect --net'), ['--network']);
  // fish sorts the candidates itself.
  assert.deepEqual(completeInFish('ln-connect --network '), [...NETWORKS].sort());
});
