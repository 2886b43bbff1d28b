import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as secp from '@noble/secp256k1';
import { ecdh, publicKeyOf, sha256 } from '../../src/noise/crypto.js';
import { hex } from '../helpers/fixtures.js';

// ecdh() multiplies in OpenSSL and recovers y's parity with one noble addition; noble's own
// ladder (getSharedSecret) is the reference it must agree with, byte for byte.
const reference = (k: Uint8Array, pub: Uint8Array): string => hex(sha256(secp.getSharedSecret(k, pub, true)));
const N = secp.Point.CURVE().n;
const scalar = (n: bigint): Uint8Array => secp.etc.numberToBytesBE(n);

/** A public key whose y is even (prefix 02) or odd (03), found by trying random keys. */
function publicKeyWithPrefix(prefix: 0x02 | 0x03): Uint8Array {
  for (;;) {
    const pub = publicKeyOf(secp.utils.randomSecretKey());
    if (pub[0] === prefix) return pub;
  }
}

test('ecdh agrees with noble getSharedSecret on 200 random key pairs, both parities of the result', () => {
  const parities = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const k = secp.utils.randomSecretKey();
    const pub = publicKeyOf(secp.utils.randomSecretKey());
    assert.equal(hex(ecdh(k, pub)), reference(k, pub), `k=<secret> pub=${hex(pub)}`);
    parities.add(secp.getSharedSecret(k, pub, true)[0]!);
  }
  assert.deepEqual([...parities].sort(), [0x02, 0x03]);
});

test('ecdh at the ends of the scalar range: k = 1, 2, n-2 and n-1, with even and odd remote keys', () => {
  for (const prefix of [0x02, 0x03] as const) {
    const pub = publicKeyWithPrefix(prefix);
    for (const k of [1n, 2n, N - 2n, N - 1n]) {
      assert.equal(hex(ecdh(scalar(k), pub)), reference(scalar(k), pub), `k=${k === 1n || k === 2n ? k : `n-${N - k}`} prefix=0${prefix}`);
    }
  }
});

test('ecdh with k = 1 is SHA-256 of the remote key itself, and with k = n-1 of its negation', () => {
  const pub = publicKeyWithPrefix(0x03);
  assert.equal(hex(ecdh(scalar(1n), pub)), hex(sha256(pub)));
  assert.equal(hex(ecdh(scalar(N - 1n), pub)), hex(sha256(Uint8Array.of(0x02, ...pub.subarray(1)))));
});

test('ecdh refuses a remote key that is not on the curve', () => {
  const offCurve = Uint8Array.of(0x02, ...new Uint8Array(31), 0x05); // x = 5: 5³ + 7 = 132 has no square root mod p
  assert.throws(() => ecdh(new Uint8Array(32).fill(1), offCurve), /not on curve/);
});
