/**
 * BOLT 8's encrypted transport (08-transport.md, "Lightning Message Specification" and "Lightning
 * Message Key Rotation"): each message goes out as two AEAD ciphertexts, its 2-byte length
 * (18 bytes with the MAC), then its body (length + 16).
 */
import { decryptWithAD, encryptWithAD, hkdf, MAC_SIZE } from './crypto.js';
import { TransportError } from './errors.js';

export const LENGTH_HEADER_SIZE = 2 + MAC_SIZE;
export const MAX_MESSAGE_SIZE = 65535;

/** A key is rotated once its nonce reaches 1000: after 500 messages, since each takes two nonces. */
const ROTATE_AT = 1000;
const EMPTY = new Uint8Array(0);

/** One direction's key `k`, nonce `n` and chaining key (sck or rck); each direction rotates on its own. */
class CipherState {
  #key: Uint8Array;
  #chainingKey: Uint8Array;
  #nonce = 0;

  constructor(key: Uint8Array, chainingKey: Uint8Array) {
    this.#key = key;
    this.#chainingKey = chainingKey;
  }

  encrypt(plaintext: Uint8Array): Uint8Array {
    const c = encryptWithAD(this.#key, this.#nonce, EMPTY, plaintext);
    this.#advance();
    return c;
  }

  /** Undefined when the MAC fails; the nonce then stays, since the stream is unusable anyway. */
  decrypt(ciphertext: Uint8Array): Uint8Array | undefined {
    const p = decryptWithAD(this.#key, this.#nonce, EMPTY, ciphertext);
    if (p !== undefined) this.#advance();
    return p;
  }

  #advance(): void {
    if (++this.#nonce < ROTATE_AT) return;
    // 1. Let ck be the chaining key (i.e. rck for rk or sck for sk): this direction's own.
    // 2. ck', k' = HKDF(ck, k)
    // 3. Reset the nonce for the key to n = 0.
    // 4-5. k = k', ck = ck'
    [this.#chainingKey, this.#key] = hkdf(this.#chainingKey, this.#key);
    this.#nonce = 0;
  }
}

/**
 * Encrypts and decrypts messages after the handshake. Reading takes two calls because the body's
 * size is known only once its length header is decrypted: decryptLength(18 bytes) gives `l`, then
 * decryptBody(l + 16 bytes) gives the message.
 */
export class Transport {
  readonly #sending: CipherState;
  readonly #receiving: CipherState;
  /** The body size the last decryptLength announced, until decryptBody takes it. */
  #bodySize: number | undefined;

  /** sk and rk are this side's sending and receiving keys; ck is the handshake's final chaining key. */
  constructor(keys: { sk: Uint8Array; rk: Uint8Array; ck: Uint8Array }) {
    this.#sending = new CipherState(keys.sk, keys.ck);
    this.#receiving = new CipherState(keys.rk, keys.ck);
  }

  /** The wire bytes of one message: lc || c, 18 + length + 16 bytes. */
  encrypt(message: Uint8Array): Uint8Array {
    if (message.length > MAX_MESSAGE_SIZE) {
      throw new RangeError(`message of ${message.length} bytes exceeds BOLT 8's limit of ${MAX_MESSAGE_SIZE}`);
    }
    const length = new Uint8Array(2);
    new DataView(length.buffer).setUint16(0, message.length);
    const lc = this.#sending.encrypt(length);
    const c = this.#sending.encrypt(message);
    const frame = new Uint8Array(lc.length + c.length);
    frame.set(lc);
    frame.set(c, lc.length);
    return frame;
  }

  /** Decrypts an 18-byte length header; returns the message length `l` (its body is l + 16 bytes). */
  decryptLength(lc: Uint8Array): number {
    if (this.#bodySize !== undefined) throw new Error(`Transport: decryptLength called while a ${this.#bodySize}-byte body is due`);
    if (lc.length !== LENGTH_HEADER_SIZE) throw new RangeError(`length header: expected ${LENGTH_HEADER_SIZE} bytes, got ${lc.length}`);
    const length = this.#receiving.decrypt(lc);
    if (length === undefined) throw new TransportError('message length failed its MAC check');
    const l = (length[0]! << 8) | length[1]!;
    this.#bodySize = l + MAC_SIZE;
    return l;
  }

  /** Decrypts the body announced by the last decryptLength: exactly l + 16 bytes. */
  decryptBody(c: Uint8Array): Uint8Array {
    const size = this.#bodySize;
    if (size === undefined) throw new Error('Transport: decryptBody called before decryptLength');
    if (c.length !== size) {
      throw new RangeError(`message body: expected ${size} bytes (${size - MAC_SIZE} announced + ${MAC_SIZE}-byte MAC), got ${c.length}`);
    }
    const message = this.#receiving.decrypt(c);
    if (message === undefined) throw new TransportError('message body failed its MAC check');
    this.#bodySize = undefined;
    return message;
  }
}
