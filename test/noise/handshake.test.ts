import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { formatFailure } from '../../src/errors.js';
import { ProtocolError } from '../../src/failures.js';
import { decryptWithAD, ecdh, encryptWithAD, hkdf, publicKeyOf, sha256 } from '../../src/noise/crypto.js';
import { HandshakeError, Initiator, Responder, Transport } from '../../src/noise/index.js';
import { SymmetricState } from '../../src/noise/symmetric-state.js';
import { hex, readFixture, unhex } from '../helpers/fixtures.js';

// BOLT 8 Appendix A (08-transport.md), via test/vectors/bolt8-handshake.json.
const V = readFixture('vectors/bolt8-handshake.json');
const I = V.initiator;
const R = V.responder;
const HELLO = new TextEncoder().encode('hello');

const initiator = (): Initiator =>
  new Initiator({
    localStaticKey: unhex(I.keys.local_static_privkey),
    remoteStaticKey: unhex(I.keys.remote_static_pubkey),
    ephemeralKey: unhex(I.keys.local_ephemeral_privkey),
  });
const responder = (): Responder =>
  new Responder({ localStaticKey: unhex(R.keys.local_static_privkey), ephemeralKey: unhex(R.keys.local_ephemeral_privkey) });

/** The counter in a printed 96-bit nonce, which must be 4 zero bytes and a little-endian u64. */
function counter(nonce96: string): number {
  const bytes = Buffer.from(nonce96, 'hex');
  assert.equal(bytes.length, 12);
  assert.equal(bytes.readUInt32LE(0), 0);
  return Number(bytes.readBigUInt64LE(4));
}

/** One printed `HKDF(ck, ikm)` line: its salt is the ck so far, its ikm the shared secret; returns [ck, temp_k]. */
function hkdfLine(line: { salt_chaining_key: string; input_key_material: string }, ck: string, ikm: string): [string, string] {
  assert.equal(line.salt_chaining_key, ck);
  assert.equal(line.input_key_material, ikm);
  return hkdf(unhex(ck), unhex(ikm)).map(hex) as [string, string];
}

/** One printed encryptWithAD line, run through the primitive: its output is `c`. */
function encryptLine(line: { key: string; nonce_96bit: string; associated_data_h: string; plaintext: string }): string {
  return hex(encryptWithAD(unhex(line.key), counter(line.nonce_96bit), unhex(line.associated_data_h), unhex(line.plaintext)));
}

/** One printed decryptWithAD line, run through the primitive: its output is the plaintext. */
function decryptLine(line: { key: string; nonce_96bit: string; associated_data_h: string; ciphertext: string }): string {
  const p = decryptWithAD(unhex(line.key), counter(line.nonce_96bit), unhex(line.associated_data_h), unhex(line.ciphertext));
  assert.ok(p, 'MAC check');
  return hex(p);
}

test('initialisation: both sides start from the same h, and ck is the hash of the protocol name', () => {
  const h0 = sha256(new TextEncoder().encode(V.constants.protocol_name_ascii));
  assert.equal(hex(h0), V.derived_initial_handshake_hash.h_after_protocol_name);
  assert.equal(hex(h0), V.constants.initial_chaining_key);
  const prologue = sha256(new Uint8Array([...h0, ...new TextEncoder().encode(V.constants.prologue_ascii)]));
  assert.equal(hex(prologue), V.derived_initial_handshake_hash.h_after_prologue);
  for (const rs of [I.keys.remote_static_pubkey, R.keys.local_static_pubkey]) {
    assert.equal(hex(new SymmetricState(unhex(rs)).handshakeHash), V.derived_initial_handshake_hash.h_after_responder_static_pubkey);
  }
});

test('key pairs: every printed public key is the one its secret gives', () => {
  for (const keys of [I.keys, R.keys]) {
    assert.equal(hex(publicKeyOf(unhex(keys.local_static_privkey))), keys.local_static_pubkey);
    assert.equal(hex(publicKeyOf(unhex(keys.local_ephemeral_privkey))), keys.local_ephemeral_pubkey);
  }
  assert.equal(I.keys.remote_static_pubkey, R.keys.local_static_pubkey);
});

