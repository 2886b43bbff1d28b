import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LIST_EXIT_STATUS } from '../../src/batch/exit-status.js';
import { CRON_LIST } from '../../src/cli/batch.js';
import { chainHashBytes } from '../../src/network.js';
import { BIN, BIN_ENV, collect, runCli } from '../helpers/cli.js';
import { PEER_ID } from '../helpers/fake-peer.js';
import { ROOT } from '../helpers/fixtures.js';
import { refusingPort } from '../helpers/ports.js';
import { startResponder, upPeer } from './responder.js';

test("the README's crontab line for a list works as written: silent when all are up, the lines of those down otherwise", async (t) => {
  assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(CRON_LIST), 'the README shows the line');
  const [minute, hour, day, month, weekday, ...command] = CRON_LIST.split(' ');
  assert.deepEqual([minute, hour, day, month, weekday], ['*/5', '*', '*', '*', '*']);
  // As cron runs it: /bin/sh -c, HOME set, ln-connect on PATH, a mainnet peer (the line names no network).
  const peer = await startResponder({ script: upPeer({ networks: [chainHashBytes('mainnet')] }) });
  try {
    const home = mkdtempSync(join(tmpdir(), 'ln-connect-home-'));
    const bin = mkdtempSync(join(tmpdir(), 'ln-connect-path-'));
    symlinkSync(BIN, join(bin, 'ln-connect'));
    // Asynchronously: the peer runs in this process.
    const cron = async () => {
      const env = { ...BIN_ENV, HOME: home, PATH: `${bin}:${process.env['PATH']}` };
      const { code, stdout, stderr } = await collect(spawn('/bin/sh', ['-c', command.join(' ')], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
      return { code, stdout, stderr };
    };

    writeFileSync(join(home, 'peers.txt'), `# my peers\n${peer.uri()}\n`);
    assert.deepEqual(await cron(), { code: 0, stdout: '', stderr: '' }, 'nothing to mail');

    const refused = `${PEER_ID}@127.0.0.1:${await refusingPort(t)}`;
    writeFileSync(join(home, 'peers.txt'), `${peer.uri()}\n${refused}\n`);
    const down = await cron();
    assert.equal(down.stderr, '');
    assert.equal(down.stdout.split('\n').length, 2, 'one line to mail');
    assert.equal(JSON.parse(down.stdout).target, refused);
    assert.equal(readFileSync(join(home, 'peers.jsonl'), 'utf8').split('\n').length, 3, 'every line is kept in the file');
  } finally {
    await peer.close();
  }
});

test('--help and the man page give the exit statuses of a list', async () => {
  const help = await runCli(['--help']);
  const page = readFileSync(join(ROOT, 'man', 'ln-connect.1'), 'utf8');
  for (const row of LIST_EXIT_STATUS) {
    assert.match(help.stdout, new RegExp(`\\n  ${row.exit} +${row.meaning.split(' ').slice(0, 3).join(' ')}`), `--help: ${row.meaning}`);
    assert.ok(page.includes(`.TP\n\\fB${row.exit}\\fR\n${row.meaning}.`), `man page: ${row.meaning}`);
  }
});
