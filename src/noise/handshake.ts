/**
 * BOLT 8's Noise_XK handshake (08-transport.md, "Handshake Exchange") as two pure state machines:
 * bytes in, bytes out; the caller does the I/O. Step comments quote the spec with its numbering,
 * as of lightning/bolts a3772650, the commit test/vectors/ comes from.
 */
import { timingSafeEqual } from 'node:crypto';
import { concatBytes } from '@noble/hashes/utils.js';
import { ecdh, isPublicKey, isSecretKey, MAC_SIZE, PUBLIC_KEY_SIZE, publicKeyOf, randomSecretKey, SECRET_KEY_SIZE } from './crypto.js';
import { HandshakeError } from './errors.js';
import { SymmetricState } from './symmetric-state.js';
import { Transport } from './transport.js';

/** Act One and Act Two: version, ephemeral public key, MAC. */
export const ACT_ONE_SIZE = 1 + PUBLIC_KEY_SIZE + MAC_SIZE;
export const ACT_TWO_SIZE = ACT_ONE_SIZE;
/** Act Three: version, encrypted static public key with its MAC, final MAC. */
export const ACT_THREE_SIZE = 1 + PUBLIC_KEY_SIZE + MAC_SIZE + MAC_SIZE;

const VERSION = 0;
const EMPTY = new Uint8Array(0);

interface KeyPair {
  readonly priv: Uint8Array;
  readonly pub: Uint8Array;
}

/** A key pair from a secret key; `what` names the key in the error a bad one gets. */
function keyPair(what: string, priv: Uint8Array): KeyPair {
  if (priv.length !== SECRET_KEY_SIZE) throw new RangeError(`${what}: expected ${SECRET_KEY_SIZE} bytes, got ${priv.length}`);
  if (!isSecretKey(priv)) throw new RangeError(`${what}: not a valid secp256k1 secret key (zero, or not below the curve order)`);
  return { priv: priv.slice(), pub: publicKeyOf(priv) };
}

let lastStatic: KeyPair | undefined;

/**
 * keyPair() for the static key, remembering the last one: a node accepting connections, or a
 * batch run with one identity, uses the same static key in every handshake, and its public key
 * costs a scalar multiplication, a fifth of a handshake's.
 */
function staticKeyPair(priv: Uint8Array): KeyPair {
  if (lastStatic && priv.length === SECRET_KEY_SIZE && timingSafeEqual(priv, lastStatic.priv)) return lastStatic;
  return (lastStatic = keyPair('local static key', priv));
}

const ACTS = { 1: 'act one', 2: 'act two', 3: 'act three' } as const;
type Act = keyof typeof ACTS;

/** Receiver steps 1 and 3, alike in all three acts: the exact length, then a known version. */
function checkFrame(act: Act, m: Uint8Array, size: number): void {
  // 1. Read exactly `size` bytes from the network buffer.
  if (m.length !== size) throw new HandshakeError(`ACT${act}_READ_FAILED`, `${ACTS[act]}: expected ${size} bytes, got ${m.length}`);
  // 3. If v is an unrecognized handshake version, then abort the connection attempt.
  if (m[0] !== VERSION) throw new HandshakeError(`ACT${act}_BAD_VERSION`, `${ACTS[act]} has version ${m[0]}, expected ${VERSION}`);
}

/**
 * Act One and Act Two are the same exchange, and the spec numbers their steps alike: the sender
 * mixes a fresh ephemeral key with the other side's key, rs in Act One (es), re in Act Two (ee).
 */
function writeEphemeralAct(state: SymmetricState, e: KeyPair, remoteKey: Uint8Array): Uint8Array {
  // 1. e = generateKey(): done by the constructor, so that a test can pin it.
  // 2. h = SHA-256(h || e.pub.serializeCompressed())
  state.mixHash(e.pub);
  // 3. es = ECDH(e.priv, rs), or in Act Two ee = ECDH(e.priv, re)
  // 4. ck, temp_k1 = HKDF(ck, es), or ck, temp_k2 = HKDF(ck, ee)
  state.mixKey(ecdh(e.priv, remoteKey));
  // 5. c = encryptWithAD(temp_k1 or temp_k2, 0, h, zero)
  // 6. h = SHA-256(h || c)
  const c = state.encryptAndHash(0, EMPTY);
  // 7. Send m = 0 || e.pub.serializeCompressed() || c
  return concatBytes(Uint8Array.of(VERSION), e.pub, c);
}

