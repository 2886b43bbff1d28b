import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { test } from 'node:test';
import { BIN, BIN_ENV, collect, firstStderrLine, keyFile, spawnCli } from '../helpers/cli.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';

test('a closed stdout (| true): the connection status, no stack trace, nothing on stderr', async () => {
  const listener = spawnCli(['--listen', '127.0.0.1:0', '--key-file', keyFile('21'.repeat(32))]);
  const listenerDone = collect(listener);
  const uri = await firstStderrLine(listener);
  const child = spawnCli([uri]);
  // The reader is gone before ln-connect writes a byte: its write fails with EPIPE.
  child.stdout!.destroy();
  const run = await collect(child);
  assert.deepEqual([run.code, run.stderr], [0, '']);
  assert.equal((await listenerDone).code, 0);

  const refused = spawnCli([ID]);
  refused.stdout!.destroy();
  const noAddress = await collect(refused);
  assert.deepEqual([noAddress.code, noAddress.stderr], [3, '']);
});

test('a full stdout (> /dev/full): one line on stderr, exit status 6', { skip: existsSync('/dev/full') ? false : 'no /dev/full' }, async () => {
  for (const args of [[ID], ['--help']]) {
    const full = openSync('/dev/full', 'w');
    try {
      const run = await collect(spawn(process.execPath, [BIN, ...args], { env: BIN_ENV, stdio: ['ignore', full, 'pipe'] }));
      assert.deepEqual([run.code, run.stderr], [6, 'ln-connect: cannot write the output: ENOSPC: no space left on device, write\n'], args.join(' '));
    } finally {
      closeSync(full);
    }
  }
});
