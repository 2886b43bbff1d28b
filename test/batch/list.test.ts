import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, BIN_ENV, cliJson, collect, runCli } from '../helpers/cli.js';
import { PEER_ID } from '../helpers/fake-peer.js';
import { refusingPort } from '../helpers/ports.js';
import { assertValidError, assertValidListLine, assertValidResponse } from '../helpers/schema.js';
import { idOf, startResponder, upPeer, type Responder } from './responder.js';

const OTHER_ID = '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa';
const SECOND_SECRET = new Uint8Array(32).fill(0x22);
const SECOND_ID = idOf(SECOND_SECRET);
/** What ln-connect says of a port that accepts and stays silent. */
const NOTHING_BACK = 'the port accepted the connection but sent nothing back: probably not a Lightning node';
/** What it says of a malformed line that starts with `letter`. */
const NOT_HEX = (letter: string): string => `a node id is 66 hex digits (33 bytes) starting 02 or 03; '${letter}' at position 1 is not a hex digit`;
/** What the test peers send in their init. */
const FEATURES = '0222';

let tcp: Responder;
let unix: Responder;
let silent: Responder;
let refusedPort: number;

before(async () => {
  tcp = await startResponder({ script: upPeer() });
  unix = await startResponder({ script: upPeer({ secret: SECOND_SECRET }), secret: SECOND_SECRET, unix: true });
  silent = await startResponder({ script: async () => {} });
  refusedPort = await refusingPort({ after });
});

after(async () => {
  await Promise.all([tcp.close(), unix.close(), silent.close()]);
});

const dir = mkdtempSync(join(tmpdir(), 'ln-connect-list-'));
let files = 0;
function listFile(lines: readonly string[]): string {
  const path = join(dir, `list-${++files}.txt`);
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
  return path;
}

const tcpAddress = () => {
  const [address, port] = tcp.host.split(':');
  return { type: 'ipv4', address, port: Number(port) };
};

/** A list line as printed: compact JSON, keys in order. */
const upLine = (target: string, id: string, address: object): string =>
  JSON.stringify({ target, result: { id, features: FEATURES, direction: 'out', address } });
const errorLine = (target: string, code: number, message: string): string => JSON.stringify({ target, error: { code, message } });

function parseLines(stdout: string): unknown[] {
  assert.ok(stdout.endsWith('\n'), 'every line ends with a newline');
  const lines = stdout.slice(0, -1).split('\n').map((l) => JSON.parse(l) as unknown);
  for (const line of lines) assertValidListLine(line);
  return lines;
}

test('a mixed list: one line per target in input order, every one exact and valid, exit 1', async () => {
  const refused = `${PEER_ID}@127.0.0.1:${refusedPort}`;
  const wrongKey = tcp.uri(OTHER_ID);
  const input = listFile([
    '# the operator\'s peers',
    tcp.uri(),
    '',
    `  ${unix.uri()}`,
    refused,
    silent.uri(),
    '   # indented comment',
    wrongKey,
    'not-a-target',
    tcp.uri(),
  ]);
  const run = await runCli(['--input', input, '--network', 'regtest', '--timeout', '1']);
  assert.equal(run.stderr, '');
  assert.equal(
    run.stdout,
    [
      upLine(tcp.uri(), PEER_ID, tcpAddress()),
      upLine(`  ${unix.uri()}`, SECOND_ID, { type: 'local socket', socket: unix.host }),
      errorLine(refused, 401, `All addresses failed: 127.0.0.1:${refusedPort}: Connection establishment: Connection refused. `),
      errorLine(silent.uri(), 401, `All addresses failed: ${silent.host}: Cryptographic handshake: Connection timed out (${NOTHING_BACK}). `),
      errorLine(wrongKey, 401, `All addresses failed: ${tcp.host}: Cryptographic handshake: peer closed connection (wrong key?). `),
      errorLine('not-a-target', -32602, `id: should be a node id: invalid token '"not-a-target"': ${NOT_HEX('n')}`),
      upLine(tcp.uri(), PEER_ID, tcpAddress()),
    ].join('\n') + '\n',
  );
  parseLines(run.stdout);
  assert.equal(run.code, 1);
});

