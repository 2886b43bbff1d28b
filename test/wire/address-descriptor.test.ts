import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAddressDescriptor, encodeAddressDescriptor, type NetworkAddress } from '../../src/wire/address-descriptor.js';
import { WireError } from '../../src/wire/errors.js';
import { hex, unhex } from '../helpers/fixtures.js';

const ONION = '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion';
const ONION_RAW = 'd1b38b83a83b3ed918c5bb69dd444ad56bc8d5835a914de73447474e5f02591bddd903';

function roundTrip(address: NetworkAddress, bytes: string): void {
  assert.equal(hex(encodeAddressDescriptor(address)), bytes.replace(/ /g, ''));
  assert.deepEqual(decodeAddressDescriptor(unhex(bytes.replace(/ /g, ''))), address);
}

describe('BOLT 7 address descriptors', () => {
  it('type 1: IPv4', () => roundTrip({ type: 'ipv4', address: '127.0.0.1', port: 9735 }, '01 7f000001 2607'));

  it('type 2: IPv6', () => {
    roundTrip({ type: 'ipv6', address: '2001:db8::1', port: 19735 }, '02 20010db8000000000000000000000001 4d17');
    roundTrip({ type: 'ipv6', address: '::ffff:192.0.2.1', port: 1 }, '02 00000000000000000000ffffc0000201 0001');
  });

  it('type 4: Tor v3, the checksum checked', () => {
    roundTrip({ type: 'torv3', address: ONION, port: 9735 }, `04 ${ONION_RAW} 2607`);
    const bad = `04 ${ONION_RAW.slice(0, 64)}dd0903 2607`.replace(/ /g, '');
    assert.throws(() => decodeAddressDescriptor(unhex(bad)), {
      name: 'WireError',
      message: 'address descriptor: Invalid Tor address: it has a bad checksum',
    });
    const v2 = `04 ${ONION_RAW.slice(0, 68)}02 2607`.replace(/ /g, '');
    assert.throws(() => decodeAddressDescriptor(unhex(v2)), {
      message: "address descriptor: Invalid Tor address: it has version 2, not 3 (a v3 name ends in 'd' before .onion)",
    });
  });

  it('type 5: DNS hostname', () => {
    roundTrip({ type: 'dns', address: 'node.example.com', port: 9735 }, '05 10 6e6f64652e6578616d706c652e636f6d 2607');
    const longest = ['a', 'b', 'c', 'd'].map((c) => c.repeat(63)).join('.');
    roundTrip({ type: 'dns', address: longest, port: 9735 }, `05 ff ${Buffer.from(longest).toString('hex')} 2607`);
  });

  it('refuses hostnames that are empty or not host names (RFC 1123), naming a control character by its escape', () => {
    assert.throws(() => decodeAddressDescriptor(unhex('05 00 2607'.replace(/ /g, ''))), {
      name: 'WireError',
      message: 'address descriptor: the host name is empty',
    });
    assert.throws(() => decodeAddressDescriptor(unhex('05 03 611b62 2607'.replace(/ /g, ''))), {
      name: 'WireError',
      message: "address descriptor: '\\x1b' is not allowed in a host name (only letters, digits, '-' and '.')",
    });
    assert.throws(() => decodeAddressDescriptor(unhex(`05 40 ${'61'.repeat(64)} 2607`.replace(/ /g, ''))), {
      name: 'WireError',
      message: `address descriptor: the label '${'a'.repeat(64)}' is 64 characters long, more than 63`,
    });
    assert.throws(() => decodeAddressDescriptor(unhex('05 03 612062 2607'.replace(/ /g, ''))), WireError);
    assert.throws(() => decodeAddressDescriptor(unhex('05 02 c3a9 2607'.replace(/ /g, ''))), WireError);
    for (const address of ['', 'a b', 'bücher.example', 'a'.repeat(256)]) {
      assert.throws(() => encodeAddressDescriptor({ type: 'dns', address, port: 9735 }), RangeError, address);
    }
  });

  it('refuses Tor v2 and unknown types', () => {
    assert.throws(() => decodeAddressDescriptor(unhex(`03${'00'.repeat(10)}2607`)), {
      message: 'address descriptor: Tor v2 addresses are obsolete',
    });
    assert.throws(() => decodeAddressDescriptor(unhex('06')), {
      message: 'address descriptor: unknown address descriptor type 6',
    });
  });

  it('refuses short and long descriptors', () => {
    assert.throws(() => decodeAddressDescriptor(unhex('017f00000126')), {
      message: 'address descriptor: truncated at byte 5: 2 bytes needed, 1 left',
    });
    assert.throws(() => decodeAddressDescriptor(unhex('05057a')), WireError);
    assert.throws(() => decodeAddressDescriptor(unhex('017f000001260700')), {
      message: 'address descriptor: 1 unexpected byte at the end',
    });
    assert.throws(() => decodeAddressDescriptor(unhex('')), WireError);
  });

  it('decodes port 0 as sent, for the caller to ignore', () => {
    assert.deepEqual(decodeAddressDescriptor(unhex('017f0000010000')), { type: 'ipv4', address: '127.0.0.1', port: 0 });
  });

  it('refuses to encode what is not an address of its type', () => {
    const bad: NetworkAddress[] = [
      { type: 'ipv4', address: '::1', port: 9735 },
      { type: 'ipv4', address: 'localhost', port: 9735 },
      { type: 'ipv6', address: '127.0.0.1', port: 9735 },
      { type: 'torv3', address: 'expyuzz4wqqyqhjn.onion', port: 9735 },
      { type: 'ipv4', address: '127.0.0.1', port: 65536 },
    ];
    for (const a of bad) assert.throws(() => encodeAddressDescriptor(a), RangeError, JSON.stringify(a));
    assert.throws(() => encodeAddressDescriptor({ type: 'ipv4', address: '1.2.3', port: 1 }), {
      message: "ipv4 address '1.2.3' is not dotted-decimal IPv4",
    });
  });
});
