import { decryptWithAD, encryptWithAD, hkdf, sha256 } from './crypto.js';

const PROTOCOL_NAME = new TextEncoder().encode('Noise_XK_secp256k1_ChaChaPoly_SHA256');
const PROLOGUE = new TextEncoder().encode('lightning');
const EMPTY = new Uint8Array(0);

/**
 * The handshake state both roles share: the chaining key `ck`, the handshake hash `h` and the
 * temporary key of the act in progress. Initiator and responder differ only in the order they
 * call these operations, so each is written once, here.
 *
 * Fields are ES-private (#) rather than TypeScript-private so that neither console.log nor
 * JSON.stringify can ever show a key.
 */
export class SymmetricState {
  /** ck: accumulates every ECDH result; the transport keys come from its final value. */
  #ck: Uint8Array;
  /** h: the hash of everything sent and received so far, which each act's MAC authenticates. */
  #h: Uint8Array;
  /** temp_k1, temp_k2 and temp_k3 in turn. */
  #tempKey: Uint8Array = EMPTY;

  /** Handshake State Initialization; both sides start from the responder's static public key. */
  constructor(responderStaticKey: Uint8Array) {
    // 1. h = SHA-256(protocolName)
    this.#h = sha256(PROTOCOL_NAME);
    // 2. ck = h
    this.#ck = this.#h;
    // 3. h = SHA-256(h || prologue)
    this.mixHash(PROLOGUE);
    // As a concluding step, both sides mix the responder's public key into the handshake digest:
    // h = SHA-256(h || rs.pub.serializeCompressed()), which the responder knows as ls.pub.
    this.mixHash(responderStaticKey);
  }

  /** h, which both sides hold equal after each act. */
  get handshakeHash(): Uint8Array {
    return this.#h;
  }

  /** h = SHA-256(h || data) */
  mixHash(data: Uint8Array): void {
    this.#h = sha256.create().update(this.#h).update(data).digest();
  }

  /** ck, temp_k = HKDF(ck, ss) */
  mixKey(sharedSecret: Uint8Array): void {
    [this.#ck, this.#tempKey] = hkdf(this.#ck, sharedSecret);
  }

  /** c = encryptWithAD(temp_k, n, h, plaintext); h = SHA-256(h || c) */
  encryptAndHash(n: number, plaintext: Uint8Array): Uint8Array {
    const c = encryptWithAD(this.#tempKey, n, this.#h, plaintext);
    this.mixHash(c);
    return c;
  }

  /** p = decryptWithAD(temp_k, n, h, c); h = SHA-256(h || c). Undefined when the MAC fails. */
  decryptAndHash(n: number, c: Uint8Array): Uint8Array | undefined {
    const p = decryptWithAD(this.#tempKey, n, this.#h, c);
    if (p !== undefined) this.mixHash(c);
    return p;
  }

  /**
   * sk, rk = HKDF(ck, zero), named by direction since the responder reads the halves the other
   * way round; with the final ck, from which both directions' keys later rotate.
   */
  split(): { initiatorToResponder: Uint8Array; responderToInitiator: Uint8Array; chainingKey: Uint8Array } {
    const [initiatorToResponder, responderToInitiator] = hkdf(this.#ck, EMPTY);
    return { initiatorToResponder, responderToInitiator, chainingKey: this.#ck };
  }
}