test('initiator, step by step: every value the spec prints', () => {
  const { act_one: one, act_two: two, act_three: three, final } = I.successful_handshake;
  const state = new SymmetricState(unhex(I.keys.remote_static_pubkey));
  let ck: string = V.constants.initial_chaining_key;
  let tempKey: string;

  // Act One, sender
  state.mixHash(unhex(I.keys.local_ephemeral_pubkey));
  assert.equal(hex(state.handshakeHash), one.h_after_mixing_local_ephemeral_pubkey);
  const es = ecdh(unhex(I.keys.local_ephemeral_privkey), unhex(I.keys.remote_static_pubkey));
  assert.equal(hex(es), one.es_ecdh_shared_secret);
  [ck, tempKey] = hkdfLine(one.hkdf, ck, one.es_ecdh_shared_secret);
  assert.deepEqual([ck, tempKey], [one.ck, one.temp_k1]);
  state.mixKey(es);
  assert.deepEqual([one.mac_encryption.key, one.mac_encryption.associated_data_h], [tempKey, hex(state.handshakeHash)]);
  assert.equal(encryptLine(one.mac_encryption), one.c_tag);
  assert.equal(hex(state.encryptAndHash(counter(one.mac_encryption.nonce_96bit), new Uint8Array(0))), one.c_tag);
  assert.equal(hex(state.handshakeHash), one.h_after_mixing_c);
  assert.equal(one.act_one_bytes, '00' + I.keys.local_ephemeral_pubkey + one.c_tag);

  // Act Two, receiver
  assert.equal(two.act_two_bytes.slice(2, 68), two.re_remote_ephemeral_pubkey);
  state.mixHash(unhex(two.re_remote_ephemeral_pubkey));
  assert.equal(hex(state.handshakeHash), two.h_after_mixing_re);
  const ee = ecdh(unhex(I.keys.local_ephemeral_privkey), unhex(two.re_remote_ephemeral_pubkey));
  assert.equal(hex(ee), two.ee_ecdh_shared_secret);
  [ck, tempKey] = hkdfLine(two.hkdf, ck, two.ee_ecdh_shared_secret);
  assert.deepEqual([ck, tempKey], [two.ck, two.temp_k2]);
  state.mixKey(ee);
  assert.deepEqual([two.mac_decryption.key, two.mac_decryption.associated_data_h], [tempKey, hex(state.handshakeHash)]);
  assert.equal(decryptLine(two.mac_decryption), '');
  assert.equal(two.act_two_bytes.slice(68), two.mac_decryption.ciphertext);
  assert.ok(state.decryptAndHash(counter(two.mac_decryption.nonce_96bit), unhex(two.mac_decryption.ciphertext)));
  assert.equal(hex(state.handshakeHash), two.h_after_mixing_c);

  // Act Three, sender
  assert.deepEqual([three.static_key_encryption.key, three.static_key_encryption.associated_data_h], [tempKey, hex(state.handshakeHash)]);
  assert.equal(three.static_key_encryption.plaintext, I.keys.local_static_pubkey);
  assert.equal(encryptLine(three.static_key_encryption), three.c_encrypted_static_pubkey);
  const c = state.encryptAndHash(counter(three.static_key_encryption.nonce_96bit), unhex(I.keys.local_static_pubkey));
  assert.equal(hex(c), three.c_encrypted_static_pubkey);
  assert.equal(hex(state.handshakeHash), three.h_after_mixing_c);
  const se = ecdh(unhex(I.keys.local_static_privkey), unhex(two.re_remote_ephemeral_pubkey));
  assert.equal(hex(se), three.se_ecdh_shared_secret);
  [ck, tempKey] = hkdfLine(three.hkdf, ck, three.se_ecdh_shared_secret);
  assert.deepEqual([ck, tempKey], [three.ck, three.temp_k3]);
  state.mixKey(se);
  assert.deepEqual([three.tag_encryption.key, three.tag_encryption.associated_data_h], [tempKey, hex(state.handshakeHash)]);
  assert.equal(encryptLine(three.tag_encryption), three.t_tag);
  assert.equal(hex(state.encryptAndHash(counter(three.tag_encryption.nonce_96bit), new Uint8Array(0))), three.t_tag);
  assert.equal(three.act_three_bytes, '00' + three.c_encrypted_static_pubkey + three.t_tag);

  // sk, rk = HKDF(ck, zero)
  assert.deepEqual(hkdfLine(final.hkdf, ck, ''), [final.sk_send_key, final.rk_receive_key]);
  const keys = state.split();
  assert.deepEqual(
    [keys.initiatorToResponder, keys.responderToInitiator, keys.chainingKey].map(hex),
    [final.sk_send_key, final.rk_receive_key, final.sck_and_rck_chaining_key],
  );
  assert.deepEqual([final.sn, final.rn], [0, 0]);
});

