/**
 * Seeded random command lines: unicode, 100 KB words, huge and negative numbers, repeated
 * options, options without their values, parameters in every form. Whatever the line, ln-connect
 * answers with a status from its table (never 5, the internal error), prints no stack trace, and
 * settles. `LN_CONNECT_FUZZ_SEED` and `LN_CONNECT_FUZZ_RUNS` explore further than `npm test` does.
 *
 * Nothing here may reach the network. Every target is this test's own loopback port (which hangs
 * up at once), a refused loopback port, a missing unix socket, or text that fails to parse: junk
 * words always hold a character no host name, IP address or listening address can hold, and the
 * fixed edge values are checked below to be neither. A guard in this process records (and stops)
 * any DNS query and any connection to anything but loopback or a unix socket, and the test fails
 * if there was one.
 */
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { isIP, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseListenAddress } from '../../src/listen/listen-address.js';
import { parseNetworkAddress } from '../../src/net/host.js';
import { runCli } from '../helpers/cli.js';
import { closingServer, type ClosingServer } from '../helpers/closing-server.js';
import { ROOT } from '../helpers/fixtures.js';
import { runMain } from '../helpers/main-io.js';

const SEED = Number(process.env['LN_CONNECT_FUZZ_SEED'] ?? 20260415);
const RUNS = Number(process.env['LN_CONNECT_FUZZ_RUNS'] ?? 300);
/** How long a run may take before it counts as hung: a hang detector, not a timing claim. */
const GUARD_MS = 2000;

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
const ONION = '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion';

/** Edge values that are no host and no listening address (checked in the first test). */
const EDGES = [
  '', '-', '--', '=', '@', ':', '[', ']', '[]', '-1', '-0', '+5', '-99999999999', '9'.repeat(400), '4294967296', '2147483648',
  '1.5', '.5', '5.', '1,5', '0.0000001', '１２', 'id=', 'host=', 'port=', '=x', 'x=y=z', '--=', '--timeout=', '-t=', '-n=', '--no-',
  '--no-timeout', '--no-network', '-qqq', '-vq', '-xyz', '-_', '--_', '--$0', '-=_@', '--__proto__', '--help=no', '--version=2', '--get-yargs-completions',
];

type Random = () => number;

