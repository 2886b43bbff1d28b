import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { BIN, BIN_ENV, cliJson, collect, SHORT_USAGE } from '../helpers/cli.js';

/** Runs `command` in a pseudo-terminal of `columns` columns (util-linux script), as a person would. */
function inTerminal(columns: number, command: string) {
  const env: NodeJS.ProcessEnv = { ...BIN_ENV, TERM: 'xterm', NO_COLOR: '1' };
  delete env['CI'];
  return collect(spawn('script', ['-qec', `stty cols ${columns} rows 30; ${command}`, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

test('ln-connect with no arguments on a terminal: a short usage on stderr, the JSON error on stdout', async () => {
  const run = await inTerminal(80, `'${process.execPath}' '${BIN}' 2>&1 >/dev/null; '${process.execPath}' '${BIN}' 2>/dev/null`);
  const text = run.stdout.replace(/\r\n/g, '\n');
  assert.equal(
    text,
    SHORT_USAGE + cliJson({ code: -32602, message: 'missing required parameter: id' }),
  );
});

test('--help on a 100-column terminal uses its width; piped, 80 columns', async () => {
  const run = await inTerminal(100, `'${process.execPath}' '${BIN}' --help`);
  const lines = run.stdout.replace(/\r\n/g, '\n').split('\n');
  assert.ok(lines.some((line) => line.length > 80), 'some line uses the terminal beyond 80 columns');
  assert.deepEqual(lines.filter((line) => line.length > 100), []);
  const piped = await inTerminal(100, `'${process.execPath}' '${BIN}' --help | cat`);
  assert.deepEqual(piped.stdout.replace(/\r\n/g, '\n').split('\n').filter((line) => line.length > 80), []);
});