test('--format text: one line per target, status and time in columns', async () => {
  const refused = `${PEER_ID}@127.0.0.1:${refusedPort}`;
  const run = await runCli(['-i', listFile([tcp.uri(), refused, 'junk']), '-n', 'regtest', '--format', 'text']);
  assert.equal(run.code, 1);
  const columns = run.stdout.split('\n').map((line) => [line.slice(0, 6), line.slice(6, 16), line.slice(16)]);
  assert.deepEqual(
    columns.map(([status, , rest]) => [status, rest]),
    [
      ['up    ', `  ${tcp.uri()}  ${tcp.host} features 0x${FEATURES}`],
      ['401   ', `  ${refused}  All addresses failed: 127.0.0.1:${refusedPort}: Connection establishment: Connection refused.`],
      ['-32602', `  junk  id: should be a node id: invalid token '"junk"': ${NOT_HEX('j')}`],
      ['', ''],
    ],
  );
  // The time, right-aligned in a fixed width, so that the targets start in one column.
  for (const [, time] of columns.slice(0, 3)) assert.match(time!, /^ +\d+ ms$/);
});

test('every target up: exit 0; an empty list (comments only) prints nothing and exits 0', async () => {
  const run = await runCli(['--input', listFile([tcp.uri(), unix.uri()]), '-n', 'regtest']);
  assert.equal(run.code, 0);
  assert.equal(parseLines(run.stdout).length, 2);
  const empty = await runCli(['--input', listFile(['# nothing yet', '']), '-n', 'regtest']);
  assert.deepEqual([empty.code, empty.stdout, empty.stderr], [0, '', '']);
});

test('--ping and --timings, list and single target: the keys, and every object valid against the schema', async () => {
  const refused = `${PEER_ID}@127.0.0.1:${refusedPort}`;
  const list = await runCli(['-i', listFile([tcp.uri(), refused]), '-n', 'regtest', '--ping', '3', '--timings']);
  assert.equal(list.code, 1);
  const [up, down] = parseLines(list.stdout) as Array<Record<string, any>>;
  assert.deepEqual(Object.keys(up!['result']), ['id', 'features', 'direction', 'address', 'rtt_ms', 'timings']);
  assert.deepEqual(Object.keys(up!['result']['rtt_ms']), ['min', 'median', 'max']);
  assert.deepEqual(Object.keys(up!['result']['timings']), ['connect', 'acts', 'init', 'confirmation']);
  assert.deepEqual(Object.keys(down!['error']), ['code', 'message', 'data']);
  assert.deepEqual(Object.keys(down!['error']['data']['timings']), ['connect']);

  const single = await runCli([tcp.uri(), '-n', 'regtest', '--ping', '2', '--timings']);
  assert.equal(single.code, 0);
  const result = JSON.parse(single.stdout);
  assertValidResponse(result);
  assert.equal(single.stdout, cliJson(result), "lightning-cli's layout");
  assert.deepEqual(Object.keys(result), ['id', 'features', 'direction', 'address', 'rtt_ms', 'timings']);

  const onlyPing = await runCli([tcp.uri(), '-n', 'regtest', '--ping', '1']);
  assert.deepEqual(Object.keys(JSON.parse(onlyPing.stdout)), ['id', 'features', 'direction', 'address', 'rtt_ms']);

  const failed = await runCli([refused, '-n', 'regtest', '--timings']);
  assert.equal(failed.code, 1, "the single target's own exit status: 401 is 1");
  const error = JSON.parse(failed.stdout);
  assertValidError(error);
  assert.deepEqual(Object.keys(error), ['code', 'message', 'data']);
  assert.deepEqual(Object.keys(error.data.timings), ['connect']);

  // Without either, nothing is added: a single target prints exactly what it always did.
  const plain = await runCli([tcp.uri(), '-n', 'regtest']);
  assert.equal(plain.stdout, cliJson({ id: PEER_ID, features: FEATURES, direction: 'out', address: tcpAddress() }));
});

test('--retries: "attempts" when a target took more than one', async () => {
  let seen = 0;
  const up = upPeer();
  const flaky = await startResponder({
    script: async (peer) => {
      if (++seen > 2) return up(peer);
      await peer.read(50);
      peer.socket.resetAndDestroy();
    },
  });
  try {
    const run = await runCli(['-i', listFile([flaky.uri(), tcp.uri()]), '-n', 'regtest', '--retries', '3', '--retry-delay', '10ms', '--jobs', '1']);
    assert.equal(run.code, 0);
    const [first, second] = parseLines(run.stdout) as Array<Record<string, unknown>>;
    assert.equal(first!['attempts'], 3);
    assert.ok(first!['result']);
    assert.equal('attempts' in second!, false);
  } finally {
    await flaky.close();
  }
});