/** mulberry32: small, seedable, good enough to pick test cases. */
function random(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** A word that is nothing: it always holds '_' (no host name, address or port has one) and never starts with '/'. */
function junk(r: Random): string {
  const kind = r();
  if (kind < 0.1) return `${'x'.repeat(100_000)}_`;
  if (kind < 0.4) return pick(r, EDGES);
  const alphabet = ['a', 'Z', '0', '9', '.', ':', '-', '@', '[', ']', '=', ' ', '\t', '\u0007', 'é', '漢', '🙂', '\u202e', '\u0301', '\ud800', '%', '"', "'", '\\'];
  let word = '_';
  for (let n = Math.floor(r() * 12); n > 0; n--) word = r() < 0.5 ? word + pick(r, alphabet) : pick(r, alphabet) + word;
  return word.startsWith('/') ? `_${word}` : word;
}

interface Pools {
  readonly port: string;
  readonly graph: string;
  readonly key: string;
  readonly openKey: string;
}

/** Each option with values that mean something, and junk; some options appear with no value at all. */
function optionWords(r: Random, p: Pools): string[] {
  const value = (...good: string[]): string => (r() < 0.5 && good.length > 0 ? pick(r, good) : junk(r));
  const options: Array<() => string[]> = [
    () => [pick(r, ['--timeout', '-t']), value('5', '0.5', '0.0005', '1.5ms', '2147483', '3000000', '36000m', '99999999', '0', '-5', '10h')],
    () => [pick(r, ['--network', '-n']), value('mainnet', 'bitcoin', 'testnet', 'testnet4', 'signet', 'regtest', 'bitcoinz')],
    () => [pick(r, ['--mainnet', '--testnet', '--signet', '--regtest', '--regtest=1', '--no-signet'])],
    () => ['--host', value(`127.0.0.1:${p.port}`, `[::1]:${p.port}`, '/nonexistent/ln-connect-fuzz.sock', `${ONION}:${p.port}`)],
    () => ['--port', value(p.port, '0', '70000')],
    () => ['--proxy', value(`127.0.0.1:${p.port}`, 'user:pass@127.0.0.1:' + p.port)],
    () => ['--always-use-proxy'],
    () => ['--dns-server', value(`127.0.0.1:${p.port}`, '[::1]:53')],
    () => ['--graph', value(p.graph, ROOT)],
    () => ['--key-file', value(p.key, p.openKey)],
    () => ['--features', value('', '0x', '2200', '0x0a', '2')],
    // No ':' in what --listen gets: `junk:0` would be a host name to bind, and so a DNS query.
    () => [pick(r, ['--listen', '-l']), junk(r).replace(/:/g, '_')],
    () => [pick(r, ['--format', '-f']), value('json', 'text', 'yaml')],
    () => [pick(r, ['--quiet', '-q', '--no-quiet', '--color', '--no-color', '--verbose', '-v', '--debug', '--help', '-h', '--version', '-V'])],
    () => [pick(r, ['--bogus', '--netwrk', '-x', '--time', '--no-proxy', '--no-dns-seed'])],
  ];
  const words = pick(r, options)();
  // An option without its value: the next word, whatever it is, is read as one or as a parameter.
  // Not --listen: it would take an id@127.0.0.1:port that follows for a host name to bind, and
  // ask DNS about it.
  return r() < 0.15 && !/^(--listen|-l)$/.test(words[0]!) ? words.slice(0, 1) : words;
}

function targetWords(r: Random, p: Pools): string[] {
  return pick(r, [
    () => [`${ID}@127.0.0.1:${p.port}`],
    () => [`${ID}@[::1]:${p.port}`],
    () => [`${ID}@localhost:${p.port}`],
    () => [`${ID}@/nonexistent/ln-connect-fuzz.sock`],
    () => [`${ID}@${ONION}:${p.port}`],
    () => [ID],
    () => [ID, '127.0.0.1', p.port],
    () => [`id=${ID}`, `host=127.0.0.1`, `port=${p.port}`],
    () => [`id=${ID}@127.0.0.1`, `port=${p.port}`],
    () => [ID.toUpperCase() + `@127.0.0.1:${p.port}`],
    () => [ID.slice(0, 65)],
    () => [`0x${ID}`],
    () => [junk(r)],
    // First, it is the command; anywhere else it would be a host name, and this test asks no DNS.
    () => ['completion', junk(r)],
    () => [],
  ])();
}

function commandLine(r: Random, p: Pools): string[] {
  const words: string[][] = [targetWords(r, p)];
  for (let n = Math.floor(r() * 6); n > 0; n--) words.splice(Math.floor(r() * (words.length + 1)), 0, r() < 0.8 ? optionWords(r, p) : [junk(r)]);
  return words.flat();
}

const shown = (argv: readonly string[]): string => JSON.stringify(argv.map((w) => (w.length > 40 ? `${w.slice(0, 40)}…(${w.length})` : w)));

/** What the guard stopped: DNS queries and connections that were not to loopback or a unix socket. */
const stopped: string[] = [];
let server: ClosingServer;
let pools: Pools;
const restore: Array<() => void> = [];

before(async () => {
  server = await closingServer();
  const dir = mkdtempSync(join(tmpdir(), 'ln-connect-fuzz-'));
  const graph = join(dir, 'listnodes.json');
  writeFileSync(graph, JSON.stringify({ nodes: [{ nodeid: ID, addresses: [{ type: 'ipv4', address: '127.0.0.1', port: server.port }] }] }));
  const key = join(dir, 'node.key');
  writeFileSync(key, `${'11'.repeat(32)}\n`, { mode: 0o600 });
  const openKey = join(dir, 'open.key');
  writeFileSync(openKey, `${'11'.repeat(32)}\n`);
  chmodSync(openKey, 0o644);
  pools = { port: String(server.port), graph, key, openKey };
  // The guard goes up last: listen() itself asks dns.lookup, even for an IP address.
  const refuse = (what: string) => () => {
    stopped.push(what);
    throw new Error(`${what} is forbidden in the argv fuzz`);
  };
  for (const api of [dns, dns.promises] as unknown as Array<Record<string, unknown> & { Resolver: { prototype: Record<string, unknown> } }>) {
    for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveSrv', 'resolveAny']) {
      const original = api[name];
      api[name] = refuse(`DNS ${name}`);
      restore.push(() => (api[name] = original));
      const proto = api.Resolver.prototype;
      if (name !== 'lookup') {
        const saved = proto[name];
        proto[name] = refuse(`DNS ${name}`);
        restore.push(() => (proto[name] = saved));
      }
    }
  }
  syncBuiltinESMExports();
  const connect = Socket.prototype.connect;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    // net.connect() passes its arguments on normalised, as one array [options, callback].
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options = (typeof first === 'object' && first !== null ? first : { port: first, host: args[1] }) as { host?: unknown; path?: unknown };
    const local = options.path !== undefined || options.host === '127.0.0.1' || options.host === '::1';
    if (!local) {
      stopped.push(`connect to ${String(options.host)}`);
      throw new Error('only loopback in the argv fuzz');
    }
    return (connect as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
  restore.push(() => (Socket.prototype.connect = connect));

});

after(async () => {
  for (const undo of restore.reverse()) undo();
  syncBuiltinESMExports();
  await server.close();
});

test('the fixed edge values are no host and no listening address', () => {
  for (const edge of EDGES) {
    assert.equal(isIP(edge), 0, edge);
    assert.throws(() => parseNetworkAddress(edge, 1), Error, edge);
    assert.throws(() => parseListenAddress(edge), Error, edge);
  }
});

test(`argv fuzz: ${RUNS} random command lines (seed ${SEED}), in process`, async () => {
  const r = random(SEED);
  const statuses = new Map<number, number>();
  for (let run = 0; run < RUNS; run++) {
    const argv = commandLine(r, pools);
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), GUARD_MS)));
    const outcome = await Promise.race([runMain(argv), hung]);
    clearTimeout(timer);
    const where = `run ${run} of seed ${SEED}: ${shown(argv)}`;
    assert.notEqual(outcome, 'hung', `${where} did not settle within ${GUARD_MS} ms`);
    if (outcome === 'hung') return;
    assert.ok([0, 1, 2, 3].includes(outcome.code), `${where}: exit ${outcome.code}\n${outcome.stderr}`);
    assert.doesNotMatch(outcome.stdout + outcome.stderr, /\n\s+at |ln-connect: internal error|undefined|\[object Object\]/, where);
    statuses.set(outcome.code, (statuses.get(outcome.code) ?? 0) + 1);
  }
  assert.deepEqual(stopped, [], 'the guard stopped a DNS query or a connection beyond loopback');
  // The generator must reach more than the parser: successes of the parser (1: a dial, 3: no address) and help (0).
  for (const status of [0, 1, 2, 3]) assert.ok((statuses.get(status) ?? 0) > 0, `no run ended with status ${status}: ${JSON.stringify([...statuses])}`);
});

test('argv fuzz: a handful through the real bin, no DNS allowed', async () => {
  const r = random(SEED + 1);
  const noDns = { NODE_OPTIONS: `--require=${join(ROOT, 'test', 'helpers', 'no-dns.cjs')}` };
  for (let run = 0; run < 6; run++) {
    // A process's argv holds no NUL and no unpaired surrogate.
    const argv = commandLine(r, pools).map((word) => word.replace(/\0|[\ud800-\udfff]/g, '_'));
    const result = await runCli(argv, noDns);
    const where = `bin run ${run} of seed ${SEED + 1}: ${shown(argv)}`;
    assert.ok([0, 1, 2, 3].includes(result.code ?? -1), `${where}: exit ${result.code}\n${result.stderr}`);
    assert.doesNotMatch(result.stdout + result.stderr, /\n\s+at |ln-connect: internal error|DNS QUERY/, where);
  }
});
