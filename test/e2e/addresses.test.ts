import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { seedQueryName } from '../../src/net/dns-seed.js';
import { refusingPort } from '../helpers/ports.js';
import { cliJson, collect, firstStderrLine, keyFile, runCli, spawnCli } from '../helpers/cli.js';
import { TestDnsServer } from '../helpers/dns-server.js';
import { ROOT, unhex } from '../helpers/fixtures.js';
import { assertValidResponse } from '../helpers/schema.js';
import { TestSocksServer } from '../helpers/socks5-server.js';

const LISTENER_SECRET = '21'.repeat(32);
const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
const ONION = '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion';
const NO_DNS = { NODE_OPTIONS: `--require=${join(ROOT, 'test', 'helpers', 'no-dns.cjs')}` };

/** An ln-connect --listen process; resolves with its announced id@address and its final output. */
async function listener(where: string) {
  const child = spawnCli(['--listen', where, '--key-file', keyFile(LISTENER_SECRET)]);
  const done = collect(child);
  const uri = await firstStderrLine(child);
  return { uri, port: Number(uri.split(':').pop()), done };
}


test('IPv6: [::1] on both sides', async () => {
  const peer = await listener('[::1]:0');
  assert.match(peer.uri, new RegExp(`^${ID}@\\[::1\\]:\\d+$`));
  const run = await runCli([peer.uri]);
  assert.equal(run.stdout, cliJson({ id: ID, features: '20000002a282', direction: 'out', address: { type: 'ipv6', address: '::1', port: peer.port } }));
  const inbound = await peer.done;
  assert.equal(JSON.parse(inbound.stdout).address.type, 'ipv6');
  assert.equal(JSON.parse(inbound.stdout).address.address, '::1');
});

test('unix sockets, both directions', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ln-connect-sock-')), 'node.sock');
  const peer = await listener(path);
  assert.equal(peer.uri, `${ID}@${path}`);
  const run = await runCli([peer.uri]);
  assert.equal(run.stdout, cliJson({ id: ID, features: '20000002a282', direction: 'out', address: { type: 'local socket', socket: path } }));
  assertValidResponse(JSON.parse(run.stdout));
  const inbound = await peer.done;
  assert.deepEqual(JSON.parse(inbound.stdout).address, { type: 'local socket', socket: path });
  assertValidResponse(JSON.parse(inbound.stdout));
});

test('a missing unix socket is a 401 in strerror words', async () => {
  const run = await runCli([`${ID}@/nonexistent/ln.sock`]);
  assert.equal(run.stdout, cliJson({ code: 401, message: 'All addresses failed: /nonexistent/ln.sock: Connection establishment: No such file or directory. ' }));
});

test('a host name with AAAA and A records: each address is tried in turn, the one that worked is reported', async () => {
  const peer = await listener('127.0.0.1:0');
  const dns = await TestDnsServer.start([
    { type: 'AAAA', name: 'node.test', data: '::1' },
    { type: 'A', name: 'node.test', data: '127.0.0.1' },
  ]);
  try {
    const run = await runCli([`${ID}@node.test:${peer.port}`, '--dns-server', dns.address]);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.stdout, cliJson({ id: ID, features: '20000002a282', direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port: peer.port } }));
    assert.deepEqual(dns.questions.map((q) => q.type).sort(), ['A', 'AAAA']);
  } finally {
    dns.close();
  }
  await peer.done;
});

test('every failed address of a name gets its own record', async (t) => {
  const port = await refusingPort(t);
  const dns = await TestDnsServer.start([
    { type: 'AAAA', name: 'node.test', data: '::1' },
    { type: 'A', name: 'node.test', data: '127.0.0.1' },
  ]);
  try {
    const run = await runCli([`${ID}@node.test:${port}`, '--dns-server', dns.address]);
    assert.equal(run.code, 1);
    assert.equal(
      JSON.parse(run.stdout).message,
      `All addresses failed: [::1]:${port}: Connection establishment: Connection refused. 127.0.0.1:${port}: Connection establishment: Connection refused. `,
    );
  } finally {
    dns.close();
  }
});

