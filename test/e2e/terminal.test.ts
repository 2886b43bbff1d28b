import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, BIN_ENV, cliJson, collect, firstStderrLine, keyFile, spawnCli } from '../helpers/cli.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';

/**
 * util-linux `script` gives the command a pseudo-terminal. stdout is redirected to a file inside
 * it, so stderr alone is the terminal: the spinner must appear there, and stdout stay clean JSON.
 */
test('on a terminal the spinner goes to stderr and stdout is still clean JSON', async () => {
  const peer = spawnCli(['--listen', '127.0.0.1:0', '--key-file', keyFile('21'.repeat(32))]);
  const peerDone = collect(peer);
  const uri = await firstStderrLine(peer);
  const out = join(mkdtempSync(join(tmpdir(), 'ln-connect-tty-')), 'stdout.json');
  const env: NodeJS.ProcessEnv = { ...BIN_ENV, TERM: 'xterm' };
  delete env['CI'];
  delete env['NO_COLOR'];
  const terminal = await collect(spawn('script', ['-qec', `stty cols 100 rows 30; '${process.execPath}' '${BIN}' '${uri}' > '${out}'`, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.equal(terminal.code, 0, terminal.stdout + terminal.stderr);
  assert.match(terminal.stdout, /(Connecting to|Handshake with|Exchanging init with|Confirming session with) 127\.0\.0\.1:\d+/);
  const port = Number(uri.split(':').pop());
  assert.equal(readFileSync(out, 'utf8'), cliJson({ id: ID, features: '20000002a282', direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port } }));
  await peerDone;
});

test('JSON on a terminal is coloured, unless NO_COLOR is set', async () => {
  const run = (env: NodeJS.ProcessEnv) => {
    const full: NodeJS.ProcessEnv = { ...BIN_ENV, TERM: 'xterm', ...env };
    delete full['CI'];
    if (env['NO_COLOR'] === undefined) delete full['NO_COLOR'];
    return collect(spawn('script', ['-qec', `'${process.execPath}' '${BIN}' '${ID}' 2>/dev/null`, '/dev/null'], { env: full, stdio: ['ignore', 'pipe', 'pipe'] }));
  };
  const colored = await run({});
  assert.match(colored.stdout, /\x1b\[\d+m"code"/);
  const plain = await run({ NO_COLOR: '1' });
  assert.doesNotMatch(plain.stdout, /\x1b\[/);
  assert.match(plain.stdout, /"code": 400/);
});

test('a terminal of width 0 gets no spinner rather than a runaway one', async () => {
  const env: NodeJS.ProcessEnv = { ...BIN_ENV, TERM: 'xterm' };
  delete env['CI'];
  const run = await collect(spawn('script', ['-qec', `stty cols 0 rows 0; '${process.execPath}' '${BIN}' '${ID}@127.0.0.1:1' >/dev/null`, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
});