test('standard input, --graph --all, --output FILE', async () => {
  const child = spawn(process.execPath, [BIN, '-i', '-', '-n', 'regtest'], { env: BIN_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  const done = collect(child);
  child.stdin.end(`${tcp.uri()}\n# done\n`);
  const fromStdin = await done;
  assert.equal(fromStdin.code, 0);
  assert.equal(fromStdin.stdout, upLine(tcp.uri(), PEER_ID, tcpAddress()) + '\n');

  const [address, port] = tcp.host.split(':');
  const graph = join(dir, 'graph.json');
  writeFileSync(
    graph,
    JSON.stringify({
      nodes: [
        { nodeid: OTHER_ID, alias: 'never announced' },
        { nodeid: PEER_ID, addresses: [{ type: 'ipv4', address, port: Number(port) }] },
        { nodeid: SECOND_ID, addresses: [{ type: 'ipv4', address: '127.0.0.1', port: refusedPort }] },
      ],
    }),
  );
  const all = await runCli(['--graph', graph, '--all', '-n', 'regtest']);
  assert.equal(all.code, 1);
  assert.equal(
    all.stdout,
    [
      upLine(PEER_ID, PEER_ID, tcpAddress()),
      errorLine(SECOND_ID, 401, `All addresses failed: 127.0.0.1:${refusedPort}: Connection establishment: Connection refused. `),
    ].join('\n') + '\n',
  );

  const output = join(dir, 'out.jsonl');
  const toFile = await runCli(['-i', listFile([tcp.uri()]), '-n', 'regtest', '--output', output]);
  assert.deepEqual([toFile.code, toFile.stdout, toFile.stderr], [0, '', '']);
  assert.equal(readFileSync(output, 'utf8'), upLine(tcp.uri(), PEER_ID, tcpAddress()) + '\n');
});

test('--verbose: the stage log on stderr, each line prefixed by its target', async () => {
  const refused = `${PEER_ID}@127.0.0.1:${refusedPort}`;
  const run = await runCli(['-i', listFile([tcp.uri(), refused]), '-n', 'regtest', '--verbose', '--jobs', '1']);
  const lines = run.stderr.trimEnd().split('\n');
  assert.ok(lines.every((l) => /^\+\d+ms /.test(l)), run.stderr);
  assert.deepEqual(
    lines.map((l) => l.replace(/^\+\d+ms /, '')),
    [
      ...['connecting to', 'handshake with', 'exchanging init with', 'confirming session with'].map((stage) => `${tcp.uri()}: ${stage} ${tcp.host}`),
      `${refused}: connecting to 127.0.0.1:${refusedPort}`,
    ],
  );
});

test('an unusable run exits 2 with the reason: unreadable input, bad options', async () => {
  const cases: Array<[string[], string]> = [
    [['--input', join(dir, 'missing.txt')], `input: cannot read ${join(dir, 'missing.txt')}: no such file`],
    [['--input', dir], `input: cannot read ${dir}: EISDIR: illegal operation on a directory, read`],
    [['--input', listFile([]), '--jobs', '0'], "jobs: should be a whole number from 1 to 1000, got '0'"],
    [['--input', listFile([]), '--retries', '-1'], "retries: should be a whole number from 0 to 100, got '-1'"],
    [['--input', listFile([]), '--retry-delay', 'soon'], "retry-delay: should be a number of seconds (or 500ms, 30s, 2m), got 'soon'"],
    [['--input', listFile([]), '--ping', '0'], "ping: should be a whole number from 1 to 1000, got '0'"],
    [['--all'], '--all needs --graph FILE, whose nodes it checks'],
    [['--input', listFile([]), '--all', '--graph', join(dir, 'graph.json')], '--input and --all are two lists: give one of them'],
    [[PEER_ID, '--input', listFile([])], 'a target and --input: give one or the other'],
    [['--input', listFile([]), '--host', '127.0.0.1'], '--host and --port apply to one target: in a list, write id@host:port on each line'],
    [['--input', listFile([]), '--warning', '1'], '--warning and --critical are thresholds of --format nagios'],
    [['--input', listFile([]), '--proxy', 'nope:99999'], "proxy: expected HOST[:PORT] or [IPV6]:PORT, with a port from 1 to 65535, got 'nope:99999'"],
    [['--graph', join(dir, 'missing.json'), '--all'], `graph file ${join(dir, 'missing.json')}: no such file`],
  ];
  for (const [args, message] of cases) {
    const run = await runCli(args);
    assert.equal(run.stdout, cliJson({ code: -32602, message }), args.join(' '));
    assert.equal(run.code, 2, args.join(' '));
  }
});

// Bounded: the regression this catches is a run that never ends.
test('a reader that goes away (EPIPE) ends the run quietly, even with its input still open', { timeout: 30_000 }, async () => {
  const child = spawn(process.execPath, [BIN, '-i', '-', '-n', 'regtest', '--jobs', '4'], { env: BIN_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  const done = collect(child);
  // The first line's result arrives, the reader goes, a second line's result meets the closed
  // pipe while the run waits for a third line: standard input stays open, the run must not wait.
  child.stdin.write(`${tcp.uri()}\n`);
  child.stdout.once('data', () => {
    child.stdout.destroy();
    child.stdin.write(`${tcp.uri()}\n`);
  });
  const run = await done;
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
});

test('on a terminal: a progress line and a summary on stderr, the lines on stdout unchanged', async () => {
  const refused = `${PEER_ID}@127.0.0.1:${refusedPort}`;
  const input = listFile([tcp.uri(), refused]);
  const out = join(dir, 'tty.jsonl');
  const env: NodeJS.ProcessEnv = { ...BIN_ENV, TERM: 'xterm' };
  delete env['CI'];
  const command = `stty cols 120 rows 30; '${process.execPath}' '${BIN}' -i '${input}' -n regtest > '${out}'`;
  const terminal = await collect(spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.equal(terminal.code, 1, terminal.stdout);
  assert.match(terminal.stdout, /[12]\/2\+? checked: [01] up, [01] down/);
  assert.match(terminal.stdout, /2 targets checked in \d+\.\d s: 1 up, 1 down\r?\n/);
  assert.equal(
    readFileSync(out, 'utf8'),
    [upLine(tcp.uri(), PEER_ID, tcpAddress()), errorLine(refused, 401, `All addresses failed: 127.0.0.1:${refusedPort}: Connection establishment: Connection refused. `)].join('\n') + '\n',
  );
});

test('--format prometheus and nagios take the whole list, --output writes the exposition, usage errors are UNKNOWN', async () => {
  const refused = `${PEER_ID}@127.0.0.1:${refusedPort}`;
  const input = listFile([tcp.uri(), refused, 'junk']);
  const prom = join(dir, 'ln.prom');
  const written = await runCli(['-i', input, '-n', 'regtest', '--format', 'prometheus', '--ping', '1', '--output', prom]);
  assert.deepEqual([written.code, written.stdout, written.stderr], [1, '', '']);
  const exposition = readFileSync(prom, 'utf8');
  for (const [target, up] of [[tcp.uri(), 1], [refused, 0], ['junk', 0]] as const) {
    assert.match(exposition, new RegExp(`^ln_connect_up\\{[^}]*target="${target.replace(/[.[\]]/g, '\\$&')}"\\} ${up}$`, 'm'));
  }
  assert.match(exposition, /^ln_connect_rtt_seconds\{/m);
  const promtool = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (!promtool.error) assert.equal(promtool.status, 0, promtool.stderr + promtool.stdout);

  const nagios = await runCli(['-i', input, '-n', 'regtest', '--format', 'nagios', '--warning', '0', '--critical', '5']);
  assert.equal(nagios.code, 1, nagios.stdout);
  assert.match(nagios.stdout, /^LN-CONNECT WARNING - 2 of 3 /);
  const single = await runCli([tcp.uri(), '-n', 'regtest', '--format', 'nagios']);
  assert.equal(single.code, 0);
  assert.match(single.stdout, /^LN-CONNECT OK - .* \| time=\d+\.\d+s;;;0;\n$/);
  const usage = await runCli(['-i', input, '--format', 'nagios', '--jobs', 'many']);
  assert.deepEqual([usage.code, usage.stdout], [3, "LN-CONNECT UNKNOWN - jobs: should be a whole number from 1 to 1000, got 'many'\n"]);
});
