import assert from 'node:assert/strict';
import { test } from 'node:test';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { cliJson, keyFile, runCli, SHORT_USAGE } from '../helpers/cli.js';
import { closingServer } from '../helpers/closing-server.js';
import { runMain } from '../helpers/main-io.js';
import { assertValidError } from '../helpers/schema.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
/** x = 1 has no point on secp256k1 with an even y... nor any y: 1 + 7 = 8 is not a square mod p. */
const NOT_ON_CURVE = '02' + '00'.repeat(31) + '05';
/** What every bad-id message says a node id is. */
const FORM = 'a node id is 66 hex digits (33 bytes) starting 02 or 03; ';
const NO_ADDRESS =
  'Unable to connect, no address known for peer; give an address (id@host[:port] or --host HOST) or a source of addresses (--graph FILE or --dns-seed)';
const badId = (token: string, problem: string): string => `id: should be a node id: invalid token '${JSON.stringify(token)}': ${FORM}${problem}`;
const TOO_LONG = (typed: string): string => `timeout: should be at most 2147483 seconds (about 24.8 days), got '${typed}'`;

/**
 * Every bad parameter: code -32602, exit 2, nothing on the network. Messages are Core Lightning's
 * (developer-mode form, which names the bad token) unless ln-connect deliberately differs, then
 * say what to fix.
 */
