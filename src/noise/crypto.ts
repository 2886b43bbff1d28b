/**
 * The functions BOLT 8 names (08-transport.md, "Handshake State"), each as the spec defines it and
 * with the spec's argument order, so that `ecdh(e.priv, rs)` reads as `es = ECDH(e.priv, rs)`.
 */
import { createECDH, createPrivateKey, createPublicKey, randomFillSync, type KeyObject } from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf as rfc5869 } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
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

/** ECDH(k, rk): SHA-256 of the *compressed* point k·rk. */
export function ecdh(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const shared = (explicitCurves && multiplyInOpenSsl(secretKey, publicKey)) || secp.getSharedSecret(secretKey, publicKey, true);
  return sha256(shared);
}

/**
 * Whether this process's OpenSSL accepts curves given by explicit parameters: Fedora's and Red
 * Hat's builds refuse any that is not a named curve; Node's own binaries bundle an OpenSSL that
 * accepts them. Found out on the first multiplication of good input.
 */
let explicitCurves = true;

/**
 * k·P in OpenSSL (node:crypto), compressed; undefined if this OpenSSL refuses explicit curve
 * parameters, for noble to do it instead (several times slower, and over 10 ms cold).
 *
 * node:crypto's ECDH gives only x (the spec hashes y's parity too), and its computeSecret checks
 * the key pair on every call (EC_KEY_check_key: two multiplications of its own), three for one x.
 * But OpenSSL computes the public point of a private key imported without one, as the secret
 * times the curve's generator, and curve parameters may name any generator. So k, imported as a
 * key on secp256k1 restated with P as its generator, comes back with k·P as its public key: one
 * native multiplication, y included, by OpenSSL's constant-time ladder (used for any curve given
 * its order and cofactor). The restated curve is the same group, since every point but infinity
 * generates it (its order is prime). The caller has checked P; OpenSSL checks it again.
 */
export function multiplyInOpenSsl(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array | undefined {
  const der = Buffer.from(SEC1.template);
  der.set(secretKey, SEC1.secretAt);
  der.set(publicKey, SEC1.generatorAt);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'sec1' });
  } catch {
    // Bad input gets noble's own error; only good input refused means this OpenSSL cannot.
    if (isSecretKey(secretKey) && isPublicKey(publicKey)) explicitCurves = false;
    return undefined;
  } finally {
    der.fill(0);
  }
  // A SubjectPublicKeyInfo ends with the point, uncompressed, as a BIT STRING: 03 42 00 04 x y.
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const point = spki.subarray(spki.length - 65);
  if (spki[spki.length - 68] !== 0x03 || spki[spki.length - 67] !== 0x42 || spki[spki.length - 66] !== 0x00 || point[0] !== 0x04) {
    throw new Error('OpenSSL exported a public key in an unexpected encoding');
  }
  return prefixed(0x02 | (point[64]! & 1), point.subarray(1, 33));
}

/**
 * SEC 1's ECPrivateKey (RFC 5915) with explicit ECParameters (SEC 1 C.2) and no public key,
 * secret and generator zeroed, with where each goes:
 * { version 1, privateKey, [0] { version 1, fieldID { prime-field, p }, curve { a = 0, b = 7 },
 * base (compressed), order n, cofactor 1 } }.
 */
const SEC1 = (() => {
  const { p, n } = secp.Point.CURVE();
  const one = Uint8Array.of(0x02, 0x01, 0x01);
  // p and n have their top bit set, so DER puts a zero byte before them.
  const unsigned = (value: bigint): Uint8Array => der(0x02, Uint8Array.of(0), secp.etc.numberToBytesBE(value));
  const PRIME_FIELD = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x01, 0x01); // 1.2.840.10045.1.1
  const afterGenerator = concatBytes(unsigned(n), one);
  const parameters = der(
    0x30,
    one,
    der(0x30, der(0x06, PRIME_FIELD), unsigned(p)),
    der(0x30, der(0x04, new Uint8Array(32)), der(0x04, secp.etc.numberToBytesBE(7n))),
    der(0x04, new Uint8Array(PUBLIC_KEY_SIZE)),
    afterGenerator,
  );
  const afterSecret = der(0xa0, parameters);
  const template = der(0x30, one, der(0x04, new Uint8Array(SECRET_KEY_SIZE)), afterSecret);
  return {
    template,
    secretAt: template.length - afterSecret.length - SECRET_KEY_SIZE,
    generatorAt: template.length - afterGenerator.length - PUBLIC_KEY_SIZE,
  };
})();

/** A DER element; lengths here stay under 65536. */
function der(tag: number, ...content: Uint8Array[]): Uint8Array {
  const length = content.reduce((sum, part) => sum + part.length, 0);
  const header = length < 0x80 ? [tag, length] : length < 0x100 ? [tag, 0x81, length] : [tag, 0x82, length >> 8, length & 0xff];
  return concatBytes(Uint8Array.from(header), ...content);
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
  const key = createECDH('secp256k1');
  key.setPrivateKey(secretKey);
  return new Uint8Array(key.getPublicKey(null, 'compressed'));
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
