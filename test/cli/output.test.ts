import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMPLETION_INSTALL } from '../../src/cli/completion.js';
import { ROOT } from '../helpers/fixtures.js';
import { runMain } from '../helpers/main-io.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';

test('a reader that went away (EPIPE) ends the run quietly, with its own status', async () => {
  for (const [args, status] of [[[ID], 3], [['--help'], 0], [['02abcd'], 2]] as const) {
    const run = await runMain(args, { stdoutError: 'EPIPE' });
    assert.deepEqual([run.code, run.stderr], [status, ''], args.join(' '));
  }
});

test('any other output error is one line on stderr and exit status 6, never a peer status', async () => {
  const run = await runMain([ID], { stdoutError: 'ENOSPC' });
  assert.equal(run.code, 6);
  assert.equal(run.stderr, 'ln-connect: cannot write the output: ENOSPC: simulated failure, write\n');
});

test('--quiet writes nothing, so a full disk does not matter to it', async () => {
  const run = await runMain(['-q', ID], { stdoutError: 'ENOSPC' });
  assert.deepEqual([run.code, run.stderr], [3, '']);
});

test('main() writes only through its io: help, version, completions and errors included', async () => {
  const written: string[] = [];
  const original = { out: process.stdout.write, err: process.stderr.write };
  const spy = (stream: NodeJS.WriteStream, write: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      written.push(String(chunk));
      return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    } as typeof process.stdout.write;
  process.stdout.write = spy(process.stdout, original.out);
  process.stderr.write = spy(process.stderr, original.err);
  let runs;
  try {
    runs = await Promise.all([
      runMain(['--help']),
      runMain(['--version']),
      runMain(['completion', 'bash']),
      runMain(['--bogus']),
      runMain([ID]),
    ]);
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
  }
  assert.deepEqual(written.filter((chunk) => /ln-connect|network|-32602/.test(chunk)), []);
  const [help, version, completion, bogus, noAddress] = runs;
  assert.match(help!.stdout, /^ln-connect <id>\[@host\[:port\]\] \[options\]\nln-connect <id> <host> \[<port>\] \[options\]\n/);
  assert.match(version!.stdout, /^\d+\.\d+\.\d+\n$/);
  assert.equal(completion!.stdout, readFileSync(join(ROOT, 'completions', COMPLETION_INSTALL.bash.file), 'utf8'));
  assert.equal(JSON.parse(bogus!.stdout).message, 'unknown option --bogus');
  assert.equal(noAddress!.code, 3);
});

test('with --format nagios, a usage error the parser finds is UNKNOWN (3), as the Monitoring Plugins guidelines say', async () => {
  for (const args of [['--format', 'nagios', '--bogus'], ['--format=nagios', '--timeout', 'soon', ID], ['-f', 'json', '-f', 'nagios', '--netwrk', 'x']]) {
    const run = await runMain(args);
    assert.equal(run.code, 3, args.join(' '));
    assert.match(run.stdout, /^LN-CONNECT UNKNOWN - [^\n|]+\n$/, args.join(' '));
  }
  const json = await runMain(['--format', 'nagios', '-f', 'json', '--bogus']);
  assert.deepEqual([json.code, JSON.parse(json.stdout).code], [2, -32602]);
});