const CASES: Array<[string, string[], string]> = [
  ['no id', [], 'missing required parameter: id'],
  ['no id with a host', ['--host', '127.0.0.1'], 'missing required parameter: id'],
  ['an empty id', [''], badId('', 'the id is empty')],
  ['a short id', ['02abcd'], badId('02abcd', 'this one has 6 digits')],
  ['an id one digit short', [ID.slice(0, 65)], badId(ID.slice(0, 65), 'this one has 65 digits')],
  ['an id with 0x', [`0x${ID}`], badId(`0x${ID}`, 'drop the 0x prefix')],
  ['a non-hex id', ['zz' + ID.slice(2)], badId('zz' + ID.slice(2), "'z' at position 1 is not a hex digit")],
  ['an id off the curve', [NOT_ON_CURVE + '@127.0.0.1'], badId(`${NOT_ON_CURVE}@127.0.0.1`, 'this one is not a point on the secp256k1 curve')],
  // A host or port in two forms (ID@HOST:PORT, a parameter, an option).
  ['host twice, @ and --host', [`${ID}@127.0.0.1`, '--host', '127.0.0.2'], "Can't specify host as both xxx@yyy and separate argument"],
  ['host twice, @ and a parameter', [`${ID}@127.0.0.1`, '127.0.0.2'], "Can't specify host as both xxx@yyy and separate argument"],
  ['host twice, a parameter and --host', [ID, '127.0.0.1', '--host', '127.0.0.2'], "host given twice: '127.0.0.1' as a parameter and '127.0.0.2' as --host"],
  ['host twice, --host first', [ID, '--host', '127.0.0.2', '127.0.0.1'], "host given twice: '127.0.0.1' as a parameter and '127.0.0.2' as --host"],
  ['host twice, host= and --host', [`id=${ID}`, 'host=127.0.0.1', '--host', '127.0.0.2'], "host given twice: '127.0.0.1' as a parameter and '127.0.0.2' as --host"],
  ['port twice, @ and --port', [`${ID}@127.0.0.1:9735`, '--port', '9736'], "Can't specify port as both xxx@yyy:port and separate argument"],
  ['host and port twice, @ and parameters', [`${ID}@127.0.0.1:9735`, '127.0.0.1', '9736'], "Can't specify host as both xxx@yyy and separate argument"],
  ['port twice, @ and port=', [`id=${ID}@127.0.0.1:9735`, 'port=9736'], "Can't specify port as both xxx@yyy:port and separate argument"],
  ['port twice, a parameter and --port', [ID, '127.0.0.1', '9735', '--port', '9736'], "port given twice: '9735' as a parameter and '9736' as --port"],
  ['a port without a host', [ID, '--port', '9735'], "Can't specify port without host"],
  ['a port= without a host', [`id=${ID}`, 'port=9735'], "Can't specify port without host"],
  // Ports.
  ['port 0', [`${ID}@127.0.0.1:0`], "malformed host @part: port must be 1–65535, got '0'"],
  ['a port that Core Lightning would wrap to 4464', [`${ID}@127.0.0.1:70000`], "malformed host @part: port must be 1–65535, got '70000'"],
  ['a negative port', [`${ID}@127.0.0.1:-1`], "malformed host @part: port must be 1–65535, got '-1'"],
  ['a letter port', [`${ID}@127.0.0.1:abc`], "malformed host @part: port must be 1–65535, got 'abc'"],
  ['a port with a space after it', [`${ID}@127.0.0.1:9735 `], "malformed host @part: port must be 1–65535, got '9735 '"],
  ['an unclosed bracket', [`${ID}@[::1`], "malformed host @part: '[' without a closing ']'"],
  ['--port 0', [ID, '--host', '127.0.0.1', '--port', '0'], "port: should be non-zero: invalid token '0': port must be 1–65535"],
  ['--port 70000', [ID, '--host', '127.0.0.1', '--port', '70000'], "port: should be a 16-bit integer: invalid token '70000': port must be 1–65535"],
  ['a PORT parameter abc', [ID, '127.0.0.1', 'abc'], `port: should be a 16-bit integer: invalid token '"abc"': port must be 1–65535`],
  ['a PORT parameter with a space after it', [ID, '127.0.0.1', '9735 '], `port: should be a 16-bit integer: invalid token '"9735 "': port must be 1–65535`],
  [
    'an IPv6 address and a port without brackets',
    [`${ID}@::1:41803`],
    'Host ::1:41803:9735 not valid: an IPv6 address with a port is written in brackets: [::1]:41803',
  ],
  // lightning-cli's parameter forms.
  ['four parameters', [ID, '127.0.0.1', '9735', 'x'], 'too many parameters: got 4, expected 3'],
  ['a keyword parameter connect does not have', [`id=${ID}`, 'hots=127.0.0.1'], 'unknown parameter: hots (the parameters are id, host and port)'],
  ['a keyword parameter twice', [`id=${ID}`, 'host=127.0.0.1', 'host=127.0.0.2'], 'duplicate json names: host'],
  ['a parameter without = among keywords', [`id=${ID}`, '127.0.0.1'], "Expected key=value in '127.0.0.1'"],
  // Options.
  ['an unknown option', [ID, '--bogus'], 'unknown option --bogus'],
  ['an unknown short option', [ID, '-x'], 'unknown option -x'],
  ['a mistyped option', [ID, '--netwrk', 'regtest'], 'unknown option --netwrk: did you mean --network?'],
  ['the start of an option', [ID, '--time', '5'], 'unknown option --time: did you mean --timeout?'],
  ['an option in capitals', [ID, '--HOST', '127.0.0.1'], 'unknown option --HOST: did you mean --host?'],
  ['an unknown network', [ID, '--network', 'bitcoinz'], "invalid --network 'bitcoinz': choose mainnet, bitcoin, testnet, testnet4, signet or regtest"],
  ['an unknown format', [ID, '-f', 'yaml'], "invalid --format 'yaml': choose json, text, prometheus or nagios"],
  ['a network shortcut with a value', [ID, '--regtest=yes'], '--regtest takes no value: it is short for --network regtest'],
  ['an option without its value', [ID, '--timeout'], '--timeout needs a value (SECONDS)'],
  ['an option followed by another', [ID, '--host', '--regtest'], '--host needs a value (HOST)'],
  ['a bad timeout', [`${ID}@127.0.0.1`, '--timeout', 'soon'], "timeout: should be a positive number of seconds (or 500ms, 30s, 2m), got 'soon'"],
  ['a negative timeout', [`${ID}@127.0.0.1`, '--timeout', '-5'], "timeout: should be a positive number of seconds (or 500ms, 30s, 2m), got '-5'"],
  ['a zero timeout', [`${ID}@127.0.0.1`, '-t', '0ms'], "timeout: should be a positive number of seconds (or 500ms, 30s, 2m), got '0ms'"],
  ['a timeout of 99999999 s', [`${ID}@127.0.0.1`, '--timeout', '99999999'], TOO_LONG('99999999')],
  ['a timeout of 4294968 s', [`${ID}@127.0.0.1`, '--timeout', '4294968'], TOO_LONG('4294968')],
  ['a timeout of 3000000 s', [`${ID}@127.0.0.1`, '--timeout', '3000000'], TOO_LONG('3000000')],
  ['a timeout of 36000 minutes', [`${ID}@127.0.0.1`, '--timeout', '36000m'], TOO_LONG('36000m')],
  ['a timeout just past the maximum', [`${ID}@127.0.0.1`, '--timeout', '2147483.0005'], TOO_LONG('2147483.0005')],
  ['bad features', [`${ID}@127.0.0.1`, '--features', 'xyz'], "features: should be hex with an even number of digits, got 'xyz'"],
  ['--listen with an id', [ID, '--listen', '0'], '--listen takes no node id: it accepts whoever connects'],
  ['--always-use-proxy without a proxy', [`${ID}@127.0.0.1`, '--always-use-proxy'], '--always-use-proxy needs --proxy'],
  ['a DNS server that is not an IP address', [`${ID}@127.0.0.1:1`, '--dns-server', 'foo'], "dns-server: expected an IP address and an optional port (9.9.9.9, 9.9.9.9:53, [::1]:5353), got 'foo'"],
  ['a shell ln-connect has no completions for', ['completion', 'tcsh'], "invalid shell 'tcsh': choose bash, zsh or fish"],
];

