import { decryptWithAD, encryptWithAD, hkdf2, sha256 } from './crypto.js';

const PROTOCOL_NAME = new TextEncoder().encode('Noise_XK_secp256k1_ChaChaPoly_SHA256');
const PROLOGUE = new TextEncoder().encode('lightning');
const EMPTY = new Uint8Array(0);

/**
 * The handshake state both roles share: the chaining key `ck`, the handshake hash `h`, and the
 * temporary key of the current act. Initiator and responder differ only in the order they call
 * these, so the operations live here once.
 */
export class SymmetricState {
  /** ck: accumulates every ECDH result; the transport keys are derived from its final value. */
  private ck: Uint8Array;
  /** h: the hash of everything sent and received so far, authenticated by each act's MAC. */
  private h: Uint8Array;
  /** temp_k1, temp_k2, temp_k3 in turn: the key of the act in progress. */
  private tempKey: Uint8Array = EMPTY;

  /** Initialisation, steps 1-3: both sides start from the responder's static public key. */
  constructor(responderStaticKey: Uint8Array) {
    // 1. h = SHA-256(protocolName); ck = h
    this.h = sha256(PROTOCOL_NAME);
    this.ck = this.h;
    // 2. h = SHA-256(h || prologue)
    this.mixHash(PROLOGUE);
    // 3. h = SHA-256(h || rs.pub.serializeCompressed())
    this.mixHash(responderStaticKey);
  }

  get handshakeHash(): Uint8Array {
    return this.h;
  }

  get chainingKey(): Uint8Array {
    return this.ck;
  }

  mixHash(data: Uint8Array): void {
    this.h = sha256.create().update(this.h).update(data).digest();
  }

  /** ck, temp_k = HKDF(ck, ikm) */
  mixKey(inputKeyMaterial: Uint8Array): void {
    [this.ck, this.tempKey] = hkdf2(this.ck, inputKeyMaterial);
  }

  /** c = encryptWithAD(temp_k, n, h, plaintext); h = SHA-256(h || c) */
  encryptAndHash(n: number, plaintext: Uint8Array): Uint8Array {
    const c = encryptWithAD(this.tempKey, n, this.h, plaintext);
    this.mixHash(c);
    return c;
  }

  /** p = decryptWithAD(temp_k, n, h, c); h = SHA-256(h || c). Undefined when the MAC fails. */
  decryptAndHash(n: number, c: Uint8Array): Uint8Array | undefined {
    const p = decryptWithAD(this.tempKey, n, this.h, c);
    if (p !== undefined) this.mixHash(c);
    return p;
  }

  /** sk, rk = HKDF(ck, zero) for the initiator; the responder reads the halves the other way round. */
  split(): { first: Uint8Array; second: Uint8Array; ck: Uint8Array } {
    const [first, second] = hkdf2(this.ck, EMPTY);
    return { first, second, ck: this.ck };
  }
}
