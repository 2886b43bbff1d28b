import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import * as secp from '@noble/secp256k1';
import { ecdh, multiplyInOpenSsl, publicKeyOf, sha256 } from '../../src/noise/crypto.js';
import { hex } from '../helpers/fixtures.js';

// ecdh() multiplies in OpenSSL, through a key whose curve names the remote point as generator;
// noble's own multiplication (getSharedSecret) is the reference it must agree with, byte for byte.
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

test('multiplyInOpenSsl: the whole point k·P, as noble computes it, both parities, this Node taking the OpenSSL path', () => {
  const parities = new Set<number>();
  for (let i = 0; i < 50; i++) {
    const k = secp.utils.randomSecretKey();
    const pub = publicKeyOf(secp.utils.randomSecretKey());
    const product = multiplyInOpenSsl(k, pub);
    assert.ok(product, 'this OpenSSL accepts explicit curve parameters');
    assert.equal(hex(product), hex(secp.getSharedSecret(k, pub, true)), `pub=${hex(pub)}`);
    parities.add(product[0]!);
  }
  assert.deepEqual([...parities].sort(), [0x02, 0x03]);
});

test('multiplyInOpenSsl with P = G and P = -G, whose parameters OpenSSL recognises as the named curve', () => {
  const G = secp.Point.BASE;
  for (const P of [G, G.negate()]) {
    for (const k of [1n, 3n, N - 1n]) {
      assert.equal(hex(multiplyInOpenSsl(scalar(k), P.toBytes(true))!), hex(P.multiply(k).toBytes(true)), `k=${k} P=${hex(P.toBytes(true))}`);
    }
  }
});

test('a point OpenSSL cannot decode is not taken for an OpenSSL that refuses explicit curves: the next good one still multiplies there', () => {
  const offCurve = Uint8Array.of(0x02, ...new Uint8Array(31), 0x05);
  const k = new Uint8Array(32).fill(1);
  assert.equal(multiplyInOpenSsl(k, offCurve), undefined);
  assert.ok(multiplyInOpenSsl(k, publicKeyOf(k)));
});

test('where OpenSSL refuses explicit curve parameters (as Fedora\'s does), ecdh gives the same bytes through noble', () => {
  // A child whose node:crypto refuses every private key import, as such an OpenSSL refuses these.
  const refuse = `import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
crypto.createPrivateKey = () => { throw new Error('refused: explicit curve parameters'); };
syncBuiltinESMExports();`;
  const k = secp.utils.randomSecretKey();
  const pubs = [publicKeyOf(secp.utils.randomSecretKey()), publicKeyOf(secp.utils.randomSecretKey())];
  const script = `import { ecdh, multiplyInOpenSsl } from ${JSON.stringify(new URL('../../src/noise/crypto.js', import.meta.url).href)};
const k = Buffer.from('${hex(k)}', 'hex');
const pubs = ${JSON.stringify(pubs.map(hex))}.map((p) => Buffer.from(p, 'hex'));
console.log(JSON.stringify({ shared: pubs.map((p) => Buffer.from(ecdh(k, p)).toString('hex')), openSsl: multiplyInOpenSsl(k, pubs[0]) ?? null }));`;
  const child = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(refuse)}`, '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), { shared: pubs.map((p) => reference(k, p)), openSsl: null });
});
