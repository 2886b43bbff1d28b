import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { TimeoutError } from '../../src/errors.js';
import type { NetworkAddress } from '../../src/net/address.js';
import { dial } from '../../src/net/dial.js';
import { SocketReader } from '../../src/net/socket-reader.js';
import {
  connectRequest,
  describeProxy,
  greeting,
  parseAuthReply,
  parseConnectReply,
  parseMethodChoice,
  parseProxy,
  passwordRequest,
  proxyHostName,
  replyText,
  type ProxyConfig,
} from '../../src/net/socks5.js';
import { hex } from '../helpers/fixtures.js';
import { refusingPort } from '../helpers/ports.js';
import { within } from '../helpers/socket-pair.js';
import { TestSocksServer, type SocksOptions } from '../helpers/socks5-server.js';

const ONION = '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion';
const NO_AUTH: ProxyConfig = { host: '127.0.0.1', port: 9050 };
const WITH_AUTH: ProxyConfig = { host: '127.0.0.1', port: 9050, username: 'ln', password: 'iso1' };
/** A bound for each test's waits: a bug fails the test instead of hanging it. */
const testDeadline = (): AbortSignal => AbortSignal.timeout(5000);
const ascii = (text: string): string => Buffer.from(text).toString('hex');

// The codec.

test('greeting: no authentication, and username/password (RFC 1929) when we have credentials', () => {
  assert.equal(hex(greeting(NO_AUTH)), '050100');
  assert.equal(hex(greeting(WITH_AUTH)), '05020002');
  assert.equal(hex(passwordRequest('ln', 'iso1')), '01' + '02' + ascii('ln') + '04' + ascii('iso1'));
});

test('CONNECT always names the host (ATYP 3): IPv4 as text, IPv6 in brackets, onions and names as they are', () => {
  const cases: Array<[NetworkAddress, string]> = [
    [{ type: 'ipv4', address: '203.0.113.7', port: 9735 }, '05010003' + '0b' + ascii('203.0.113.7') + '2607'],
    [{ type: 'ipv6', address: '2001:db8::1', port: 9735 }, '05010003' + '0d' + ascii('[2001:db8::1]') + '2607'],
    [{ type: 'torv3', address: ONION, port: 9735 }, '05010003' + '3e' + ascii(ONION) + '2607'],
    [{ type: 'dns', address: 'node.example.com', port: 19735 }, '05010003' + '10' + ascii('node.example.com') + '4d17'],
  ];
  for (const [address, bytes] of cases) assert.equal(hex(connectRequest(proxyHostName(address), address.port)), bytes, address.address);
});

test('method choice', () => {
  assert.equal(parseMethodChoice(Uint8Array.of(5, 0), NO_AUTH), 'none');
  assert.equal(parseMethodChoice(Uint8Array.of(5, 0), WITH_AUTH), 'none');
  assert.equal(parseMethodChoice(Uint8Array.of(5, 2), WITH_AUTH), 'password');
  assert.throws(() => parseMethodChoice(Uint8Array.of(5, 2), NO_AUTH), { name: 'Socks5Error', message: 'chose authentication method 0x02, which we did not offer' });
  assert.throws(() => parseMethodChoice(Uint8Array.of(5, 0xff), NO_AUTH), { name: 'Socks5Error', message: 'authentication required' });
  assert.throws(() => parseMethodChoice(Uint8Array.of(5, 0xff), WITH_AUTH), {
    name: 'Socks5Error',
    message: 'accepts neither no authentication nor a user name and password',
  });
  assert.throws(() => parseMethodChoice(Buffer.from('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'), NO_AUTH), {
    name: 'Socks5Error',
    message: 'not a SOCKS5 proxy: it answered "HTTP/1.1 400 Bad Request"',
  });
  assert.throws(() => parseMethodChoice(Uint8Array.of(0, 0x5b), NO_AUTH), { name: 'Socks5Error', message: 'not a SOCKS5 proxy: its reply starts with byte 0x00, not version 5' });
});

test('username/password reply: status 0 is success, whatever the version byte', () => {
  assert.equal(parseAuthReply(Uint8Array.of(1, 0)), 'accepted');
  assert.equal(parseAuthReply(Uint8Array.of(5, 0)), 'accepted');
  assert.throws(() => parseAuthReply(Uint8Array.of(1, 1)), { name: 'Socks5Error', message: 'rejected our user name and password' });
});

