import assert from 'node:assert/strict';
import { test } from 'node:test';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { cliJson, keyFile, runCli } from '../helpers/cli.js';
import { assertValidError } from '../helpers/schema.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
/** x = 1 has no point on secp256k1 with an even y... nor any y: 1 + 7 = 8 is not a square mod p. */
const NOT_ON_CURVE = '02' + '00'.repeat(31) + '05';

/**
 * Every bad parameter: code -32602, exit 2, nothing on the network. Messages are Core Lightning's
 * (developer-mode form, which names the bad token) unless ln-connect deliberately differs.
 */
const CASES: Array<[string, string[], string]> = [
  ['no id', [], 'missing required parameter: id'],
  ['no id with a host', ['--host', '127.0.0.1'], 'missing required parameter: id'],
  ['a short id', ['02abcd'], `id: should be a node id: invalid token '"02abcd"'`],
  ['a non-hex id', ['zz' + ID.slice(2)], `id: should be a node id: invalid token '"zz${ID.slice(2)}"'`],
  ['an id off the curve', [NOT_ON_CURVE + '@127.0.0.1'], `id: should be a node id: invalid token '"${NOT_ON_CURVE}@127.0.0.1"'`],
  ['host twice', [`${ID}@127.0.0.1`, '--host', '127.0.0.2'], "Can't specify host as both xxx@yyy and separate argument"],
  ['port twice', [`${ID}@127.0.0.1:9735`, '--port', '9736'], "Can't specify port as both xxx@yyy:port and separate argument"],
  ['a port without a host', [ID, '--port', '9735'], "Can't specify port without host"],
  ['port 0', [`${ID}@127.0.0.1:0`], 'malformed host @part'],
  ['a port that Core Lightning would wrap to 4464', [`${ID}@127.0.0.1:70000`], 'malformed host @part'],
  ['a negative port', [`${ID}@127.0.0.1:-1`], 'malformed host @part'],
  ['a letter port', [`${ID}@127.0.0.1:abc`], 'malformed host @part'],
  ['an unclosed bracket', [`${ID}@[::1`], 'malformed host @part'],
  ['too many positionals', [ID, '127.0.0.1', '9735'], 'too many parameters: got 3, expected 1'],
  ['an unknown option', [ID, '--bogus'], 'Unknown argument: bogus'],
  ['a bad timeout', [`${ID}@127.0.0.1`, '--timeout', 'soon'], "timeout: should be a positive number of seconds (or 500ms, 30s, 2m), got 'soon'"],
  ['bad features', [`${ID}@127.0.0.1`, '--features', 'xyz'], "features: should be hex with an even number of digits, got 'xyz'"],
  ['--listen with an id', [ID, '--listen', '0'], '--listen takes no node id: it accepts whoever connects'],
  ['--always-use-proxy without a proxy', [`${ID}@127.0.0.1`, '--always-use-proxy'], '--always-use-proxy needs --proxy'],
  ['a DNS server that is not an IP address', [`${ID}@127.0.0.1:1`, '--dns-server', 'foo'], "dns-server: expected an IP address and an optional port (9.9.9.9, 9.9.9.9:53, [::1]:5353), got 'foo'"],
];

for (const [name, args, message] of CASES) {
  test(`bad parameters: ${name}`, async () => {
    const run = await runCli(args);
    assert.equal(run.stdout, cliJson({ code: -32602, message }));
    assert.equal(run.code, 2);
    assert.equal(run.stderr, '');
    assertValidError(JSON.parse(run.stdout));
  });
}

test('bad parameters: an unknown network is named with the choices', async () => {
  const run = await runCli([ID, '--network', 'bitcoinz']);
  assert.equal(run.code, 2);
  const { code, message } = JSON.parse(run.stdout);
  assert.equal(code, -32602);
  assert.match(message, /Argument: network, Given: "bitcoinz", Choices: "mainnet", "testnet", "testnet4", "signet", "regtest"/);
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

test('a bare node id with no address source: 400, exit 3', async () => {
  const run = await runCli([ID]);
  assert.equal(run.stdout, cliJson({ code: 400, message: 'Unable to connect, no address known for peer' }));
  assert.equal(run.code, 3);
});

test('--quiet prints nothing and keeps the exit status', async () => {
  const run = await runCli(['-q', ID]);
  assert.deepEqual([run.stdout, run.stderr, run.code], ['', '', 3]);
});

test('--format text gives one line', async () => {
  const run = await runCli(['--format', 'text', ID]);
  assert.equal(run.stdout, 'error 400: Unable to connect, no address known for peer\n');
  assert.equal(run.code, 3);
});

test('--help shows the exit statuses; --version the version', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Exit status/);
  assert.match(help.stdout, /\n {2}4 {2}402 {5}peer disconnected while connecting\n/);
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