test('responder, step by step: every value the spec prints', () => {
  const { act_one: one, act_two: two, act_three: three, final } = R.successful_handshake;
  const state = new SymmetricState(unhex(R.keys.local_static_pubkey));
  let ck: string = V.constants.initial_chaining_key;
  let tempKey: string;

  // Act One, receiver
  assert.equal(one.act_one_bytes.slice(2, 68), one.re_remote_ephemeral_pubkey);
  state.mixHash(unhex(one.re_remote_ephemeral_pubkey));
  assert.equal(hex(state.handshakeHash), one.h_after_mixing_re);
  const es = ecdh(unhex(R.keys.local_static_privkey), unhex(one.re_remote_ephemeral_pubkey));
  assert.equal(hex(es), one.es_ecdh_shared_secret);
  [ck, tempKey] = hkdfLine(one.hkdf, ck, one.es_ecdh_shared_secret);
  assert.deepEqual([ck, tempKey], [one.ck, one.temp_k1]);
  state.mixKey(es);
  assert.deepEqual([one.mac_decryption.key, one.mac_decryption.associated_data_h], [tempKey, hex(state.handshakeHash)]);
  assert.equal(decryptLine(one.mac_decryption), '');
  assert.equal(one.act_one_bytes.slice(68), one.mac_decryption.ciphertext);
  assert.ok(state.decryptAndHash(counter(one.mac_decryption.nonce_96bit), unhex(one.mac_decryption.ciphertext)));
  assert.equal(hex(state.handshakeHash), one.h_after_mixing_c);

  // Act Two, sender
  assert.deepEqual([two.ephemeral_privkey, two.ephemeral_pubkey], [R.keys.local_ephemeral_privkey, R.keys.local_ephemeral_pubkey]);
  state.mixHash(unhex(two.ephemeral_pubkey));
  assert.equal(hex(state.handshakeHash), two.h_after_mixing_local_ephemeral_pubkey);
  const ee = ecdh(unhex(two.ephemeral_privkey), unhex(one.re_remote_ephemeral_pubkey));
  assert.equal(hex(ee), two.ee_ecdh_shared_secret);
  [ck, tempKey] = hkdfLine(two.hkdf, ck, two.ee_ecdh_shared_secret);
  assert.deepEqual([ck, tempKey], [two.ck, two.temp_k2]);
  state.mixKey(ee);
  assert.deepEqual([two.mac_encryption.key, two.mac_encryption.associated_data_h], [tempKey, hex(state.handshakeHash)]);
  assert.equal(encryptLine(two.mac_encryption), two.c_tag);
  assert.equal(hex(state.encryptAndHash(counter(two.mac_encryption.nonce_96bit), new Uint8Array(0))), two.c_tag);
  assert.equal(hex(state.handshakeHash), two.h_after_mixing_c);
  assert.equal(two.act_two_bytes, '00' + two.ephemeral_pubkey + two.c_tag);

  // Act Three, receiver
  const decryption = three.static_key_decryption;
  assert.deepEqual([decryption.key, decryption.associated_data_h], [tempKey, hex(state.handshakeHash)]);
  assert.equal(three.act_three_bytes.slice(2, 100), decryption.ciphertext);
  assert.equal(decryptLine(decryption), three.rs_recovered_remote_static_pubkey);
  const rs = state.decryptAndHash(counter(decryption.nonce_96bit), unhex(decryption.ciphertext));
  assert.equal(hex(rs!), three.rs_recovered_remote_static_pubkey);
  assert.equal(hex(state.handshakeHash), three.h_after_mixing_c);
  const se = ecdh(unhex(R.keys.local_ephemeral_privkey), rs!);
  assert.equal(hex(se), three.se_ecdh_shared_secret);
  [ck, tempKey] = hkdfLine(three.hkdf, ck, three.se_ecdh_shared_secret);
  assert.deepEqual([ck, tempKey], [three.ck, three.temp_k3]);
  state.mixKey(se);
  assert.deepEqual([three.tag_decryption.key, three.tag_decryption.associated_data_h], [tempKey, hex(state.handshakeHash)]);
  assert.equal(three.act_three_bytes.slice(100), three.tag_decryption.ciphertext);
  assert.equal(decryptLine(three.tag_decryption), '');

  // rk, sk = HKDF(ck, zero)
  assert.deepEqual(hkdfLine(final.hkdf, ck, ''), [final.rk_receive_key, final.sk_send_key]);
  const keys = state.split();
  assert.deepEqual(
    [keys.initiatorToResponder, keys.responderToInitiator, keys.chainingKey].map(hex),
    [final.rk_receive_key, final.sk_send_key, final.sck_and_rck_chaining_key],
  );
  assert.deepEqual([final.sn, final.rn], [0, 0]);
});

