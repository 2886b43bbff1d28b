import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Initiator, Responder, Transport, TransportError } from '../../src/noise/index.js';
import { hex, readFixture, unhex } from '../helpers/fixtures.js';

// BOLT 8 Appendix A "Message Encryption Tests", via test/vectors/bolt8-messages.json.
const M = readFixture('vectors/bolt8-messages.json');
const HELLO = unhex(M.message_plaintext_hex);

test('the spec frames for messages 0, 1, 500, 501, 1000 and 1001 (both send-key rotations)', () => {
  const transport = new Transport({ sk: unhex(M.start_state.sk), rk: unhex(M.start_state.rk), ck: unhex(M.start_state.ck) });
  const expected = new Map<number, string>(M.outputs.map((o: { message_index: number; frame: string }) => [o.message_index, o.frame]));
  for (let i = 0; i <= 1001; i++) {
    const frame = transport.encrypt(HELLO);
    if (expected.has(i)) assert.equal(hex(frame), expected.get(i), `message ${i}`);
  }
});

function pair(): [Transport, Transport] {
  const ini = new Initiator({ localStaticKey: new Uint8Array(32).fill(0x11), remoteStaticKey: unhex('028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7') });
  const res = new Responder({ localStaticKey: new Uint8Array(32).fill(0x21) });
  res.actOne(ini.actOne());
  ini.actTwo(res.actTwo());
  res.actThree(ini.actThree());
  return [ini.transport, res.transport];
}

function receive(transport: Transport, frame: Uint8Array): Uint8Array {
  const length = transport.decryptLength(frame.subarray(0, 18));
  assert.equal(frame.length, 18 + length + 16);
  return transport.decryptBody(frame.subarray(18));
}

test('the receive side rotates too: 1,200 messages each way across both rotations', () => {
  const [ini, res] = pair();
  for (const [from, to] of [[ini, res], [res, ini]] as const) {
    for (let i = 0; i < 1200; i++) {
      const message = new TextEncoder().encode(`message ${i}`);
      assert.deepEqual(receive(to, from.encrypt(message)), message, `message ${i}`);
    }
  }
});

test('sending and receiving keys rotate independently', () => {
  const [ini, res] = pair();
  // 600 messages one way: the initiator's send key has rotated once, its receive key not at all.
  for (let i = 0; i < 600; i++) receive(res, ini.encrypt(HELLO));
  for (let i = 0; i < 3; i++) assert.deepEqual(receive(ini, res.encrypt(HELLO)), HELLO);
});

test('a flipped bit fails the MAC with a clear error', () => {
  const [ini, res] = pair();
  const frame = ini.encrypt(HELLO);
  frame[20]! ^= 1;
  const length = res.decryptLength(frame.subarray(0, 18));
  assert.throws(() => res.decryptBody(frame.subarray(18, 18 + length + 16)), (err: unknown) => err instanceof TransportError && /message body failed its MAC check/.test((err as Error).message));
  const [ini2, res2] = pair();
  const frame2 = ini2.encrypt(HELLO);
  frame2[0]! ^= 1;
  assert.throws(() => res2.decryptLength(frame2.subarray(0, 18)), /message length failed its MAC check/);
});

test('sizes are checked', () => {
  const [ini, res] = pair();
  assert.throws(() => ini.encrypt(new Uint8Array(65536)), /message of 65536 bytes exceeds the 65535-byte limit/);
  assert.equal(ini.encrypt(new Uint8Array(65535)).length, 2 + 16 + 65535 + 16);
  assert.throws(() => res.decryptLength(new Uint8Array(17)), /length frame: expected 18 bytes, got 17/);
});
