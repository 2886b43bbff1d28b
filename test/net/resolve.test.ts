import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimeoutError } from '../../src/errors.js';
import { parseDnsServer, resolutionError, resolveName, untilAborted } from '../../src/net/resolve.js';
import { TestDnsServer } from '../helpers/dns-server.js';
import { unreachableUdpPort } from '../helpers/ports.js';

/** A bound for each test's waits: a bug fails the test instead of hanging it. */
const testDeadline = (): AbortSignal => AbortSignal.timeout(5000);

test('a name with A and AAAA records: every address, AAAA first, on the given port', async () => {
  const dns = await TestDnsServer.start([
    { type: 'A', name: 'node.test', data: '127.0.0.1' },
    { type: 'A', name: 'node.test', data: '127.0.0.2' },
    { type: 'AAAA', name: 'node.test', data: '::1' },
    { type: 'AAAA', name: 'v6only.test', data: '2001:db8::7' },
  ]);
  try {
    assert.deepEqual(await resolveName('node.test', 9735, { signal: testDeadline(), dnsServer: dns.address }), [
      { type: 'ipv6', address: '::1', port: 9735 },
      { type: 'ipv4', address: '127.0.0.1', port: 9735 },
      { type: 'ipv4', address: '127.0.0.2', port: 9735 },
    ]);
    assert.deepEqual(await resolveName('v6only.test', 19735, { signal: testDeadline(), dnsServer: dns.address }), [
      { type: 'ipv6', address: '2001:db8::7', port: 19735 },
    ]);
    assert.deepEqual(dns.questions.slice(0, 2).map((q) => q.type).sort(), ['A', 'AAAA']);
  } finally {
    dns.close();
  }
});

test("an unknown name, in getaddrinfo's words", async () => {
  const dns = await TestDnsServer.start([]);
  try {
    await assert.rejects(resolveName('nowhere.test', 9735, { signal: testDeadline(), dnsServer: dns.address }), {
      name: 'AttemptError',
      message: "getaddrinfo error 'Name or service not known'",
    });
  } finally {
    dns.close();
  }
});

test('a DNS server that is not there: a temporary failure, as getaddrinfo says it', async (t) => {
  const server = `127.0.0.1:${await unreachableUdpPort(t)}`;
  await assert.rejects(resolveName('node.test', 9735, { signal: testDeadline(), dnsServer: server }), {
    name: 'AttemptError',
    message: "getaddrinfo error 'Temporary failure in name resolution'",
  });
});

test('the deadline: TimeoutError while the server stays silent', async () => {
  const dns = await TestDnsServer.start([], { silent: true });
  const controller = new AbortController();
  const resolving = resolveName('node.test', 9735, { signal: controller.signal, dnsServer: dns.address });
  try {
    await dns.asked(2);
  } finally {
    controller.abort();
    dns.close();
  }
  await assert.rejects(resolving, TimeoutError);
});

test("untilAborted: the deadline cancels the work (a Resolver's queries, sockets and timers), and an expired one starts none", async () => {
  let cancelled = 0;
  let started = 0;
  const pending = () => {
    started++;
    return new Promise<never>(() => {});
  };
  const controller = new AbortController();
  const waiting = untilAborted(controller.signal, pending, () => cancelled++);
  controller.abort();
  await assert.rejects(waiting, TimeoutError);
  assert.deepEqual({ started, cancelled }, { started: 1, cancelled: 1 });

  await assert.rejects(untilAborted(controller.signal, pending, () => cancelled++), TimeoutError);
  assert.deepEqual({ started, cancelled }, { started: 1, cancelled: 1 });

  const later = new AbortController();
  assert.equal(await untilAborted(later.signal, async () => 'done', () => cancelled++), 'done');
  later.abort();
  assert.equal(cancelled, 1);
});

test('resolver errors in glibc words; of several, the one that says more', () => {
  const error = (code: string, message = `queryA ${code} node.test`) => Object.assign(new Error(message), { code });
  const reason = (...codes: string[]): string => resolutionError(codes.map((code) => error(code))).message;
  assert.equal(reason('ENOTFOUND'), "getaddrinfo error 'Name or service not known'");
  assert.equal(reason('ENODATA'), "getaddrinfo error 'Name or service not known'");
  assert.equal(reason('EAI_AGAIN'), "getaddrinfo error 'Temporary failure in name resolution'");
  assert.equal(reason('ETIMEOUT'), "getaddrinfo error 'Temporary failure in name resolution'");
  assert.equal(reason('ESERVFAIL'), "getaddrinfo error 'Temporary failure in name resolution'");
  assert.equal(reason('EAI_FAIL'), "getaddrinfo error 'Non-recoverable failure in name resolution'");
  assert.equal(reason('EBADRESP'), "getaddrinfo error 'queryA EBADRESP node.test'");
  // The AAAA query found nothing, the A query timed out: the name may exist.
  assert.equal(reason('ENODATA', 'ETIMEOUT'), "getaddrinfo error 'Temporary failure in name resolution'");
  assert.equal(resolutionError([]).message, "getaddrinfo error 'Name or service not known'");
});

test('--dns-server values', () => {
  assert.deepEqual(parseDnsServer('9.9.9.9'), { host: '9.9.9.9', port: 53 });
  assert.deepEqual(parseDnsServer('127.0.0.1:5353'), { host: '127.0.0.1', port: 5353 });
  assert.deepEqual(parseDnsServer('[::1]:5353'), { host: '::1', port: 5353 });
  assert.deepEqual(parseDnsServer('2620:fe::fe'), { host: '2620:fe::fe', port: 53 });
  for (const text of ['dns.quad9.net', '127.0.0.1:0', '127.0.0.1:65536', '', '[::1']) {
    assert.throws(() => parseDnsServer(text), {
      name: 'InputError',
      message: `dns-server: expected an IP address and an optional port (9.9.9.9, 9.9.9.9:53, [::1]:5353), got '${text}'`,
    });
  }
});
