import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onionV3Name, onionV3Problem, parseOnionV3 } from '../../src/wire/onion.js';
import { hex, unhex } from '../helpers/fixtures.js';

// The Tor Project's own onion service (torproject.org's Onion-Location), checked independently
// with Python's hashlib.sha3_256.
const NAME = '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion';
const RAW = 'd1b38b83a83b3ed918c5bb69dd444ad56bc8d5835a914de73447474e5f02591b' + 'ddd9' + '03';

describe('Tor v3 onion names', () => {
  it('decode to pubkey ‖ checksum ‖ version and back', () => {
    assert.equal(hex(parseOnionV3(NAME)!), RAW);
    assert.equal(onionV3Name(unhex(RAW)), NAME);
    assert.equal(onionV3Problem(unhex(RAW)), undefined);
  });

  it('accept upper case, print lower case', () => {
    assert.equal(hex(parseOnionV3(NAME.toUpperCase())!), RAW);
  });

  it('check the checksum and the version', () => {
    const changed = (index: number, value: number) => Uint8Array.from(unhex(RAW), (b, i) => (i === index ? value : b));
    const badChecksum = changed(33, 0xd8);
    assert.equal(onionV3Problem(badChecksum), 'has a bad checksum');
    assert.equal(onionV3Problem(changed(0, 0xd0)), 'has a bad checksum');
    assert.equal(onionV3Problem(changed(34, 4)), 'has version 4, not 3');
    assert.equal(onionV3Problem(new Uint8Array(10)), 'is 10 bytes, not 35');
    assert.equal(parseOnionV3(onionV3Name(badChecksum)), undefined);
  });

  it('refuse names that are not 56 base32 characters and .onion', () => {
    for (const name of [
      NAME.slice(1),
      NAME.replace('.onion', ''),
      NAME.replace('2gzy', '1gzy'),
      'expyuzz4wqqyqhjn.onion',
      `${NAME}.`,
      `x${NAME}`,
    ]) {
      assert.equal(parseOnionV3(name), undefined, name);
    }
  });
});