for (const [name, args, message] of CASES) {
  test(`bad parameters: ${name}`, async () => {
    const run = await runMain(args);
    assert.equal(run.stdout, cliJson({ code: -32602, message }));
    assert.equal(run.code, 2);
    assert.equal(run.stderr, '');
    assertValidError(JSON.parse(run.stdout));
  });
}

test('the bin prints what main() prints, byte for byte', async () => {
  for (const [, args] of CASES.filter(([name]) => /^(an id off the curve|a mistyped option|an unknown network|a timeout of 36000 minutes|four parameters)$/.test(name))) {
    const [bin, inProcess] = await Promise.all([runCli(args), runMain(args)]);
    assert.deepEqual([bin.stdout, bin.stderr, bin.code], [inProcess.stdout, inProcess.stderr, inProcess.code], args.join(' '));
  }
});

/** The default port in a host error tells which --network won. */
const hostError = (port: number): string => `Host bad_name:${port} not valid: '_' is not allowed in a host name (only letters, digits, '-' and '.')`;

/**
 * Every option given twice takes its last value, whatever the spellings (long, short, shortcut).
 * Each case ends with a value whose effect differs from the first one's, to show which won.
 */
const REPEATED: Array<[string, string[], number, string]> = [
  ['--timeout', [ID, '--timeout', 'soon', '--timeout', '99999999'], -32602, TOO_LONG('99999999')],
  ['-t then --timeout', [ID, '-t', '99999999', '--timeout', 'soon'], -32602, "timeout: should be a positive number of seconds (or 500ms, 30s, 2m), got 'soon'"],
  ['--timeout then -t', [ID, '--timeout', 'soon', '-t', '36000m'], -32602, TOO_LONG('36000m')],
  ['--network', [ID, '--host', 'bad_name', '--network', 'signet', '--network', 'regtest'], -32602, hostError(19846)],
  ['-n then --network', [ID, '--host', 'bad_name', '-n', 'regtest', '--network', 'testnet4'], -32602, hostError(49735)],
  ['--network then -n', [ID, '--host', 'bad_name', '--network', 'testnet4', '-n', 'signet'], -32602, hostError(39735)],
  ['-n then -n', [ID, '--host', 'bad_name', '-n', 'testnet4', '-n', 'testnet'], -32602, hostError(19735)],
  ['--network then --testnet', [ID, '--host', 'bad_name', '--network', 'regtest', '--testnet'], -32602, hostError(19735)],
  ['--testnet then -n bitcoin', [ID, '--host', 'bad_name', '--testnet', '-n', 'bitcoin'], -32602, hostError(9735)],
  ['--regtest then --signet', [ID, '--host', 'bad_name', '--regtest', '--signet'], -32602, hostError(39735)],
  ['--signet then --mainnet', [ID, '--host', 'bad_name', '--signet', '--mainnet'], -32602, hostError(9735)],
  ['an invalid --network, then --regtest', [ID, '--host', 'bad_name', '--network', 'bogus', '--regtest'], -32602, hostError(19846)],
  ['--host', [ID, '--host', 'a_1', '--host', 'bad_name'], -32602, hostError(9735)],
  ['--port', [ID, '--host', '127.0.0.1', '--port', '1', '--port', '70000'], -32602, "port: should be a 16-bit integer: invalid token '70000': port must be 1–65535"],
  ['--proxy', [`${ID}@127.0.0.1:1`, '--proxy', 'a_1', '--proxy', 'b_2'], -32602, "proxy: 'b_2': '_' is not allowed in a host name (only letters, digits, '-' and '.')"],
  ['--key-file', [`${ID}@127.0.0.1:1`, '--key-file', '/nonexistent/a', '--key-file', '/nonexistent/b'], -32602, 'key file /nonexistent/b: no such file'],
  ['--graph', [ID, '--graph', '/nonexistent/a', '--graph', '/nonexistent/b'], -32602, 'graph file /nonexistent/b: no such file'],
  ['--features', [`${ID}@127.0.0.1:1`, '--features', '22', '--features', 'xyz'], -32602, "features: should be hex with an even number of digits, got 'xyz'"],
  ['--dns-server', [`${ID}@127.0.0.1:1`, '--dns-server', '127.0.0.1', '--dns-server', 'b_2'], -32602, "dns-server: expected an IP address and an optional port (9.9.9.9, 9.9.9.9:53, [::1]:5353), got 'b_2'"],
  ['--listen then -l', ['--listen', '127.0.0.1:0', '-l', 'bad2'], -32602, "listen: expected [host:]port, [ipv6]:port or /path/to/socket, got 'bad2'"],
  ['--no-proxy clears --proxy', [`${ID}@127.0.0.1:1`, '--proxy', 'a_1', '--no-proxy'], 401, 'All addresses failed: 127.0.0.1:1: Connection establishment: Connection refused. '],
  ['--no-dns-seed clears --dns-seed', [ID, '--dns-seed', '--no-dns-seed'], 400, NO_ADDRESS],
  ['--no-always-use-proxy', [`${ID}@127.0.0.1:1`, '--always-use-proxy', '--no-always-use-proxy'], 401, 'All addresses failed: 127.0.0.1:1: Connection establishment: Connection refused. '],
];

