import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from '../../src/failures.js';
import { hkdf } from '../../src/noise/crypto.js';
import { Initiator, MAX_MESSAGE_SIZE, Responder, Transport, TransportError } from '../../src/noise/index.js';
import { hex, readFixture, unhex } from '../helpers/fixtures.js';

// BOLT 8 Appendix A "Message Encryption Tests", via test/vectors/bolt8-messages.json.
const M = readFixture('vectors/bolt8-messages.json');
const HELLO = unhex(M.message_plaintext_hex);
const START = { sk: unhex(M.start_state.sk), rk: unhex(M.start_state.rk), ck: unhex(M.start_state.ck) };
/** The responder's view of the same keys: it receives with the initiator's sending key. */
const MIRROR = { sk: START.rk, rk: START.sk, ck: START.ck };

function receive(transport: Transport, frame: Uint8Array): Uint8Array {
  const length = transport.decryptLength(frame.subarray(0, 18));
  assert.equal(frame.length, 18 + length + 16);
  return transport.decryptBody(frame.subarray(18));
}

test('the spec frames for messages 0, 1, 500, 501, 1000 and 1001, sent and received', () => {
  const expected = new Map<number, string>(M.outputs.map((o: { message_index: number; frame: string }) => [o.message_index, o.frame]));
  assert.deepEqual([...expected.keys()], [0, 1, 500, 501, 1000, 1001]);
  const sender = new Transport(START);
  const receiver = new Transport(MIRROR);
  for (let i = 0; i <= 1001; i++) {
    const frame = sender.encrypt(HELLO);
    if (expected.has(i)) assert.equal(hex(frame), expected.get(i), `message ${i}`);
    assert.deepEqual(receive(receiver, frame), HELLO, `message ${i}`);
  }
});

test('the first two frames are the spec length and body ciphertexts, in that order', () => {
  const sender = new Transport(START);
  const frames = [sender.encrypt(HELLO), sender.encrypt(HELLO)].map(hex);
  for (const part of M.first_two_messages_detail) {
    const frame = frames[part.message_index]!;
    assert.equal(part.part === 'length_prefix' ? frame.slice(0, 36) : frame.slice(36), part.ciphertext_with_mac);
  }
  assert.equal(M.first_two_messages_detail[0].cleartext, M.length_prefix_plaintext_hex);
});

test('each rotation is ck, k = HKDF(ck, k), chained from the handshake ck', () => {
  let [ck, k] = [M.start_state.ck, M.start_state.sk];
  for (const rotation of M.key_rotations) {
    assert.deepEqual([rotation.hkdf_salt_old_chaining_key, rotation.hkdf_ikm_old_key], [ck, k]);
    [ck, k] = hkdf(unhex(ck), unhex(k)).map(hex) as [string, string];
    assert.deepEqual([ck, k], [rotation.new_chaining_key, rotation.new_key]);
  }
});

/** The two transports of a real handshake with random ephemeral keys. */
function pair(): [initiator: Transport, responder: Transport] {
  const ini = new Initiator({
    localStaticKey: new Uint8Array(32).fill(0x11),
    remoteStaticKey: unhex('028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7'),
  });
  const res = new Responder({ localStaticKey: new Uint8Array(32).fill(0x21) });
  res.actOne(ini.actOne());
  ini.actTwo(res.actTwo());
  res.actThree(ini.actThree());
  return [ini.transport, res.transport];
}

/** Message i: a size that varies (0 to 1,000 bytes) and content that names it. */
function message(i: number): Uint8Array {
  const bytes = new Uint8Array((i * 7) % 1001);
  for (let j = 0; j < bytes.length; j++) bytes[j] = (i + j) & 0xff;
  return bytes;
}

test('the receiving side rotates too: 1,200 messages each way, across both rotations', () => {
  const [ini, res] = pair();
  for (const [from, to] of [[ini, res], [res, ini]] as const) {
    for (let i = 0; i < 1200; i++) assert.deepEqual(receive(to, from.encrypt(message(i))), message(i), `message ${i}`);
  }
});