test('CONNECT reply: its length from the first five bytes, or the reason in words', () => {
  assert.equal(parseConnectReply(Uint8Array.of(5, 0, 0, 1, 127)), 10);
  assert.equal(parseConnectReply(Uint8Array.of(5, 0, 0, 4, 0x20)), 22);
  assert.equal(parseConnectReply(Uint8Array.of(5, 0, 0, 3, 9)), 16);
  // A circuit that failed may work next time (--retries tries again); a ruleset will refuse again.
  assert.throws(() => parseConnectReply(Uint8Array.of(5, 4, 0, 1, 0)), { name: 'Socks5Error', message: 'Host unreachable', transient: true });
  assert.throws(() => parseConnectReply(Uint8Array.of(5, 2, 0, 1, 0)), { name: 'Socks5Error', message: 'connection not allowed by ruleset', transient: false });
  assert.throws(() => parseConnectReply(Uint8Array.of(4, 0, 0, 1, 0)), { name: 'Socks5Error', message: 'sent a malformed reply (version 4, not 5)' });
  assert.throws(() => parseConnectReply(Uint8Array.of(5, 0, 0, 9, 0)), { name: 'Socks5Error', message: 'replied with unknown address type 9' });
});

test('reply codes: RFC 1928, Tor extended codes, unknown codes by number', () => {
  const words = [
    [0x01, 'general SOCKS server failure'],
    [0x02, 'connection not allowed by ruleset'],
    [0x03, 'Network unreachable'],
    [0x04, 'Host unreachable'],
    [0x05, 'Connection refused'],
    [0x06, 'TTL expired'],
    [0x07, 'Command not supported'],
    [0x08, 'Address type not supported'],
    [0xf0, 'onion service descriptor can not be found'],
    [0xf1, 'onion service descriptor is invalid'],
    [0xf2, 'onion service introduction failed'],
    [0xf3, 'onion service rendezvous failed'],
    [0xf4, 'onion service missing client authorization'],
    [0xf5, 'onion service wrong client authorization'],
    [0xf6, 'onion service invalid address'],
    [0xf7, 'onion service introduction timed out'],
    [0x42, 'unknown reply code 0x42'],
  ] as const;
  for (const [code, text] of words) assert.equal(replyText(code), text);
});

test('--proxy values', () => {
  assert.deepEqual(parseProxy('127.0.0.1'), { host: '127.0.0.1', port: 9050 });
  assert.deepEqual(parseProxy('tor.internal:9150'), { host: 'tor.internal', port: 9150 });
  assert.deepEqual(parseProxy('[::1]:9050'), { host: '::1', port: 9050 });
  assert.deepEqual(parseProxy('[::1]'), { host: '::1', port: 9050 });
  // Core Lightning's rule: with more than one colon and no brackets, it is all host.
  assert.deepEqual(parseProxy('::1'), { host: '::1', port: 9050 });
  assert.deepEqual(parseProxy('ln:is:o@1@127.0.0.1:9050'), { host: '127.0.0.1', port: 9050, username: 'ln', password: 'is:o@1' });
  const bad = [
    ['127.0.0.1:99999', "expected HOST[:PORT] or [IPV6]:PORT, with a port from 1 to 65535, got '127.0.0.1:99999'"],
    ['tor:x', "expected HOST[:PORT] or [IPV6]:PORT, with a port from 1 to 65535, got 'tor:x'"],
    ['', "expected HOST[:PORT] or [IPV6]:PORT, with a port from 1 to 65535, got ''"],
    ['tor_proxy', "'tor_proxy': '_' is not allowed in a host name (only letters, digits, '-' and '.')"],
    [`${ONION}:9050`, "a .onion cannot be the proxy: give the address of Tor's SocksPort"],
    ['secret@127.0.0.1', 'expected USER:PASSWORD before the @'],
    [':secret@127.0.0.1', 'the user name must be 1 to 255 bytes long (RFC 1929), not 0'],
    [`ln:${'x'.repeat(256)}@127.0.0.1`, 'the password must be 1 to 255 bytes long (RFC 1929), not 256'],
  ];
  for (const [text, message] of bad) assert.throws(() => parseProxy(text!), { name: 'InputError', message }, text);
});