/** The receiving side of Act One (with s.priv) or Act Two (with e.priv); returns re. */
function readEphemeralAct(state: SymmetricState, act: 1 | 2, m: Uint8Array, localSecret: Uint8Array): Uint8Array {
  checkFrame(act, m, ACT_ONE_SIZE);
  // 2. Parse the read message (m) into v, re, and c; re is deserialized into a point on the curve.
  const re = m.slice(1, 1 + PUBLIC_KEY_SIZE);
  const c = m.subarray(1 + PUBLIC_KEY_SIZE);
  if (!isPublicKey(re)) throw new HandshakeError(`ACT${act}_BAD_PUBKEY`, `${ACTS[act]} carries an invalid ephemeral public key`);
  // 4. h = SHA-256(h || re.serializeCompressed())
  state.mixHash(re);
  // 5. es = ECDH(s.priv, re), or in Act Two ee = ECDH(e.priv, re)
  // 6. ck, temp_k1 = HKDF(ck, es), or ck, temp_k2 = HKDF(ck, ee)
  state.mixKey(ecdh(localSecret, re));
  // 7. p = decryptWithAD(temp_k1 or temp_k2, 0, h, c): on a MAC failure, terminate the connection without any further messages.
  // 8. h = SHA-256(h || c)
  if (state.decryptAndHash(0, c) === undefined) {
    // In Act One, a bad MAC means the initiator does not know our static key.
    throw new HandshakeError(`ACT${act}_BAD_TAG`, act === 1 ? 'act one failed its MAC check (the initiator dialled another node id)' : 'act two failed its MAC check');
  }
  return re;
}

type Step = Act | 'done' | 'failed';

/**
 * The act order both roles enforce. An act called out of turn is a bug in the caller, so it gets
 * a plain Error; an act the peer fails leaves the handshake failed for good, as BOLT 8 ends the
 * connection there.
 */
abstract class Role {
  #step: Step = 1;
  #transport: Transport | undefined;

  constructor(private readonly role: 'Initiator' | 'Responder') {}

  /** Runs `act` if it is the one due; the next act is due only if it succeeds. */
  protected act<T>(act: Act, run: () => T): T {
    if (this.#step !== act) {
      const state = this.#step === 'done' ? 'the handshake is complete' : this.#step === 'failed' ? 'the handshake has failed' : `${ACTS[this.#step]} is next`;
      throw new Error(`${this.role}: ${ACTS[act]} called out of turn (${state})`);
    }
    this.#step = 'failed';
    const result = run();
    this.#step = act === 3 ? 'done' : ((act + 1) as Act);
    return result;
  }

  protected complete(transport: Transport): void {
    this.#transport = transport;
  }

  /** The encrypted transport, after act three: always the same object, as its nonces must never repeat. */
  get transport(): Transport {
    if (!this.#transport) throw new Error(`${this.role}: the transport exists only after act three`);
    return this.#transport;
  }
}

/**
 * The side that dials: it knows the responder's static key `rs` beforehand and proves its own
 * static key in Act Three.
 */
export class Initiator extends Role {
  // ES-private, like all key-holding fields here: console.log and JSON.stringify cannot show them.
  readonly #state: SymmetricState;
  readonly #s: KeyPair;
  readonly #e: KeyPair;
  readonly #rs: Uint8Array;
  #re: Uint8Array = EMPTY;

  /** `ephemeralKey` is for tests only: BOLT 8 requires a fresh random one for every handshake. */
  constructor(options: { localStaticKey: Uint8Array; remoteStaticKey: Uint8Array; ephemeralKey?: Uint8Array }) {
    super('Initiator');
    const rs = options.remoteStaticKey;
    if (rs.length !== PUBLIC_KEY_SIZE) throw new RangeError(`remote static key: expected ${PUBLIC_KEY_SIZE} bytes, got ${rs.length}`);
    if (!isPublicKey(rs)) throw new RangeError('remote static key: not a compressed secp256k1 public key');
    this.#s = staticKeyPair(options.localStaticKey);
    this.#e = keyPair('ephemeral key', options.ephemeralKey ?? randomSecretKey());
    this.#rs = rs.slice();
    this.#state = new SymmetricState(this.#rs);
  }

