import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../src/wire/ip.js';
import { hex, unhex } from '../helpers/fixtures.js';

describe('IPv4 text', () => {
  it('round-trips dotted decimal', () => {
    assert.equal(hex(parseIPv4('203.0.113.7')!), 'cb007107');
    assert.equal(formatIPv4(unhex('cb007107')), '203.0.113.7');
    assert.equal(hex(parseIPv4('0.0.0.0')!), '00000000');
    assert.equal(hex(parseIPv4('255.255.255.255')!), 'ffffffff');
  });

  it('refuses anything else, leading zeros included (octal to some parsers)', () => {
    const bad = ['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-4', '1.2.3.4 ', '', 'a.b.c.d', '1..3.4'];
    for (const text of bad) {
      assert.equal(parseIPv4(text), undefined, text);
    }
  });
});

describe('IPv6 text', () => {
  // Expected texts are what Node prints for these bytes (socket.remoteAddress, via inet_ntop).
  const cases: [string, string][] = [
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010db8000100000000000100000000', '2001:db8:1::1:0:0'],
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['fe800000000000000000000000000000', 'fe80::'],
    ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1'],
    ['000000000000000000000000c0000201', '::192.0.2.1'],
    ['abcdef0000000000000000000000abcd', 'abcd:ef00::abcd'],
  ];

  it('formats as inet_ntop does', () => {
    for (const [bytes, text] of cases) assert.equal(formatIPv6(unhex(bytes)), text, bytes);
  });

  it('parses what it formats', () => {
    for (const [bytes, text] of cases) assert.equal(hex(parseIPv6(text)!), bytes, text);
  });

  it('parses uncompressed, upper case and embedded IPv4 forms', () => {
    assert.equal(hex(parseIPv6('2001:DB8:0:0:0:0:0:1')!), '20010db8000000000000000000000001');
    assert.equal(hex(parseIPv6('2001:0db8:0000::0001')!), '20010db8000000000000000000000001');
    assert.equal(hex(parseIPv6('1:2:3:4:5:6:7::')!), '00010002000300040005000600070000');
    assert.equal(hex(parseIPv6('::1:2:3:4:5:6:7')!), '00000001000200030004000500060007');
    assert.equal(hex(parseIPv6('1:2:3:4:5:6:1.2.3.4')!), '00010002000300040005000601020304');
  });

  it('refuses malformed text', () => {
    for (const text of [
      '',
      ':',
      ':::',
      '1::2::3',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8::',
      '12345::',
      'g::',
      ':1::',
      '1.2.3.4::',
      '::1.2.3.4:1',
      '1:2:3:4:5:6:7:1.2.3.4',
      'fe80::1%eth0',
      '[::1]',
    ]) {
      assert.equal(parseIPv6(text), undefined, text);
    }
  });
});