test('each direction rotates from its own chaining key, even when both peers send at once', () => {
  // Both sides encrypt 1,200 messages before either reads one, as when both peers talk at the same
  // time: each side rotates its sending key before its receiving key, in the opposite order to its
  // peer. With one ck shared by both directions, the two sides' chaining keys would part at the
  // first rotation (lightning/bolts#633, #1079); with sck and rck, the order does not matter.
  const [ini, res] = pair();
  const fromInitiator = Array.from({ length: 1200 }, (_, i) => ini.encrypt(message(i)));
  const fromResponder = Array.from({ length: 1200 }, (_, i) => res.encrypt(message(i)));
  for (let i = 0; i < 1200; i++) {
    assert.deepEqual(receive(res, fromInitiator[i]!), message(i), `to the responder: message ${i}`);
    assert.deepEqual(receive(ini, fromResponder[i]!), message(i), `to the initiator: message ${i}`);
  }
});

test('the largest message BOLT 8 allows, and the empty one', () => {
  const [ini, res] = pair();
  const largest = new Uint8Array(MAX_MESSAGE_SIZE).fill(0xab);
  const frame = ini.encrypt(largest);
  assert.equal(frame.length, 2 + 16 + 65535 + 16);
  assert.deepEqual(receive(res, frame), largest);
  const empty = ini.encrypt(new Uint8Array(0));
  assert.equal(empty.length, 18 + 16);
  assert.deepEqual(receive(res, empty), new Uint8Array(0));
});

function assertMacFailure(act: () => unknown, message: string): void {
  assert.throws(act, (err: unknown) => {
    assert.ok(err instanceof TransportError && err instanceof ProtocolError, String(err));
    assert.equal(err.message, message);
    return true;
  });
}

test('a changed byte fails the MAC, in the length header or in the body', () => {
  for (const offset of [0, 17, 18, 18 + 4, 18 + 5 + 15]) {
    const [ini, res] = pair();
    const frame = ini.encrypt(HELLO);
    frame[offset]! ^= 0x01;
    if (offset < 18) {
      assertMacFailure(() => res.decryptLength(frame.subarray(0, 18)), 'message length failed its MAC check');
    } else {
      assert.equal(res.decryptLength(frame.subarray(0, 18)), 5);
      assertMacFailure(() => res.decryptBody(frame.subarray(18)), 'message body failed its MAC check');
    }
  }
});

test('a frame replayed, or read with the wrong keys, fails the MAC', () => {
  const [ini, res] = pair();
  const frame = ini.encrypt(HELLO);
  receive(res, frame);
  assertMacFailure(() => res.decryptLength(frame.subarray(0, 18)), 'message length failed its MAC check');
  const [, stranger] = pair();
  assertMacFailure(() => stranger.decryptLength(ini.encrypt(HELLO).subarray(0, 18)), 'message length failed its MAC check');
});

test('wrong sizes are refused with precise errors, and leave the stream readable', () => {
  const [ini, res] = pair();
  assert.throws(() => ini.encrypt(new Uint8Array(65536)), { name: 'RangeError', message: "message of 65536 bytes exceeds BOLT 8's limit of 65535" });
  const frame = ini.encrypt(HELLO);
  assert.throws(() => res.decryptLength(frame.subarray(0, 17)), { name: 'RangeError', message: 'length header: expected 18 bytes, got 17' });
  assert.throws(() => res.decryptLength(frame.subarray(0, 19)), { name: 'RangeError', message: 'length header: expected 18 bytes, got 19' });
  assert.equal(res.decryptLength(frame.subarray(0, 18)), 5);
  assert.throws(() => res.decryptBody(frame.subarray(18, 38)), {
    name: 'RangeError',
    message: 'message body: expected 21 bytes (5 announced + 16-byte MAC), got 20',
  });
  assert.deepEqual(res.decryptBody(frame.subarray(18)), HELLO);
});

test('length and body must alternate: anything else is a programming error', () => {
  const [ini, res] = pair();
  assert.throws(() => res.decryptBody(new Uint8Array(21)), { name: 'Error', message: 'Transport: decryptBody called before decryptLength' });
  const frame = ini.encrypt(HELLO);
  res.decryptLength(frame.subarray(0, 18));
  assert.throws(() => res.decryptLength(frame.subarray(0, 18)), { name: 'Error', message: 'Transport: decryptLength called while a 21-byte body is due' });
});