test('errors name the proxy, IPv6 in brackets', () => {
  assert.equal(describeProxy({ host: '127.0.0.1', port: 9050 }), 'SOCKS5 proxy 127.0.0.1:9050');
  assert.equal(describeProxy({ host: '::1', port: 9050 }), 'SOCKS5 proxy [::1]:9050');
  assert.equal(describeProxy({ host: 'tor.internal', port: 9050 }), 'SOCKS5 proxy tor.internal:9050');
});

// The driver, against real sockets on loopback.

/**
 * `server` listening on loopback until the test ends; then it stops and drops its connections,
 * so that a test that fails half way ends instead of hanging on them.
 */
async function listening<T extends Server>(t: TestContext, server: T): Promise<T> {
  const connections = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  t.after(() => {
    server.close();
    for (const socket of connections) socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** A test proxy until the test ends (closing it drops every connection and tunnel through it). */
async function proxyFor(t: TestContext, options: SocksOptions): Promise<TestSocksServer> {
  const proxy = await TestSocksServer.start(options);
  t.after(() => proxy.close());
  return proxy;
}

const portOf = (server: Server): number => (server.address() as AddressInfo).port;

/** Echoes every byte back, after greeting with `hello`: data flows both ways through the tunnel. */
const echoServer = (t: TestContext): Promise<Server> =>
  listening(
    t,
    createServer((socket) => {
      socket.write('hello');
      socket.pipe(socket);
    }),
  );

/** Reads exactly `size` bytes of what the node sent through the tunnel, as the session would. */
const receive = async (socket: Socket, size: number): Promise<string> => {
  const reader = new SocketReader(socket, testDeadline());
  const bytes = await reader.read(size);
  reader.release();
  return Buffer.from(bytes).toString();
};

test('a tunnel to a name through the proxy: the proxy is asked by name, data flows both ways', async (t) => {
  const echo = await echoServer(t);
  const proxy = await proxyFor(t, { routes: { 'example-node.invalid:9735': portOf(echo) } });
  const socket = await dial({ type: 'dns', address: 'example-node.invalid', port: 9735 }, { signal: testDeadline(), proxy: parseProxy(proxy.address) });
  assert.equal(await receive(socket, 5), 'hello');
  socket.write('ping');
  assert.equal(await receive(socket, 4), 'ping');
  assert.deepEqual(proxy.requests, [{ atyp: 3, host: 'example-node.invalid', port: 9735 }]);
  socket.destroy();
});

test('replies that arrive a byte at a time, with username/password, to every kind of address', async (t) => {
  const echo = await echoServer(t);
  const target = portOf(echo);
  const addresses: NetworkAddress[] = [
    { type: 'ipv4', address: '127.0.0.1', port: 9735 },
    { type: 'ipv6', address: '::1', port: 9735 },
    { type: 'torv3', address: ONION, port: 9735 },
  ];
  const proxy = await proxyFor(t, {
    split: true,
    credentials: { username: 'ln', password: 'iso1' },
    routes: { '127.0.0.1:9735': target, '[::1]:9735': target, [`${ONION}:9735`]: target },
  });
  for (const address of addresses) {
    const socket = await dial(address, { signal: testDeadline(), proxy: parseProxy(`ln:iso1@${proxy.address}`) });
    assert.equal(await receive(socket, 5), 'hello');
    socket.destroy();
  }
  assert.deepEqual(
    proxy.requests.map((r) => [r.atyp, r.host]),
    [
      [3, '127.0.0.1'],
      [3, '[::1]'],
      [3, ONION],
    ],
  );
  assert.equal(proxy.logins.length, 3);
  // Method choice (2), authentication status (2), CONNECT reply (10): each byte read on its own.
  assert.deepEqual(proxy.clientReads, addresses.map(() => Array<number>(14).fill(1)));
});

test("the node's first bytes, arriving with the proxy's reply, stay in the tunnel", async (t) => {
  const request = connectRequest(ONION, 9735);
  // BND.ADDR as a name this time, then the node's greeting, all in one write.
  const reply = Buffer.concat([Buffer.from([5, 0, 0, 3, 4]), Buffer.from('bind'), Buffer.from([0x26, 0x07]), Buffer.from('hello')]);
  const scripted = await listening(
    t,
    createServer((socket) => {
      let received = 0;
      socket.on('data', (chunk) => {
        received += chunk.length;
        if (received === 3) socket.write(Buffer.from([5, 0]));
        if (received === 3 + request.length) socket.write(reply);
      });
    }),
  );
  const socket = await dial({ type: 'torv3', address: ONION, port: 9735 }, { signal: testDeadline(), proxy: { host: '127.0.0.1', port: portOf(scripted) } });
  assert.equal(await receive(socket, 5), 'hello');
  socket.destroy();
});

/** Dials an onion through a test proxy started with `options`; the error message, with the proxy's address as PROXY. */
async function failure(options: SocksOptions, proxyText = (p: TestSocksServer) => p.address): Promise<string> {
  const proxy = await TestSocksServer.start(options);
  try {
    await dial({ type: 'torv3', address: ONION, port: 9735 }, { signal: testDeadline(), proxy: parseProxy(proxyText(proxy)) });
    return 'connected';
  } catch (err) {
    return (err as Error).message.replace(proxy.address, 'PROXY');
  } finally {
    proxy.close();
  }
}

test('each failure reply in words, after the proxy', async () => {
  for (const [code, words] of [
    [1, 'general SOCKS server failure'],
    [2, 'connection not allowed by ruleset'],
    [3, 'Network unreachable'],
    [4, 'Host unreachable'],
    [5, 'Connection refused'],
    [6, 'TTL expired'],
    [7, 'Command not supported'],
    [8, 'Address type not supported'],
    [0xf0, 'onion service descriptor can not be found'],
    [0x42, 'unknown reply code 0x42'],
  ] as const) {
    assert.equal(await failure({ reply: code }), `SOCKS5 proxy PROXY: ${words}`);
  }
  // The test proxy has no route to the onion.
  assert.equal(await failure({}), 'SOCKS5 proxy PROXY: Host unreachable');
});

test('authentication: required but not offered, and rejected', async () => {
  const credentials = { username: 'ln', password: 'iso1' };
  assert.equal(await failure({ credentials }), 'SOCKS5 proxy PROXY: authentication required');
  assert.equal(await failure({ credentials }, (p) => `ln:wrong@${p.address}`), 'SOCKS5 proxy PROXY: rejected our user name and password');
});

test('a proxy that is down, one that is not SOCKS5, one that hangs up', async (t) => {
  const down = await refusingPort(t);
  const onion: NetworkAddress = { type: 'torv3', address: ONION, port: 9735 };
  await assert.rejects(dial(onion, { signal: testDeadline(), proxy: { host: '127.0.0.1', port: down } }), {
    name: 'AttemptError',
    message: `SOCKS5 proxy 127.0.0.1:${down}: Connection refused`,
  });

  const web = await listening(t, createHttpServer());
  await assert.rejects(dial(onion, { signal: testDeadline(), proxy: { host: '127.0.0.1', port: portOf(web) } }), {
    name: 'Socks5Error',
    message: `SOCKS5 proxy 127.0.0.1:${portOf(web)}: not a SOCKS5 proxy: it answered "HTTP/1.1 400 Bad Request"`,
  });

  const rude = await listening(t, createServer((socket) => socket.end()));
  await assert.rejects(dial(onion, { signal: testDeadline(), proxy: { host: '127.0.0.1', port: portOf(rude) } }), {
    name: 'AttemptError',
    message: `SOCKS5 proxy 127.0.0.1:${portOf(rude)}: closed the connection during the SOCKS5 handshake`,
  });
});

test('the deadline during the SOCKS5 handshake: TimeoutError, and the connection to the proxy is closed', async (t) => {
  const controller = new AbortController();
  let closedByUs: Promise<unknown> | undefined;
  // A proxy that accepts and never answers; the deadline passes as soon as it has the connection.
  const silent = await listening(
    t,
    createServer((socket) => {
      closedByUs = once(socket, 'close');
      controller.abort();
    }),
  );
  const onion: NetworkAddress = { type: 'torv3', address: ONION, port: 9735 };
  await assert.rejects(dial(onion, { signal: controller.signal, proxy: { host: '127.0.0.1', port: portOf(silent) } }), TimeoutError);
  assert.ok(closedByUs);
  await within(closedByUs, 5000, 'the connection to the proxy was left open');
});