/**
 * Pins a transport's sk, rk and ck without reading them out: frame for frame, it must send what a
 * transport built from the spec's keys sends, and read what that transport's peer sends, for 1,002
 * messages, past both key rotations in each direction (each rotation derives from ck).
 */
function assertTransportKeys(transport: Transport, keys: { sk_send_key: string; rk_receive_key: string; sck_and_rck_chaining_key: string }): void {
  const [sk, rk, ck] = [keys.sk_send_key, keys.rk_receive_key, keys.sck_and_rck_chaining_key].map(unhex) as [Uint8Array, Uint8Array, Uint8Array];
  const twin = new Transport({ sk, rk, ck });
  const peer = new Transport({ sk: rk, rk: sk, ck });
  for (let i = 0; i < 1002; i++) {
    assert.equal(hex(transport.encrypt(HELLO)), hex(twin.encrypt(HELLO)), `message ${i} sent`);
    const frame = peer.encrypt(HELLO);
    assert.equal(transport.decryptLength(frame.subarray(0, 18)), HELLO.length);
    assert.deepEqual(transport.decryptBody(frame.subarray(18)), HELLO, `message ${i} received`);
  }
}

test('initiator: the successful handshake, byte for byte, and its final keys', () => {
  const s = I.successful_handshake;
  const ini = initiator();
  assert.equal(hex(ini.actOne()), s.act_one.act_one_bytes);
  ini.actTwo(unhex(s.act_two.act_two_bytes));
  assert.equal(hex(ini.actThree()), s.act_three.act_three_bytes);
  assertTransportKeys(ini.transport, s.final);
});

test('responder: the successful handshake, byte for byte, its final keys and the key it learns', () => {
  const s = R.successful_handshake;
  const res = responder();
  res.actOne(unhex(s.act_one.act_one_bytes));
  assert.equal(hex(res.actTwo()), s.act_two.act_two_bytes);
  res.actThree(unhex(s.act_three.act_three_bytes));
  assert.equal(hex(res.remoteStaticKey), I.keys.local_static_pubkey);
  assertTransportKeys(res.transport, s.final);
});

test('the transport is one object: a second read of it must not restart the nonces', () => {
  const ini = initiator();
  const res = responder();
  res.actOne(ini.actOne());
  ini.actTwo(res.actTwo());
  res.actThree(ini.actThree());
  assert.equal(ini.transport, ini.transport);
  assert.equal(res.transport, res.transport);
});

