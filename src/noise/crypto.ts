/**
 * The functions BOLT 8 names (08-transport.md, "Handshake State"), each as the spec defines it and
 * with the spec's argument order, so that `ecdh(e.priv, rs)` reads as `es = ECDH(e.priv, rs)`.
 */
import { createECDH, randomFillSync, type ECDH } from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf as rfc5869 } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';

export { sha256 };

export const SECRET_KEY_SIZE = 32;
export const PUBLIC_KEY_SIZE = 33;
export const MAC_SIZE = 16;

const EMPTY = new Uint8Array(0);

/** HKDF(salt, ikm): RFC 5869 with SHA-256 and empty info, 64 bytes returned as two 32-byte halves. */
export function hkdf(salt: Uint8Array, ikm: Uint8Array): [Uint8Array, Uint8Array] {
  const out = rfc5869(sha256, ikm, salt, EMPTY, 64);
  return [out.subarray(0, 32), out.subarray(32)];
}

/**
 * ECDH(k, rk): SHA-256 of the *compressed* point k·rk.
 *
 * The scalar multiplication runs in OpenSSL (node:crypto): native and constant-time, where a
 * cold JavaScript ladder costs a one-shot process over 10 ms per call. OpenSSL returns only the
 * x coordinate, and the spec also hashes y's parity. Two points have that x, Q and -Q; of them,
 * only the true k·rk plus rk has the x of (k+1)·rk, which OpenSSL computes too (Q + rk and
 * -Q + rk could share an x only if 2·Q or 2·rk were the point at infinity, and the curve's order
 * is an odd prime). noble lifts x to a point and adds.
 * At k = n-1 there is no k+1, but then k·rk is exactly -rk.
 * Branching on the parity leaks no more than noble's own lift_x, which branches on it too.
 */
export function ecdh(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const remote = secp.Point.fromBytes(publicKey);
  const k = secp.etc.bytesToNumberBE(secretKey);
  let shared: secp.Point;
  if (k === secp.Point.CURVE().n - 1n) {
    shared = remote.negate();
  } else {
    const even = secp.Point.fromBytes(prefixed(0x02, multiplyX(secretKey, publicKey)));
    const nextX = secp.etc.bytesToNumberBE(multiplyX(secp.etc.numberToBytesBE(k + 1n), publicKey));
    // At k = 1 with an odd rk, even + rk is the point at infinity, whose x noble gives as 0.
    shared = even.add(remote).toAffine().x === nextX ? even : even.negate();
  }
  return sha256(shared.toBytes(true));
}

/** The x coordinate of k·P. */
function multiplyX(secretKey: Uint8Array, publicKey: Uint8Array): Buffer {
  return openSslKey(secretKey).computeSecret(publicKey);
}

function openSslKey(secretKey: Uint8Array): ECDH {
  const key = createECDH('secp256k1');
  key.setPrivateKey(secretKey);
  return key;
}

function prefixed(prefix: number, x: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(PUBLIC_KEY_SIZE);
  bytes[0] = prefix;
  bytes.set(x, 1);
  return bytes;
}

/**
 * The compressed public key of a secret key, from node:crypto rather than noble: noble's first
 * base-point multiplication builds a precomputation table, 70-110 ms on this project's 2-core
 * machine against under 1 ms for OpenSSL, and a process that makes one handshake would pay for
 * that table and never use it again.
 */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return new Uint8Array(openSslKey(secretKey).getPublicKey(null, 'compressed'));
}

/** Whether 32 bytes are a usable secret key: not zero, and below the curve order. */
export function isSecretKey(bytes: Uint8Array): boolean {
  return bytes.length === SECRET_KEY_SIZE && secp.utils.isValidSecretKey(bytes);
}

/** Whether bytes are a compressed point on the curve: 33 bytes, prefix 02 or 03, and an x that has a y. */
export function isPublicKey(bytes: Uint8Array): boolean {
  return secp.utils.isValidPublicKey(bytes, true);
}

/** generateKey()'s secret half: 32 uniform random bytes, drawn again in the 2^-128 case that they are not a valid scalar. */
export function randomSecretKey(): Uint8Array {
  for (;;) {
    const key = randomFillSync(new Uint8Array(SECRET_KEY_SIZE));
    if (isSecretKey(key)) return key;
  }
}

/** The 96-bit nonce: 32 zero bits, then the counter as a *little-endian* 64-bit integer (Noise's order, not Lightning's). */
function nonce(n: number): Uint8Array {
  const bytes = new Uint8Array(12);
  new DataView(bytes.buffer).setBigUint64(4, BigInt(n), true);
  return bytes;
}

/** encryptWithAD(k, n, ad, plaintext): ChaCha20-Poly1305 (IETF), ciphertext followed by the 16-byte MAC. */
export function encryptWithAD(key: Uint8Array, n: number, ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return chacha20poly1305(key, nonce(n), ad).encrypt(plaintext);
}

/** decryptWithAD(k, n, ad, ciphertext); undefined when the MAC does not verify, for callers to name the failure. */
export function decryptWithAD(key: Uint8Array, n: number, ad: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
  if (ciphertext.length < MAC_SIZE) return undefined;
  try {
    return chacha20poly1305(key, nonce(n), ad).decrypt(ciphertext);
  } catch {
    // noble throws only for a MAC mismatch here: key and nonce sizes are fixed above, length checked.
    return undefined;
  }
}
