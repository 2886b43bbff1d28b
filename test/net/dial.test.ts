import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { TimeoutError } from '../../src/errors.js';
import type { Address } from '../../src/net/address.js';
import { dial } from '../../src/net/dial.js';
import { socketErrorReason } from '../../src/net/socket-errors.js';
import { hasIPv6Loopback, refusingPort } from '../helpers/ports.js';

/** A bound for each test's waits: a bug fails the test instead of hanging it. */
const testDeadline = (): AbortSignal => AbortSignal.timeout(5000);

/** A server that hangs up on whoever connects, until the test ends (even one that fails half way). */
async function listen(t: TestContext, ...args: [port: number, host: string] | [path: string]): Promise<Server> {
  const server = createServer((socket) => socket.end());
  t.after(() => new Promise((resolve) => server.close(resolve)));
  server.listen(...(args as [number, string]));
  await once(server, 'listening');
  return server;
}

/** Runs `work`; resolves with how many of the sockets opened meanwhile (either end) are still open. */
async function socketsLeftOpen(work: () => Promise<unknown>): Promise<number> {
  const open = new Set<number>();
  const hook = createHook({
    init: (id, type) => void (type === 'TCPWRAP' || type === 'PIPEWRAP' ? open.add(id) : undefined),
    destroy: (id) => void open.delete(id),
  }).enable();
  try {
    await work();
    await new Promise(setImmediate);
  } finally {
    hook.disable();
  }
  return open.size;
}

test('TCP to IPv4 and IPv6 loopback', async (t) => {
  const v6 = await hasIPv6Loopback();
  for (const [type, host] of [['ipv4', '127.0.0.1'], ['ipv6', '::1']] as const) {
    if (type === 'ipv6' && !v6) {
      t.diagnostic('no IPv6 loopback on this machine: [::1] not tried');
      continue;
    }
    const server = await listen(t, 0, host);
    const port = (server.address() as AddressInfo).port;
    const socket = await dial({ type, address: host, port }, { signal: testDeadline() });
    assert.deepEqual([socket.remoteAddress, socket.remotePort], [host, port]);
    socket.destroy();
  }
});

test('a unix socket', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'ln-connect-dial-')), 'node.sock');
  const server = await listen(t, path);
  const accepted = once(server, 'connection');
  const socket = await dial({ type: 'local socket', socket: path }, { signal: testDeadline() });
  await accepted;
  socket.destroy();
});

test('failures in strerror words: a refused port, a missing unix socket', async (t) => {
  const port = await refusingPort(t);
  await assert.rejects(dial({ type: 'ipv4', address: '127.0.0.1', port }, { signal: testDeadline() }), { name: 'AttemptError', message: 'Connection refused' });
  const missing = join(mkdtempSync(join(tmpdir(), 'ln-connect-dial-')), 'absent.sock');
  await assert.rejects(dial({ type: 'local socket', socket: missing }, { signal: testDeadline() }), {
    name: 'AttemptError',
    message: 'No such file or directory',
  });
});

test('an onion or an unresolved name without a proxy: need a proxy, and nothing is dialled', async () => {
  const addresses: Address[] = [
    { type: 'torv3', address: '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion', port: 9735 },
    { type: 'dns', address: 'node.example.invalid', port: 9735 },
  ];
  for (const address of addresses) {
    const opened = await socketsLeftOpen(() => assert.rejects(dial(address, { signal: testDeadline() }), { name: 'AttemptError', message: 'need a proxy' }));
    assert.equal(opened, 0);
  }
});

test('an abort mid-connect rejects with TimeoutError and leaves no socket behind', async (t) => {
  const server = await listen(t, 0, '127.0.0.1');
  const address: Address = { type: 'ipv4', address: '127.0.0.1', port: (server.address() as AddressInfo).port };
  const controller = new AbortController();
  const leftOpen = await socketsLeftOpen(async () => {
    const dialling = dial(address, { signal: controller.signal });
    controller.abort();
    await assert.rejects(dialling, TimeoutError);
    // A deadline that has already passed opens nothing.
    await assert.rejects(dial(address, { signal: controller.signal }), TimeoutError);
  });
  assert.equal(leftOpen, 0);
});

test('socket error codes in Core Lightning words; unknown codes keep their message', () => {
  const reason = (code: string, message = `connect ${code}`): string => socketErrorReason(Object.assign(new Error(message), { code }));
  assert.equal(reason('ECONNRESET'), 'Connection reset by peer');
  assert.equal(reason('EHOSTUNREACH'), 'No route to host');
  assert.equal(reason('ENETUNREACH'), 'Network is unreachable');
  assert.equal(reason('ETIMEDOUT'), 'Connection timed out');
  assert.equal(reason('EACCES'), 'Permission denied');
  assert.equal(reason('ECONNABORTED'), 'Software caused connection abort');
  assert.equal(reason('EPIPE'), 'Broken pipe');
  assert.equal(reason('EADDRNOTAVAIL'), 'Cannot assign requested address');
  assert.equal(reason('EWHATEVER', 'connect EWHATEVER 127.0.0.1:1'), 'connect EWHATEVER 127.0.0.1:1');
});