test('an unresolvable name is a 401 record in getaddrinfo words', async () => {
  const dns = await TestDnsServer.start([]);
  try {
    const run = await runCli([`${ID}@nowhere.test`, '--dns-server', dns.address]);
    assert.equal(run.stdout, cliJson({ code: 401, message: "All addresses failed: nowhere.test:9735: Connection establishment: getaddrinfo error 'Name or service not known'. " }));
    assert.equal(run.code, 1);
  } finally {
    dns.close();
  }
});

test('through a SOCKS5 proxy a name goes to the proxy as a name, and no DNS query is made', async () => {
  const peer = await listener('127.0.0.1:0');
  const proxy = await TestSocksServer.start({ routes: { 'node.example.invalid:9735': peer.port } });
  try {
    const run = await runCli([`${ID}@node.example.invalid`, '--proxy', proxy.address], NO_DNS);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, cliJson({ id: ID, features: '20000002a282', direction: 'out', address: { type: 'dns', address: 'node.example.invalid', port: 9735 } }));
    assertValidResponse(JSON.parse(run.stdout));
    assert.deepEqual(proxy.requests, [{ atyp: 3, host: 'node.example.invalid', port: 9735 }]);
  } finally {
    proxy.close();
  }
  await peer.done;
});

test('a v3 onion through the proxy, with username/password for stream isolation', async () => {
  const peer = await listener('127.0.0.1:0');
  const proxy = await TestSocksServer.start({ routes: { [`${ONION}:9735`]: peer.port }, credentials: { username: 'ln', password: 'iso1' } });
  try {
    const run = await runCli([`${ID}@${ONION}`, '--proxy', `ln:iso1@${proxy.address}`], NO_DNS);
    assert.equal(run.stdout, cliJson({ id: ID, features: '20000002a282', direction: 'out', address: { type: 'torv3', address: ONION, port: 9735 } }));
    assertValidResponse(JSON.parse(run.stdout));
    assert.deepEqual(proxy.requests, [{ atyp: 3, host: ONION, port: 9735 }]);
    assert.deepEqual(proxy.logins, [{ username: 'ln', password: 'iso1' }]);
  } finally {
    proxy.close();
  }
  await peer.done;
});

test('--always-use-proxy sends an IP target through the proxy too, IPv4 as text', async () => {
  const peer = await listener('127.0.0.1:0');
  const proxy = await TestSocksServer.start({ routes: { [`127.0.0.1:${peer.port}`]: peer.port } });
  try {
    const run = await runCli([peer.uri, '--proxy', proxy.address, '--always-use-proxy']);
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(proxy.requests, [{ atyp: 3, host: '127.0.0.1', port: peer.port }]);
  } finally {
    proxy.close();
  }
  await peer.done;
});

for (const [name, options, words] of [
  ['host unreachable', { reply: 4 }, 'Host unreachable'],
  ['connection refused', { reply: 5 }, 'Connection refused'],
  ['general failure', { reply: 1 }, 'general SOCKS server failure'],
  ['authentication required', { credentials: { username: 'a', password: 'b' } }, 'authentication required'],
] as const) {
  test(`SOCKS5 ${name} is reported in words`, async () => {
    const proxy = await TestSocksServer.start(options);
    try {
      const run = await runCli([`${ID}@${ONION}`, '--proxy', proxy.address]);
      assert.equal(run.stdout, cliJson({ code: 401, message: `All addresses failed: ${ONION}:9735: Connection establishment: SOCKS5 proxy ${proxy.address}: ${words}. ` }));
    } finally {
      proxy.close();
    }
  });
}

test('a proxy that is down is named', async (t) => {
  const port = await refusingPort(t);
  const run = await runCli([`${ID}@${ONION}`, '--proxy', `127.0.0.1:${port}`]);
  assert.equal(JSON.parse(run.stdout).message, `All addresses failed: ${ONION}:9735: Connection establishment: SOCKS5 proxy 127.0.0.1:${port}: Connection refused. `);
});

test('an onion without a proxy needs one; a v2 onion is refused as obsolete', async () => {
  const run = await runCli([`${ID}@${ONION}`]);
  assert.equal(run.stdout, cliJson({ code: 401, message: `All addresses failed: ${ONION}:9735: Connection establishment: need a proxy. ` }));
  const v2 = await runCli([`${ID}@expyuzz4wqqyqhjn.onion`]);
  assert.equal(v2.code, 2);
  assert.equal(
    JSON.parse(v2.stdout).message,
    "Host expyuzz4wqqyqhjn.onion:9735 not valid: Tor v2 onion addresses are obsolete (Tor removed them in 2021); use the node's v3 address",
  );
  const typo = await runCli([`${ID}@${ONION.replace('2gzy', '2gzz')}`]);
  assert.match(JSON.parse(typo.stdout).message, /not valid: Invalid Tor address: it has a bad checksum$/);
});

