import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseListenAddress } from '../../src/listen/listen-address.js';
import { isRoutable } from '../../src/listen/routable.js';

test('--listen takes [host:]port, [ipv6]:port or a socket path; the host defaults to loopback', () => {
  assert.deepEqual(parseListenAddress('9735'), { host: '127.0.0.1', port: 9735 });
  assert.deepEqual(parseListenAddress('0.0.0.0:0'), { host: '0.0.0.0', port: 0 });
  assert.deepEqual(parseListenAddress('[::1]:9735'), { host: '::1', port: 9735 });
  assert.deepEqual(parseListenAddress('/tmp/ln.sock'), { path: '/tmp/ln.sock' });
  for (const bad of ['', 'host:', ':9735', '70000', '[nothost]:1', '1.2.3.4:99999']) {
    assert.throws(() => parseListenAddress(bad), /listen: expected \[host:\]port, \[ipv6\]:port or \/path\/to\/socket/, bad);
  }
});

test('remote_addr is only worth sending for routable addresses', () => {
  assert.equal(isRoutable('127.0.0.1', 'ipv4'), false);
  assert.equal(isRoutable('192.168.1.5', 'ipv4'), false);
  assert.equal(isRoutable('100.64.0.1', 'ipv4'), false);
  assert.equal(isRoutable('8.8.8.8', 'ipv4'), true);
  assert.equal(isRoutable('::1', 'ipv6'), false);
  assert.equal(isRoutable('fe80::1', 'ipv6'), false);
  assert.equal(isRoutable('2001:db8::1', 'ipv6'), true);
});