for (const [name, args, code, message] of REPEATED) {
  test(`repeated options, the last one wins: ${name}`, async () => {
    const run = await runMain(args);
    assert.equal(run.stdout, cliJson({ code, message }));
    assert.equal(run.stderr, '');
  });
}

test('repeated output options, the last one wins: --format, --quiet, --color, --verbose', async () => {
  const json = cliJson({ code: 400, message: NO_ADDRESS });
  const text = `error 400: ${NO_ADDRESS}\n`;
  assert.equal((await runMain([ID, '--format', 'text', '--format', 'json'])).stdout, json);
  assert.equal((await runMain([ID, '-f', 'json', '--format', 'text'])).stdout, text);
  assert.equal((await runMain([ID, '--format', 'json', '-f', 'text'])).stdout, text);
  assert.equal((await runMain([ID, '-q', '--no-quiet'])).stdout, json);
  assert.equal((await runMain([ID, '--no-quiet', '-q'])).stdout, '');
  assert.equal((await runMain([ID, '--color', '--no-color'])).stdout, json);
  assert.match((await runMain([ID, '--no-color', '--color'])).stdout, /\x1b\[\d+m"code"/);
  assert.equal((await runMain([`${ID}@127.0.0.1:1`, '-v', '--no-verbose'])).stderr, '');
  assert.match((await runMain([`${ID}@127.0.0.1:1`, '--no-verbose', '-v'])).stderr, /^\+\d+ms connecting to 127\.0\.0\.1:1\n$/);
});

test("lightning-cli's forms: ID HOST PORT, id=ID host=HOST port=PORT, in any order, as ID@HOST:PORT", async () => {
  const server = await closingServer();
  try {
    const port = String(server.port);
    const expected = cliJson({
      code: 401,
      message: `All addresses failed: 127.0.0.1:${port}: Cryptographic handshake: peer closed connection (wrong key?). `,
    });
    const forms = [
      [`${ID}@127.0.0.1:${port}`],
      [ID, '127.0.0.1', port],
      [ID, `127.0.0.1:${port}`],
      [ID, '127.0.0.1', '--port', port],
      [ID, '--port', port, '127.0.0.1'],
      [`id=${ID}`, 'host=127.0.0.1', `port=${port}`],
      [`port=${port}`, `id=${ID}`, 'host=127.0.0.1'],
      [`id=${ID}@127.0.0.1`, `port=${port}`],
      ['--regtest', '--', ID, '127.0.0.1', port],
    ];
    for (const form of forms) {
      const run = await runMain(form);
      assert.deepEqual([run.stdout, run.code], [expected, 1], form.join(' '));
    }
  } finally {
    await server.close();
  }
});

test('--timeout below a millisecond is honoured (rounded up to 1 ms), not an internal error', async () => {
  // Accepts and never answers: only the deadline can end the run.
  const sockets: import('node:net').Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    for (const timeout of ['0.0005', '1.5ms', '0.0001ms']) {
      const run = await runMain([`${ID}@127.0.0.1:${port}`, '--timeout', timeout]);
      assert.equal(run.code, 1, `${timeout}: ${run.stdout}${run.stderr}`);
      assert.match(JSON.parse(run.stdout).message, /^All addresses failed: 127\.0\.0\.1:\d+: [A-Za-z ]+: Connection timed out\. $/);
    }
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
});

test('the longest --timeout is honoured: no false timeout from an overflowing timer', async () => {
  const server = await closingServer();
  try {
    const run = await runMain([`${ID}@127.0.0.1:${server.port}`, '--timeout', '2147483']);
    assert.equal(run.stdout, cliJson({ code: 401, message: `All addresses failed: 127.0.0.1:${server.port}: Cryptographic handshake: peer closed connection (wrong key?). ` }));
    assert.equal(run.stderr, '');
  } finally {
    await server.close();
  }
});

test('a key file that others can read is refused before anything is sent', async () => {
  const path = keyFile('11'.repeat(32), 0o644);
  const run = await runCli([`${ID}@127.0.0.1:1`, '--key-file', path]);
  assert.equal(run.code, 2);
  assert.equal(
    run.stdout,
    cliJson({ code: -32602, message: `key file ${path} is accessible by group or others (mode 0644); run: chmod 600 ${path}` }),
  );
  assert.doesNotMatch(run.stdout + run.stderr, /1111/, 'the secret must never be printed');
});

test('a bare node id with no address source: 400, exit 3, and how to give an address', async () => {
  const run = await runCli([ID]);
  assert.equal(run.stdout, cliJson({ code: 400, message: NO_ADDRESS }));
  assert.equal(run.code, 3);
});

test('--network bitcoin is mainnet, as Core Lightning names it', async () => {
  const run = await runMain([ID, '--host', 'bad_name', '--network', 'bitcoin']);
  assert.equal(run.stdout, cliJson({ code: -32602, message: hostError(9735) }));
});

test('--quiet prints no result and keeps the exit status', async () => {
  const run = await runCli(['-q', ID]);
  assert.deepEqual([run.stdout, run.stderr, run.code], ['', '', 3]);
});

test('--quiet hides results, not mistakes: a usage error is one line on stderr', async () => {
  for (const [args, message] of [
    [['-q', ID, '--bogus'], 'unknown option --bogus'],
    [['--quiet', '02abcd'], badId('02abcd', 'this one has 6 digits')],
    [['-vq', `${ID}@127.0.0.1:0`], "malformed host @part: port must be 1–65535, got '0'"],
    [[ID, '--timeout', '36000m', '--quiet'], TOO_LONG('36000m')],
  ] as const) {
    const run = await runMain(args);
    assert.deepEqual([run.stdout, run.stderr, run.code], ['', `ln-connect: ${message}\n`, 2], args.join(' '));
  }
  const bin = await runCli(['-q', ID, '--netwrk', 'regtest']);
  assert.deepEqual([bin.stdout, bin.stderr, bin.code], ['', 'ln-connect: unknown option --netwrk: did you mean --network?\n', 2]);
});

test('no arguments on a terminal: the JSON error, and a short usage on stderr', async () => {
  const run = await runMain([], { stderrIsTerminal: true });
  assert.equal(run.stdout, cliJson({ code: -32602, message: 'missing required parameter: id' }));
  assert.equal(
    run.stderr,
    SHORT_USAGE,
  );
  assert.equal(run.code, 2);
  assert.equal((await runMain([])).stderr, '', 'not on a terminal: cron mails nothing but the JSON');
});

test('--format text gives one line', async () => {
  const run = await runCli(['--format', 'text', ID]);
  assert.equal(run.stdout, `error 400: ${NO_ADDRESS}\n`);
  assert.equal(run.code, 3);
});

test('--help shows the exit statuses; --version the version', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Exit status/);
  assert.match(help.stdout, /\n {2}4 {2}402 {5}peer disconnected while connecting\n/);
  assert.match(help.stdout, /\n {2}6 {10}the output could not be written \(EPIPE excepted\)\n/);
  assert.equal(help.stderr, '');
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('--listen on a port in use is a usage error in strerror words', async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const run = await runCli(['--listen', `127.0.0.1:${port}`]);
    assert.equal(run.stdout, cliJson({ code: -32602, message: `listen: cannot listen on 127.0.0.1:${port}: Address already in use` }));
    assert.equal(run.code, 2);
  } finally {
    server.close();
  }
});