test('--dns-seed: a BOLT 10 node query, SRV for the port, A for the address', async () => {
  const peer = await listener('127.0.0.1:0');
  const virtual = seedQueryName(unhex(ID), 'seed.test');
  const dns = await TestDnsServer.start([
    { type: 'SRV', name: virtual, data: { port: peer.port, target: virtual } },
    { type: 'A', name: virtual, data: '127.0.0.1' },
  ]);
  try {
    const run = await runCli([ID, '--dns-seed', 'seed.test', '--dns-server', dns.address]);
    assert.equal(run.stdout, cliJson({ id: ID, features: '20000002a282', direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port: peer.port } }));
    assert.ok(dns.questions.some((q) => q.type === 'SRV' && q.name === 'ln1q2xh2qxafsfxshgl2695c26sfr59xju8xvvl82x65cftg6gn9mrlw9a290m.seed.test'));
  } finally {
    dns.close();
  }
  await peer.done;
});

test('--dns-seed that knows nothing: 400 with the reason', async () => {
  const dns = await TestDnsServer.start([]);
  try {
    const run = await runCli([ID, '--dns-seed', 'seed.test', '--dns-server', dns.address]);
    assert.equal(run.code, 3);
    assert.equal(
      JSON.parse(run.stdout).message,
      "Unable to connect, no address known for peer (DNS seed seed.test: getaddrinfo error 'Name or service not known'); " +
        'give an address (id@host[:port] or --host HOST) or a source of addresses (--graph FILE or --dns-seed)',
    );
  } finally {
    dns.close();
  }
});

function graphFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ln-connect-graph-')), 'graph.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

test('--graph: listnodes and describegraph dumps, addresses tried in Core Lightning order', async (t) => {
  const closed = await refusingPort(t);
  const listnodes = {
    nodes: [
      {
        nodeid: ID,
        addresses: [
          { type: 'ipv4', address: '127.0.0.1', port: closed },
          { type: 'torv3', address: ONION, port: 9735 },
          { type: 'ipv6', address: '::1', port: closed },
          { type: 'dns', address: 'node.test', port: closed },
        ],
      },
    ],
  };
  const describegraph = {
    nodes: [{ pub_key: ID, addresses: [{ network: 'tcp', addr: `127.0.0.1:${closed}` }, { network: 'tcp', addr: `${ONION}:9735` }, { network: 'tcp', addr: `[::1]:${closed}` }] }],
    edges: [],
  };
  const dns = await TestDnsServer.start([{ type: 'A', name: 'node.test', data: '127.0.0.1' }]);
  try {
    const one = await runCli([ID, '--graph', graphFile(listnodes), '--dns-server', dns.address]);
    assert.equal(
      JSON.parse(one.stdout).message,
      `All addresses failed: [::1]:${closed}: Connection establishment: Connection refused. 127.0.0.1:${closed}: Connection establishment: Connection refused. ` +
        `127.0.0.1:${closed}: Connection establishment: Connection refused. ${ONION}:9735: Connection establishment: need a proxy. `,
    );
    const two = await runCli([ID, '--graph', graphFile(describegraph)]);
    assert.equal(
      JSON.parse(two.stdout).message,
      `All addresses failed: [::1]:${closed}: Connection establishment: Connection refused. 127.0.0.1:${closed}: Connection establishment: Connection refused. ${ONION}:9735: Connection establishment: need a proxy. `,
    );
  } finally {
    dns.close();
  }
});

test('--graph without the node: 400; a file that is not a graph: -32602', async () => {
  const absent = await runCli([ID, '--graph', graphFile({ nodes: [] })]);
  assert.equal(absent.code, 3);
  const broken = await runCli([ID, '--graph', graphFile({ channels: [] })]);
  assert.equal(broken.code, 2);
  assert.match(JSON.parse(broken.stdout).message, /^graph .*graph\.json: expected a JSON object with a "nodes" array/);
});
