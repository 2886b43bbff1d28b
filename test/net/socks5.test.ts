import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectRequest, greeting, parseProxy, passwordRequest, proxyHostName, replyText } from '../../src/net/socks5.js';
import { hex } from '../helpers/fixtures.js';

test('RFC 1928 greeting: no-auth, plus username/password when we have credentials', () => {
  assert.equal(hex(greeting({ host: 'h', port: 1 })), '050100');
  assert.equal(hex(greeting({ host: 'h', port: 1, username: 'u', password: 'p' })), '05020002');
});

test('RFC 1929 username/password request', () => {
  assert.equal(hex(passwordRequest('ln', 'iso1')), '01' + '02' + '6c6e' + '04' + '69736f31');
});

test('CONNECT always names the host (ATYP 3), IPv6 in brackets as Core Lightning sends it', () => {
  const cases: Array<[Parameters<typeof proxyHostName>[0], string]> = [
    [{ type: 'ipv4', address: '127.0.0.1', port: 9735 }, '127.0.0.1'],
    [{ type: 'ipv6', address: '::1', port: 9735 }, '[::1]'],
    [{ type: 'dns', address: 'node.example.com', port: 9735 }, 'node.example.com'],
  ];
  for (const [address, name] of cases) assert.equal(proxyHostName(address), name);
  assert.equal(hex(connectRequest('[::1]', 9735)), '05010003' + '05' + Buffer.from('[::1]').toString('hex') + '2607');
});

test('reply codes in words, Tor extended codes included', () => {
  assert.equal(replyText(4), 'Host unreachable');
  assert.equal(replyText(0xf0), 'onion service descriptor can not be found');
  assert.equal(replyText(0x42), 'unknown reply code 66');
});

test('--proxy values', () => {
  assert.deepEqual(parseProxy('127.0.0.1'), { host: '127.0.0.1', port: 9050 });
  assert.deepEqual(parseProxy('tor.local:9150'), { host: 'tor.local', port: 9150 });
  assert.deepEqual(parseProxy('[::1]:9050'), { host: '::1', port: 9050 });
  assert.deepEqual(parseProxy('a:b:c@127.0.0.1:9050'), { host: '127.0.0.1', port: 9050, username: 'a', password: 'b:c' });
  assert.throws(() => parseProxy('127.0.0.1:99999'), /expected host\[:port\] or \[ipv6\]:port, got '127.0.0.1:99999'/);
  assert.throws(() => parseProxy('user@127.0.0.1'), /credentials must be user:password/);
});
