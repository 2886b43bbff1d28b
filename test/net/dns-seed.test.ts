import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bech32 } from '@scure/base';
import { TimeoutError } from '../../src/errors.js';
import { lookupSeed, seedQueryName } from '../../src/net/dns-seed.js';
import { hex, unhex } from '../helpers/fixtures.js';
import { TestDnsServer } from '../helpers/dns-server.js';

/** BOLT 10's example node id and its bech32 label. */
const SPEC_ID = '03acb0e75237d7b086e4fd3c7cf4da4e25856ceff03bf1fb5da213b37ac5001327';
const SPEC_LABEL = 'ln1qwktpe6jxltmpphyl578eax6fcjc2m807qalr76a5gfmx7k9qqfjwy4mctz';
const ID = unhex(SPEC_ID);

/** A bound for each test's waits: a bug fails the test instead of hanging it. */
const testDeadline = (): AbortSignal => AbortSignal.timeout(5000);

test("the node query name: BOLT 10's example, both ways", () => {
  assert.equal(seedQueryName(ID, 'seed.test'), `${SPEC_LABEL}.seed.test`);
  assert.equal(SPEC_LABEL.length, 62);
  assert.equal(hex(bech32.decodeToBytes(SPEC_LABEL).bytes), SPEC_ID);
});

test('a node query: SRV addresses first (by priority, on their ports), then A and AAAA on the default port, no duplicates', async () => {
  const virtual = `${SPEC_LABEL}.seed.test`;
  const other = 'other.seed.test';
  const dns = await TestDnsServer.start([
    { type: 'SRV', name: virtual, data: { priority: 10, weight: 1, port: 10001, target: virtual } },
    { type: 'SRV', name: virtual, data: { priority: 0, weight: 1, port: 10002, target: other } },
    // The same addresses as the A/AAAA answers below: listed once, in the SRV part.
    { type: 'SRV', name: virtual, data: { priority: 20, weight: 1, port: 9735, target: virtual } },
    // "." means no service.
    { type: 'SRV', name: virtual, data: { priority: 0, weight: 9, port: 10003, target: '.' } },
    { type: 'A', name: virtual, data: '127.0.0.1' },
    { type: 'AAAA', name: virtual, data: '::1' },
    { type: 'A', name: other, data: '127.0.0.2' },
  ]);
  try {
    assert.deepEqual(await lookupSeed(ID, 'seed.test', { signal: testDeadline(), defaultPort: 9735, dnsServer: dns.address }), [
      { type: 'ipv4', address: '127.0.0.2', port: 10002 },
      { type: 'ipv6', address: '::1', port: 10001 },
      { type: 'ipv4', address: '127.0.0.1', port: 10001 },
      { type: 'ipv6', address: '::1', port: 9735 },
      { type: 'ipv4', address: '127.0.0.1', port: 9735 },
    ]);
    const asked = (type: string, name: string): boolean => dns.questions.some((q) => q.type === type && q.name === name);
    assert.ok(asked('SRV', virtual) && asked('A', virtual) && asked('AAAA', virtual) && asked('A', other));
  } finally {
    dns.close();
  }
});

test('A answers alone mean the default port', async () => {
  const dns = await TestDnsServer.start([{ type: 'A', name: `${SPEC_LABEL}.seed.test`, data: '127.0.0.1' }]);
  try {
    assert.deepEqual(await lookupSeed(ID, 'seed.test', { signal: testDeadline(), defaultPort: 39735, dnsServer: dns.address }), [
      { type: 'ipv4', address: '127.0.0.1', port: 39735 },
    ]);
  } finally {
    dns.close();
  }
});

test('a seed that does not know the node is named in the error', async () => {
  const dns = await TestDnsServer.start([]);
  try {
    await assert.rejects(lookupSeed(ID, 'seed.test', { signal: testDeadline(), defaultPort: 9735, dnsServer: dns.address }), {
      name: 'AttemptError',
      message: "DNS seed seed.test: getaddrinfo error 'Name or service not known'",
    });
  } finally {
    dns.close();
  }
});

test('the deadline cancels a seed lookup with TimeoutError', async () => {
  const dns = await TestDnsServer.start([], { silent: true });
  const controller = new AbortController();
  const looking = lookupSeed(ID, 'seed.test', { signal: controller.signal, defaultPort: 9735, dnsServer: dns.address });
  try {
    await dns.asked(3);
  } finally {
    controller.abort();
    dns.close();
  }
  await assert.rejects(looking, TimeoutError);
});
