import { ecdh, generateKeyPair, isPublicKey, MAC_SIZE, PUBLIC_KEY_SIZE, publicKeyOf } from './crypto.js';
import { HandshakeError } from './errors.js';
import { SymmetricState } from './symmetric-state.js';
import { Transport } from './transport.js';

export const ACT_ONE_SIZE = 1 + PUBLIC_KEY_SIZE + MAC_SIZE;
export const ACT_TWO_SIZE = ACT_ONE_SIZE;
export const ACT_THREE_SIZE = 1 + PUBLIC_KEY_SIZE + MAC_SIZE + MAC_SIZE;

const VERSION = 0;
const EMPTY = new Uint8Array(0);

interface KeyPair {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

function keyPair(secretKey: Uint8Array | undefined): KeyPair {
  if (secretKey === undefined) return generateKeyPair();
  if (secretKey.length !== 32) throw new RangeError(`secret key: expected 32 bytes, got ${secretKey.length}`);
  return { secretKey, publicKey: publicKeyOf(secretKey) };
}

/**
 * Act One and Act Two are the same exchange (BOLT 8 numbers their steps alike): the sender mixes
 * a fresh ephemeral key with the other side's key (rs in Act One, re in Act Two); the receiver
 * mirrors it with its own secret. Only the keys differ, so the steps are written once.
 */
function writeEphemeralAct(state: SymmetricState, e: KeyPair, remoteKey: Uint8Array): Uint8Array {
  // 1. e = generateKey() (done by the caller's constructor)
  // 2. h = SHA-256(h || e.pub.serializeCompressed())
  state.mixHash(e.publicKey);
  // 3. ss = ECDH(rs or re, e.priv)
  // 4. ck, temp_k = HKDF(ck, ss)
  state.mixKey(ecdh(e.secretKey, remoteKey));
  // 5. c = encryptWithAD(temp_k, 0, h, zero)
  // 6. h = SHA-256(h || c)
  const c = state.encryptAndHash(0, EMPTY);
  // 7. m = 0 || e.pub.serializeCompressed() || c
  return concat(Uint8Array.of(VERSION), e.publicKey, c);
}

/** The receiving side of Act One (with s.priv) or Act Two (with e.priv); returns re. */
function readEphemeralAct(state: SymmetricState, act: 1 | 2, message: Uint8Array, localSecret: Uint8Array): Uint8Array {
  const name = act === 1 ? 'act one' : 'act two';
  // 1. read exactly 50 bytes
  if (message.length !== ACT_ONE_SIZE) throw new HandshakeError(`ACT${act}_READ_FAILED`, `${name}: expected ${ACT_ONE_SIZE} bytes, got ${message.length}`);
  // 2. parse m into v, re, c
  const re = message.subarray(1, 1 + PUBLIC_KEY_SIZE);
  const c = message.subarray(1 + PUBLIC_KEY_SIZE);
  // 3. abort unless v is a known handshake version
  if (message[0] !== VERSION) throw new HandshakeError(`ACT${act}_BAD_VERSION`, `${name} has version ${message[0]}, expected ${VERSION}`);
  if (!isPublicKey(re)) throw new HandshakeError(`ACT${act}_BAD_PUBKEY`, `${name} carries an invalid ephemeral public key`);
  // 4. h = SHA-256(h || re.serializeCompressed())
  state.mixHash(re);
  // 5. ss = ECDH(re, s.priv or e.priv)
  // 6. ck, temp_k = HKDF(ck, ss)
  state.mixKey(ecdh(localSecret, re));
  // 7. p = decryptWithAD(temp_k, 0, h, c): on MAC failure, close without another message
  // 8. h = SHA-256(h || c)
  if (state.decryptAndHash(0, c) === undefined) {
    throw new HandshakeError(`ACT${act}_BAD_TAG`, act === 1 ? 'act one failed its MAC check (the initiator dialled another node id)' : 'act two failed its MAC check');
  }
  return re;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

type Step = 'act one' | 'act two' | 'act three' | 'done';

/** Guards the act order: calling an act out of turn is a bug in the caller, not the peer. */
abstract class Role {
  protected step: Step = 'act one';
  protected keys: { sk: Uint8Array; rk: Uint8Array; ck: Uint8Array } | undefined;

  protected expect(step: Step): void {
    if (this.step !== step) throw new Error(`handshake: ${step} called while at ${this.step}`);
  }

  /** The transport keys, once Act Three is done. */
  get transport(): Transport {
    if (!this.keys) throw new Error('handshake: the transport exists only after act three');
    return new Transport(this.keys);
  }
}

/**
 * Noise_XK initiator: knows the responder's static key `rs` beforehand, proves its own static key
 * in Act Three. Pure: bytes in, bytes out; the caller does the I/O.
 */
export class Initiator extends Role {
  private readonly state: SymmetricState;
  private readonly s: KeyPair;
  private readonly e: KeyPair;
  private readonly rs: Uint8Array;
  private re: Uint8Array = EMPTY;

  constructor(options: { localStaticKey: Uint8Array; remoteStaticKey: Uint8Array; ephemeralKey?: Uint8Array }) {
    super();
    if (!isPublicKey(options.remoteStaticKey)) throw new RangeError('remote static key: expected a 33-byte compressed public key');
    this.s = keyPair(options.localStaticKey);
    this.e = keyPair(options.ephemeralKey);
    this.rs = options.remoteStaticKey;
    this.state = new SymmetricState(this.rs);
  }

  actOne(): Uint8Array {
    this.expect('act one');
    const m = writeEphemeralAct(this.state, this.e, this.rs);
    this.step = 'act two';
    return m;
  }

  actTwo(message: Uint8Array): void {
    this.expect('act two');
    this.re = readEphemeralAct(this.state, 2, message, this.e.secretKey);
    this.step = 'act three';
  }

  actThree(): Uint8Array {
    this.expect('act three');
    // 1. c = encryptWithAD(temp_k2, 1, h, s.pub.serializeCompressed())
    // 2. h = SHA-256(h || c)
    const c = this.state.encryptAndHash(1, this.s.publicKey);
    // 3. ss = ECDH(re, s.priv)
    // 4. ck, temp_k3 = HKDF(ck, ss)
    this.state.mixKey(ecdh(this.s.secretKey, this.re));
    // 5. t = encryptWithAD(temp_k3, 0, h, zero)
    const t = this.state.encryptAndHash(0, EMPTY);
    // 6. sk, rk = HKDF(ck, zero)
    // 7. rn = 0, sn = 0 (a new Transport's nonces; both directions rotate from this ck)
    const { first, second, ck } = this.state.split();
    this.keys = { sk: first, rk: second, ck };
    this.step = 'done';
    // 8. m = 0 || c || t
    return concat(Uint8Array.of(VERSION), c, t);
  }
}

/** Noise_XK responder: learns the initiator's static key from Act Three. */
export class Responder extends Role {
  private readonly state: SymmetricState;
  private readonly s: KeyPair;
  private readonly e: KeyPair;
  private re: Uint8Array = EMPTY;
  private rs: Uint8Array | undefined;

  constructor(options: { localStaticKey: Uint8Array; ephemeralKey?: Uint8Array }) {
    super();
    this.s = keyPair(options.localStaticKey);
    this.e = keyPair(options.ephemeralKey);
    this.state = new SymmetricState(this.s.publicKey);
  }

  /** The initiator's static public key, authenticated by Act Three. */
  get remoteStaticKey(): Uint8Array {
    if (!this.rs) throw new Error('handshake: the remote static key is known only after act three');
    return this.rs;
  }

  actOne(message: Uint8Array): void {
    this.expect('act one');
    this.re = readEphemeralAct(this.state, 1, message, this.s.secretKey);
    this.step = 'act two';
  }

  actTwo(): Uint8Array {
    this.expect('act two');
    const m = writeEphemeralAct(this.state, this.e, this.re);
    this.step = 'act three';
    return m;
  }

  actThree(message: Uint8Array): void {
    this.expect('act three');
    // 1-2. read exactly 66 bytes; parse them into v, c, t
    if (message.length !== ACT_THREE_SIZE) {
      throw new HandshakeError('ACT3_READ_FAILED', `act three: expected ${ACT_THREE_SIZE} bytes, got ${message.length}`);
    }
    // 3. abort unless v is a known handshake version
    if (message[0] !== VERSION) throw new HandshakeError('ACT3_BAD_VERSION', `act three has version ${message[0]}, expected ${VERSION}`);
    const c = message.subarray(1, 1 + PUBLIC_KEY_SIZE + MAC_SIZE);
    const t = message.subarray(1 + PUBLIC_KEY_SIZE + MAC_SIZE);
    // 4. rs = decryptWithAD(temp_k2, 1, h, c)
    // 5. h = SHA-256(h || c)
    const rs = this.state.decryptAndHash(1, c);
    if (rs === undefined) throw new HandshakeError('ACT3_BAD_CIPHERTEXT', 'act three: the encrypted static key failed its MAC check');
    if (!isPublicKey(rs)) throw new HandshakeError('ACT3_BAD_PUBKEY', 'act three carries an invalid static public key');
    // 6. ss = ECDH(rs, e.priv)
    // 7. ck, temp_k3 = HKDF(ck, ss)
    this.state.mixKey(ecdh(this.e.secretKey, rs));
    // 8. p = decryptWithAD(temp_k3, 0, h, t)
    if (this.state.decryptAndHash(0, t) === undefined) throw new HandshakeError('ACT3_BAD_TAG', 'act three failed its MAC check');
    // 9. rk, sk = HKDF(ck, zero)
    // 10. rn = 0, sn = 0
    const { first, second, ck } = this.state.split();
    this.keys = { rk: first, sk: second, ck };
    this.rs = rs;
    this.step = 'done';
  }
}