/** Each spec label with the sentence it becomes after `ADDR: Cryptographic handshake: `. */
const MESSAGES: Record<string, string> = {
  ACT1_READ_FAILED: 'act one: expected 50 bytes, got 49',
  ACT1_BAD_VERSION: 'act one has version 1, expected 0',
  ACT1_BAD_PUBKEY: 'act one carries an invalid ephemeral public key',
  ACT1_BAD_TAG: 'act one failed its MAC check (the initiator dialled another node id)',
  ACT2_READ_FAILED: 'act two: expected 50 bytes, got 49',
  ACT2_BAD_VERSION: 'act two has version 1, expected 0',
  ACT2_BAD_PUBKEY: 'act two carries an invalid ephemeral public key',
  ACT2_BAD_TAG: 'act two failed its MAC check',
  ACT3_READ_FAILED: 'act three: expected 66 bytes, got 65',
  ACT3_BAD_VERSION: 'act three has version 1, expected 0',
  ACT3_BAD_CIPHERTEXT: "act three's encrypted static key failed its MAC check",
  ACT3_BAD_PUBKEY: 'act three carries an invalid static public key',
  ACT3_BAD_TAG: 'act three failed its MAC check',
};

function assertFails(act: () => void, code: string): void {
  assert.throws(act, (err: unknown) => {
    assert.ok(err instanceof HandshakeError && err instanceof ProtocolError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.message, MESSAGES[code]);
    return true;
  });
}

test('the vectors hold 13 failure cases, one per label', () => {
  const cases: { expected_error: { code: string } }[] = [...I.failure_cases, ...R.failure_cases];
  assert.equal(cases.length, 13);
  assert.deepEqual(cases.map((f) => f.expected_error.code).sort(), Object.keys(MESSAGES).sort());
});

for (const failure of I.failure_cases) {
  test(`initiator: ${failure.name} -> ${failure.expected_error.code}`, () => {
    const ini = initiator();
    assert.equal(hex(ini.actOne()), failure.expected_act_one_output);
    assertFails(() => ini.actTwo(unhex(failure.act_two_input)), failure.expected_error.code);
  });
}

for (const failure of R.failure_cases) {
  test(`responder: ${failure.name} -> ${failure.expected_error.code}`, () => {
    const res = responder();
    if (failure.act_three_input === undefined) {
      assertFails(() => res.actOne(unhex(failure.act_one_input)), failure.expected_error.code);
      return;
    }
    res.actOne(unhex(failure.act_one_input));
    assert.equal(hex(res.actTwo()), failure.expected_act_two_output);
    assertFails(() => res.actThree(unhex(failure.act_three_input)), failure.expected_error.code);
  });
}

test('a failure reads as a sentence in the 401 record', () => {
  const ini = initiator();
  ini.actOne();
  const act = unhex(I.successful_handshake.act_two.act_two_bytes);
  act[0] = 22;
  let reason = '';
  assert.throws(
    () => ini.actTwo(act),
    (err: unknown) => err instanceof HandshakeError && err.code === 'ACT2_BAD_VERSION' && Boolean((reason = err.message)),
  );
  assert.equal(
    formatFailure({ address: '127.0.0.1:9735', stage: 'Cryptographic handshake', reason }),
    '127.0.0.1:9735: Cryptographic handshake: act two has version 22, expected 0. ',
  );
});

test('acts out of turn are a programming error, not a peer failure', () => {
  const ini = initiator();
  assert.throws(() => ini.actThree(), { name: 'Error', message: 'Initiator: act three called out of turn (act one is next)' });
  assert.throws(() => ini.transport, { name: 'Error', message: 'Initiator: the transport exists only after act three' });
  const res = responder();
  assert.throws(() => res.actTwo(), { name: 'Error', message: 'Responder: act two called out of turn (act one is next)' });
  assert.throws(() => res.remoteStaticKey, { name: 'Error', message: 'Responder: the remote static key is known only after act three' });
  ini.actOne();
  assert.throws(() => ini.actOne(), { name: 'Error', message: 'Initiator: act one called out of turn (act two is next)' });
});

test('a failed act ends the handshake: no act can follow it', () => {
  const ini = initiator();
  ini.actOne();
  assert.throws(() => ini.actTwo(new Uint8Array(50)), HandshakeError);
  assert.throws(() => ini.actTwo(unhex(I.successful_handshake.act_two.act_two_bytes)), {
    message: 'Initiator: act two called out of turn (the handshake has failed)',
  });
  assert.throws(() => ini.actThree(), { message: 'Initiator: act three called out of turn (the handshake has failed)' });
});

