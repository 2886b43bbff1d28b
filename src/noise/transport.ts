import { decryptWithAD, encryptWithAD, hkdf2, MAC_SIZE } from './crypto.js';
import { TransportError } from './errors.js';

export const LENGTH_HEADER_SIZE = 2 + MAC_SIZE;
export const MAX_MESSAGE_SIZE = 65535;

/** BOLT 8 "Lightning Message Key Rotation": a key is replaced once its nonce reaches 1000. */
const ROTATE_AT = 1000;

/**
 * One direction's key, nonce and chaining key. Sending and receiving rotate independently, each
 * after its own 1000 AEAD operations (500 messages: a length and a body per message).
 */
class CipherState {
  private nonce = 0;

  constructor(
    private key: Uint8Array,
    private chainingKey: Uint8Array,
  ) {}

  encrypt(plaintext: Uint8Array): Uint8Array {
    const c = encryptWithAD(this.key, this.nonce, EMPTY, plaintext);
    this.advance();
    return c;
  }

  decrypt(ciphertext: Uint8Array, what: string): Uint8Array {
    const p = decryptWithAD(this.key, this.nonce, EMPTY, ciphertext);
    if (p === undefined) throw new TransportError(`${what} failed its MAC check (corrupted or forged data)`);
    this.advance();
    return p;
  }

  private advance(): void {
    if (++this.nonce < ROTATE_AT) return;
    // ck', k' = HKDF(ck, k)
    [this.chainingKey, this.key] = hkdf2(this.chainingKey, this.key);
    this.nonce = 0;
  }
}

const EMPTY = new Uint8Array(0);

/**
 * The encrypted transport after Act Three. A message goes out as two AEAD frames: its 2-byte
 * length (18 bytes with the MAC), then its body (length + 16). Reading is split the same way
 * because the body's size is only known once the length frame is decrypted.
 */
export class Transport {
  private readonly sending: CipherState;
  private readonly receiving: CipherState;

  constructor(keys: { sk: Uint8Array; rk: Uint8Array; ck: Uint8Array }) {
    this.sending = new CipherState(keys.sk, keys.ck);
    this.receiving = new CipherState(keys.rk, keys.ck);
  }

  encrypt(message: Uint8Array): Uint8Array {
    if (message.length > MAX_MESSAGE_SIZE) {
      throw new RangeError(`message of ${message.length} bytes exceeds the ${MAX_MESSAGE_SIZE}-byte limit of BOLT 8`);
    }
    const length = new Uint8Array(2);
    new DataView(length.buffer).setUint16(0, message.length);
    const header = this.sending.encrypt(length);
    const body = this.sending.encrypt(message);
    const frame = new Uint8Array(header.length + body.length);
    frame.set(header);
    frame.set(body, header.length);
    return frame;
  }

  /** Decrypts an 18-byte length frame; the body that follows is this many bytes plus 16. */
  decryptLength(header: Uint8Array): number {
    expectSize('length frame', header, LENGTH_HEADER_SIZE);
    const length = this.receiving.decrypt(header, 'message length');
    return new DataView(length.buffer, length.byteOffset, 2).getUint16(0);
  }

  decryptBody(body: Uint8Array): Uint8Array {
    if (body.length < MAC_SIZE) throw new RangeError(`message body: expected at least ${MAC_SIZE} bytes, got ${body.length}`);
    return this.receiving.decrypt(body, 'message body');
  }
}

function expectSize(what: string, bytes: Uint8Array, size: number): void {
  if (bytes.length !== size) throw new RangeError(`${what}: expected ${size} bytes, got ${bytes.length}`);
}