  /** Act One's 50 bytes, to send. */
  actOne(): Uint8Array {
    return this.act(1, () => writeEphemeralAct(this.#state, this.#e, this.#rs));
  }

  /** Takes Act Two's 50 bytes; a HandshakeError says how the responder failed it. */
  actTwo(m: Uint8Array): void {
    this.act(2, () => {
      this.#re = readEphemeralAct(this.#state, 2, m, this.#e.priv);
    });
  }

  /** Act Three's 66 bytes, to send; the transport is ready once this returns. */
  actThree(): Uint8Array {
    return this.act(3, () => {
      // 1. c = encryptWithAD(temp_k2, 1, h, s.pub.serializeCompressed())
      // 2. h = SHA-256(h || c)
      const c = this.#state.encryptAndHash(1, this.#s.pub);
      // 3. se = ECDH(s.priv, re)
      // 4. ck, temp_k3 = HKDF(ck, se)
      this.#state.mixKey(ecdh(this.#s.priv, this.#re));
      // 5. t = encryptWithAD(temp_k3, 0, h, zero)
      const t = this.#state.encryptAndHash(0, EMPTY);
      // 6. sk, rk = HKDF(ck, zero)
      // 7. rn = 0, sn = 0
      // 8. rck = sck = ck
      const keys = this.#state.split();
      this.complete(new Transport({ sk: keys.initiatorToResponder, rk: keys.responderToInitiator, ck: keys.chainingKey }));
      // 9. Send m = 0 || c || t
      return concatBytes(Uint8Array.of(VERSION), c, t);
    });
  }
}

/** The side that accepts: it learns the initiator's static key in Act Three. */
export class Responder extends Role {
  readonly #state: SymmetricState;
  readonly #s: KeyPair;
  readonly #e: KeyPair;
  #re: Uint8Array = EMPTY;
  #rs: Uint8Array | undefined;

  /** `ephemeralKey` is for tests only: BOLT 8 requires a fresh random one for every handshake. */
  constructor(options: { localStaticKey: Uint8Array; ephemeralKey?: Uint8Array }) {
    super('Responder');
    this.#s = staticKeyPair(options.localStaticKey);
    this.#e = keyPair('ephemeral key', options.ephemeralKey ?? randomSecretKey());
    this.#state = new SymmetricState(this.#s.pub);
  }

  /** The initiator's static public key, once Act Three has proved the initiator holds its secret. */
  get remoteStaticKey(): Uint8Array {
    if (!this.#rs) throw new Error('Responder: the remote static key is known only after act three');
    return this.#rs;
  }

  /** Takes Act One's 50 bytes; a HandshakeError says how the initiator failed it. */
  actOne(m: Uint8Array): void {
    this.act(1, () => {
      this.#re = readEphemeralAct(this.#state, 1, m, this.#s.priv);
    });
  }

  /** Act Two's 50 bytes, to send. */
  actTwo(): Uint8Array {
    return this.act(2, () => writeEphemeralAct(this.#state, this.#e, this.#re));
  }

  /** Takes Act Three's 66 bytes; a HandshakeError says how the initiator failed it. */
  actThree(m: Uint8Array): void {
    this.act(3, () => {
      checkFrame(3, m, ACT_THREE_SIZE);
      // 2. Parse the read message (m) into v, c, and t.
      const c = m.subarray(1, 1 + PUBLIC_KEY_SIZE + MAC_SIZE);
      const t = m.subarray(1 + PUBLIC_KEY_SIZE + MAC_SIZE);
      // 4. rs = decryptWithAD(temp_k2, 1, h, c): on a MAC failure, terminate the connection without any further messages.
      // 5. h = SHA-256(h || c)
      const rs = this.#state.decryptAndHash(1, c);
      if (rs === undefined) throw new HandshakeError('ACT3_BAD_CIPHERTEXT', "act three's encrypted static key failed its MAC check");
      if (!isPublicKey(rs)) throw new HandshakeError('ACT3_BAD_PUBKEY', 'act three carries an invalid static public key');
      // 6. se = ECDH(e.priv, rs)
      // 7. ck, temp_k3 = HKDF(ck, se)
      this.#state.mixKey(ecdh(this.#e.priv, rs));
      // 8. p = decryptWithAD(temp_k3, 0, h, t): on a MAC failure, terminate the connection without any further messages.
      if (this.#state.decryptAndHash(0, t) === undefined) throw new HandshakeError('ACT3_BAD_TAG', 'act three failed its MAC check');
      // 9. rk, sk = HKDF(ck, zero)
      // 10. rn = 0, sn = 0
      // 11. rck = sck = ck
      const keys = this.#state.split();
      this.complete(new Transport({ sk: keys.responderToInitiator, rk: keys.initiatorToResponder, ck: keys.chainingKey }));
      this.#rs = rs;
    });
  }
}