test('a completed handshake takes no more acts', () => {
  const ini = initiator();
  const res = responder();
  res.actOne(ini.actOne());
  ini.actTwo(res.actTwo());
  res.actThree(ini.actThree());
  assert.throws(() => ini.actThree(), { message: 'Initiator: act three called out of turn (the handshake is complete)' });
  assert.throws(() => res.actOne(new Uint8Array(50)), { message: 'Responder: act one called out of turn (the handshake is complete)' });
});

test('a fresh ephemeral key for every handshake', () => {
  const options = { localStaticKey: unhex(I.keys.local_static_privkey), remoteStaticKey: unhex(I.keys.remote_static_pubkey) };
  const [a, b] = [new Initiator(options).actOne(), new Initiator(options).actOne()];
  assert.notEqual(hex(a.subarray(1, 34)), hex(b.subarray(1, 34)));
  const res = new Responder({ localStaticKey: unhex(R.keys.local_static_privkey) });
  res.actOne(a);
  assert.notEqual(hex(res.actTwo().subarray(1, 34)), R.keys.local_ephemeral_pubkey);
});

test('a static key used again (a node accepting, a batch with one identity) is the same key pair; another key is its own', () => {
  const responderKey = unhex(R.keys.local_static_privkey);
  const rs = unhex(R.keys.local_static_pubkey);
  // Made one after another, as a batch makes them: the second reuses the first's key pair.
  const secrets = [unhex(I.keys.local_static_privkey), unhex(I.keys.local_static_privkey), new Uint8Array(32).fill(7), unhex(I.keys.local_static_privkey)];
  const initiators = secrets.map((ls) => new Initiator({ localStaticKey: ls, remoteStaticKey: rs }));
  const learnt: string[] = [];
  for (const ini of initiators) {
    const res = new Responder({ localStaticKey: responderKey });
    res.actOne(ini.actOne());
    ini.actTwo(res.actTwo());
    res.actThree(ini.actThree());
    learnt.push(hex(res.remoteStaticKey));
  }
  const other = hex(publicKeyOf(new Uint8Array(32).fill(7)));
  assert.deepEqual(learnt, [I.keys.local_static_pubkey, I.keys.local_static_pubkey, other, I.keys.local_static_pubkey]);
});

test('bad keys from the caller are refused with precise messages', () => {
  const rs = unhex(I.keys.remote_static_pubkey);
  const ls = unhex(I.keys.local_static_privkey);
  const order = unhex('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
  const invalid = 'not a valid secp256k1 secret key (zero, or not below the curve order)';
  const cases: [() => unknown, string][] = [
    [() => new Initiator({ localStaticKey: ls.subarray(1), remoteStaticKey: rs }), 'local static key: expected 32 bytes, got 31'],
    [() => new Initiator({ localStaticKey: new Uint8Array(32), remoteStaticKey: rs }), `local static key: ${invalid}`],
    [() => new Responder({ localStaticKey: order }), `local static key: ${invalid}`],
    [() => new Responder({ localStaticKey: ls, ephemeralKey: new Uint8Array(33) }), 'ephemeral key: expected 32 bytes, got 33'],
    [() => new Initiator({ localStaticKey: ls, remoteStaticKey: rs.subarray(1) }), 'remote static key: expected 33 bytes, got 32'],
    [() => new Initiator({ localStaticKey: ls, remoteStaticKey: Uint8Array.of(4, ...rs.subarray(1)) }), 'remote static key: not a compressed secp256k1 public key'],
  ];
  for (const [make, message] of cases) assert.throws(make, { name: 'RangeError', message });
});

test('no key shows when a handshake or its transport is logged', () => {
  const ini = initiator();
  const res = responder();
  res.actOne(ini.actOne());
  ini.actTwo(res.actTwo());
  res.actThree(ini.actThree());
  for (const object of [ini, res, ini.transport, res.transport]) {
    const shown = inspect(object, { showHidden: true, depth: Infinity }) + JSON.stringify(object);
    assert.doesNotMatch(shown, /Uint8Array|Buffer/, shown);
  }
});
