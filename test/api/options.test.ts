import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deadlineAt } from '../../src/deadline.js';
import { readKeyFile } from '../../src/identity.js';
import { checkSharedOptions, checkTimeout, MAX_FEATURES_BYTES, MAX_TIMEOUT_SECONDS } from '../../src/options.js';
import { encodeMessage } from '../../src/wire/index.js';
import {
  AllAddressesFailedError,
  connect,
  DEFAULT_LISTEN_TIMEOUT_SECONDS,
  InvalidParamsError,
  listen,
  type InboundSession,
  type SharedOptions,
} from '../../src/index.js';
import { cliJson, keyFile, runCli } from '../helpers/cli.js';
import { startListener } from '../helpers/listener.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
/** The order of secp256k1's group: no secret key may be this or more. */
const CURVE_ORDER = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141';
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

/** A TCP server that counts the connections it gets: "before any I/O" means it stays at 0. */
let counter: { port: number; connections: number; close(): void };
before(async () => {
  const server = createServer((socket) => {
    counter.connections++;
    socket.destroy();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  counter = { port: (server.address() as AddressInfo).port, connections: 0, close: () => server.close() };
});
after(() => counter.close());

/** connect() and listen() with `options`, each of which must be refused with `message` before any socket is opened or bound. */
async function refusedBeforeIo(options: SharedOptions, message: string): Promise<void> {
  const socketPath = join(mkdtempSync(join(tmpdir(), 'ln-connect-opt-')), 'sock');
  const before = counter.connections;
  await assert.rejects(connect({ ...options, id: `${ID}@127.0.0.1:${counter.port}` }), (err: unknown) => {
    assert.ok(err instanceof InvalidParamsError, String(err));
    assert.equal(err.message, message);
    return true;
  });
  let bound = false;
  await assert.rejects(listen({ ...options, listen: socketPath, onListening: () => (bound = true) }), (err: unknown) => {
    assert.ok(err instanceof InvalidParamsError, String(err));
    assert.equal(err.message, message.replace('65495', '65474'));
    return true;
  });
  assert.equal(counter.connections, before, 'connect() opened a connection');
  assert.equal(bound || existsSync(socketPath), false, 'listen() bound its socket');
}

test('connect() and listen() refuse the same bad shared options, with the same words, before any I/O', async () => {
  await refusedBeforeIo({ timeout: -1 }, 'timeout: should be a positive number of seconds, got -1');
  await refusedBeforeIo({ timeout: 0 }, 'timeout: should be a positive number of seconds, got 0');
  await refusedBeforeIo({ timeout: Number.NaN }, 'timeout: should be a positive number of seconds, got NaN');
  await refusedBeforeIo({ timeout: Infinity }, 'timeout: should be a positive number of seconds, got Infinity');
  // Node's timers would fire a 3,000,000 s timeout after 1 ms: a false "Connection timed out".
  await refusedBeforeIo({ timeout: 3e6 }, 'timeout: should be at most 2147483 seconds (about 24.8 days), got 3000000');
  await refusedBeforeIo({ timeout: '5' as unknown as number }, 'timeout: should be a positive number of seconds, got 5');
  await refusedBeforeIo({ identityKey: new Uint8Array(32) }, 'identityKey: not a valid secp256k1 secret key: it must be a number from 1 to the curve order minus 1');
  await refusedBeforeIo({ identityKey: unhex(CURVE_ORDER) }, 'identityKey: not a valid secp256k1 secret key: it must be a number from 1 to the curve order minus 1');
  await refusedBeforeIo({ identityKey: new Uint8Array(31).fill(1) }, 'identityKey: should be 32 bytes (a secp256k1 secret key)');
  await refusedBeforeIo({ features: new Uint8Array(65_500) }, 'features: 65500 bytes do not fit in an init message (at most 65495 bytes)');
  await refusedBeforeIo({ network: 'bitcoin' as 'mainnet' }, "Unknown network name 'bitcoin'");
  await refusedBeforeIo({ startedAt: 1e15 }, 'startedAt: should be a performance.now() time no later than now, got 1000000000000000');
});

test('the features limit is exact: the longest vector fills an init to BOLT 8\'s 65535 bytes', async () => {
  assert.deepEqual(MAX_FEATURES_BYTES, { connect: 65495, listen: 65474 });
  const chain = new Uint8Array(32);
  const init = (features: number, remoteAddr?: { type: 'ipv6'; address: string; port: number }): number =>
    encodeMessage({ kind: 'init', globalFeatures: new Uint8Array(0), features: new Uint8Array(features), networks: [chain], remoteAddr }).length;
  assert.equal(init(MAX_FEATURES_BYTES.connect), 65535);
  assert.equal(init(MAX_FEATURES_BYTES.listen, { type: 'ipv6', address: 'ffff::ffff', port: 65535 }), 65535);
  // One byte more is refused for each role; the limit itself is accepted by the checks.
  assert.throws(() => checkSharedOptions({ features: new Uint8Array(65496) }, 'connect'), /65496 bytes do not fit in an init message \(at most 65495 bytes\)/);
  assert.throws(() => checkSharedOptions({ features: new Uint8Array(65475) }, 'listen'), /65475 bytes do not fit in an init message \(at most 65474 bytes\)/);
  checkSharedOptions({ features: new Uint8Array(65495) }, 'connect');
  checkSharedOptions({ features: new Uint8Array(65474) }, 'listen');
});

test('an init carrying the longest features connect() allows goes through to a listener', { timeout: 30_000 }, async () => {
  const listener = await startListener({ network: 'regtest', timeout: 20 });
  const features = new Uint8Array(MAX_FEATURES_BYTES.connect);
  features[features.length - 1] = 0x02; // optional bit 1, so the vector means something
  const out = await connect({ id: listener.info.uri, network: 'regtest', features, timeout: 20 });
  assert.equal(out.direction, 'out');
  const session = (await listener.outcome) as InboundSession;
  assert.equal(session.result.features.length, MAX_FEATURES_BYTES.connect * 2);
  await session.closed;
});

test('timeouts: sub-millisecond rounds up to 1 ms, the maximum is Node\'s longest timer, the deadline counts from startedAt', () => {
  assert.equal(MAX_TIMEOUT_SECONDS, 2147483);
  assert.ok(MAX_TIMEOUT_SECONDS * 1000 <= 2 ** 31 - 1);
  assert.equal(checkTimeout(MAX_TIMEOUT_SECONDS), MAX_TIMEOUT_SECONDS);
  assert.equal(checkTimeout(0.0015), 0.0015);
  assert.throws(() => checkTimeout(2160000, "'36000m'"), /^InvalidParamsError: timeout: should be at most 2147483 seconds \(about 24.8 days\), got '36000m'$/);
  assert.equal(deadlineAt(2, 0), 2000);
  assert.equal(deadlineAt(1.001, 500), 1501);
  assert.equal(deadlineAt(0.0005, 100), 101);
  assert.equal(deadlineAt(0.0015, 100), 101.5);
  const settings = checkSharedOptions({ timeout: 2, startedAt: 0 }, 'listen');
  assert.equal(deadlineAt(settings.timeout!, settings.startedAt), 2000);
  const called = performance.now();
  const byDefault = checkSharedOptions({}, 'connect');
  assert.ok(byDefault.startedAt >= called && byDefault.startedAt <= performance.now(), 'by default the run starts at the call');
  assert.equal(byDefault.timeout, undefined);
  assert.equal(DEFAULT_LISTEN_TIMEOUT_SECONDS, 60);
});

test('a deadline already past when connect() is called times out without opening a socket', async () => {
  const before = counter.connections;
  const err = await connect({ id: `${ID}@127.0.0.1:${counter.port}`, timeout: 2, startedAt: performance.now() - 3000 }).catch((e: unknown) => e);
  assert.ok(err instanceof AllAddressesFailedError);
  assert.equal(err.message, `All addresses failed: 127.0.0.1:${counter.port}: Connection establishment: Connection timed out. `);
  assert.equal(counter.connections, before);
});

test('a key file holding the curve order is -32602, before any I/O', async () => {
  const path = keyFile(CURVE_ORDER);
  const message = `key file ${path}: not a valid secp256k1 secret key: it must be a number from 1 to the curve order minus 1`;
  assert.throws(() => readKeyFile(path), { message });
  assert.throws(() => readKeyFile(keyFile('00'.repeat(32))), /not a valid secp256k1 secret key/);
  assert.equal(readKeyFile(keyFile(`${CURVE_ORDER.slice(0, -1)}0`)).length, 32);
  const before = counter.connections;
  const run = await runCli([`${ID}@127.0.0.1:${counter.port}`, '--key-file', path]);
  assert.equal(run.stdout, cliJson({ code: -32602, message }));
  assert.equal(run.code, 2);
  assert.equal(counter.connections, before);
});

test('the CLI refuses a timeout past the maximum before any I/O', async () => {
  const before = counter.connections;
  const run = await runCli([`${ID}@127.0.0.1:${counter.port}`, '--timeout', '3000000']);
  assert.equal(run.stdout, cliJson({ code: -32602, message: 'timeout: should be at most 2147483 seconds (about 24.8 days), got \'3000000\'' }));
  assert.equal(run.code, 2);
  assert.equal(counter.connections, before);
});

test("the CLI's deadline counts from the process start: one already past when it would dial opens no socket", async () => {
  // Loading the program takes far more than 1 ms, so a deadline 1 ms after the process started
  // has passed before the dial; counted from the call into the library, it would still dial.
  const before = counter.connections;
  const run = await runCli([`${ID}@127.0.0.1:${counter.port}`, '--timeout', '1ms']);
  assert.equal(run.stdout, cliJson({ code: 401, message: `All addresses failed: 127.0.0.1:${counter.port}: Connection establishment: Connection timed out. ` }));
  assert.equal(run.code, 1);
  assert.equal(counter.connections, before);
  // The same through the records path (--timings): a single target still counts from the process start.
  const timed = await runCli([`${ID}@127.0.0.1:${counter.port}`, '--timeout', '1ms', '--timings']);
  assert.equal(JSON.parse(timed.stdout).message, `All addresses failed: 127.0.0.1:${counter.port}: Connection establishment: Connection timed out. `);
  assert.equal(timed.code, 1);
  assert.equal(counter.connections, before);
});
