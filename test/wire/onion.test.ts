import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidOnionError, onionV3FromPubkey, parseOnionV3 } from '../../src/wire/onion.js';
import { hex, unhex } from '../helpers/fixtures.js';

/**
 * Known names, each with its ed25519 public key:
 * - the Tor Project's own onion service (torproject.org's Onion-Location header and the Tor
 *   Project's list of its onion services);
 * - the public key of RFC 8032 section 7.1 TEST 1, whose name was computed separately with
 *   Python's hashlib.sha3_256 and base64.b32encode (the same name appears in Tor tooling tests).
 * The Tor Project's key was taken from its name with Python's base64.b32decode.
 */
const KNOWN: ReadonlyArray<readonly [string, string]> = [
  ['2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion', 'd1b38b83a83b3ed918c5bb69dd444ad56bc8d5835a914de73447474e5f02591b'],
  ['25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion', 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'],
];
const TORPROJECT = KNOWN[0]![0];

test('known v3 names and their public keys, both ways', () => {
  for (const [name, pubkey] of KNOWN) {
    assert.equal(hex(parseOnionV3(name)), pubkey, name);
    assert.equal(onionV3FromPubkey(unhex(pubkey)), name, pubkey);
  }
});

test('names are read in either case', () => {
  assert.equal(hex(parseOnionV3(TORPROJECT.toUpperCase())), KNOWN[0]![1]);
});

test('each kind of bad name has its own message', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['no .onion', TORPROJECT.replace('.onion', ''), 'Invalid Tor address: it does not end in .onion'],
    [
      "Tor v2 (the Tor Project's old name)",
      'expyuzz4wqqyqhjn.onion',
      "Tor v2 onion addresses are obsolete (Tor removed them in 2021); use the node's v3 address",
    ],
    ['a character short', TORPROJECT.slice(1), 'Invalid Tor address: a v3 onion name has 56 characters before .onion, this one has 55'],
    ['a subdomain', `www.${TORPROJECT}`, 'Invalid Tor address: a v3 onion name has 56 characters before .onion, this one has 60'],
    [
      'not base32',
      TORPROJECT.replace('2gzy', '2g1y'),
      "Invalid Tor address: '1' (character 3) is not base32: onion names use only a-z and 2-7",
    ],
    // The last character holds the version's low bits: 'e' makes it 4.
    ['version 4', TORPROJECT.replace('53wid', '53wie'), "Invalid Tor address: it has version 4, not 3 (a v3 name ends in 'd' before .onion)"],
    ['one letter of the key changed', TORPROJECT.replace('2gzy', '2gzz'), 'Invalid Tor address: it has a bad checksum'],
    ['one letter of the checksum changed', TORPROJECT.replace('53wid', '52wid'), 'Invalid Tor address: it has a bad checksum'],
  ];
  for (const [what, name, message] of cases) {
    assert.throws(() => parseOnionV3(name), (err: unknown) => err instanceof InvalidOnionError && err.message === message, what);
  }
});

test('a public key must have 32 bytes', () => {
  assert.throws(() => onionV3FromPubkey(new Uint8Array(33)), new RangeError('a Tor v3 public key has 32 bytes, not 33'));
});
