import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
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

/** The README's line in a fenced block that starts with `start`, as written there. */
function readmeLine(start: string): string {
  const line = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').find((l) => l.trimStart().startsWith(start));
  assert.ok(line, `the README shows a line starting ${start}`);
  return line.trim();
}

test("the README's textfile-collector line works as written: an atomic file that promtool accepts", async () => {
  const line = readmeLine('*/5 * * * * ln-connect --input /etc/ln-connect/peers.txt --format prometheus');
  const peer = await startResponder({ script: upPeer({ networks: [chainHashBytes('mainnet')] }) });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'ln-connect-textfile-'));
    writeFileSync(join(dir, 'peers.txt'), `${peer.uri()}\n`);
    const command = line.split(' ').slice(5).join(' ').replace('/etc/ln-connect/peers.txt', join(dir, 'peers.txt')).replace('/var/lib/node_exporter/textfile/', `${dir}/`);
    const run = await collect(spawn('/bin/sh', ['-c', command.replace(/^ln-connect /, `${process.execPath} ${BIN} `)], { env: BIN_ENV, stdio: ['ignore', 'pipe', 'pipe'] }));
    assert.deepEqual([run.code, run.stdout, run.stderr], [0, '', '']);
    const text = readFileSync(join(dir, 'ln_connect.prom'), 'utf8');
    assert.match(text, new RegExp(`^ln_connect_up\\{id="${PEER_ID}",address="127\\.0\\.0\\.1:\\d+",target="${peer.uri().replace(/\./g, '\\.')}"\\} 1$`, 'm'));
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    if (!promtool.error) assert.deepEqual([promtool.status, promtool.stdout + promtool.stderr], [0, '']);
  } finally {
    await peer.close();
  }
});

test("the README's Nagios command works as written, macros filled in as Nagios would", async (t) => {
  const line = readmeLine('command_line');
  const peer = await startResponder({ script: upPeer({ networks: [chainHashBytes('mainnet')] }) });
  try {
    const [id, address] = peer.uri().split('@') as [string, string];
    const [host, port] = address.split(':') as [string, string];
    // $HOSTADDRESS$ carries no port: this peer's goes in $ARG1$'s place as id@host:port would.
    const command = line.replace(/^command_line\s+/, '').replace('/usr/local/bin/ln-connect', `${process.execPath} ${BIN}`).replace('$ARG1$@$HOSTADDRESS$', `${id}@${host}:${port}`);
    const up = await collect(spawn('/bin/sh', ['-c', command], { env: BIN_ENV, stdio: ['ignore', 'pipe', 'pipe'] }));
    assert.equal(up.stderr, '');
    assert.match(up.stdout, new RegExp(`^LN-CONNECT (OK|WARNING|CRITICAL) - ${id}@127\\.0\\.0\\.1:${port} connected in \\d+\\.\\d{3}s \\| time=\\d+\\.\\d{3}s;0\\.5;2;0;\\n$`));
    const down = await collect(spawn('/bin/sh', ['-c', command.replace(`:${port}`, `:${await refusingPort(t)}`)], { env: BIN_ENV, stdio: ['ignore', 'pipe', 'pipe'] }));
    assert.equal(down.code, 2);
    assert.match(down.stdout, /^LN-CONNECT CRITICAL - /);
  } finally {
    await peer.close();
  }
});
