import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HandshakeError, Initiator, Responder } from '../../src/noise/index.js';
import { hex, readFixture, unhex } from '../helpers/fixtures.js';

// BOLT 8 Appendix A (08-transport.md), via test/vectors/bolt8-handshake.json.
const V = readFixture('vectors/bolt8-handshake.json');
const I = V.initiator;
const R = V.responder;

const initiator = (): Initiator =>
  new Initiator({
    localStaticKey: unhex(I.keys.local_static_privkey),
    remoteStaticKey: unhex(I.keys.remote_static_pubkey),
    ephemeralKey: unhex(I.keys.local_ephemeral_privkey),
  });
const responder = (): Responder =>
  new Responder({ localStaticKey: unhex(R.keys.local_static_privkey), ephemeralKey: unhex(R.keys.local_ephemeral_privkey) });

test('initiator: the successful handshake, byte for byte', () => {
  const s = I.successful_handshake;
  const ini = initiator();
  assert.equal(hex(ini.actOne()), s.act_one.act_one_bytes);
  ini.actTwo(unhex(s.act_two.act_two_bytes));
  assert.equal(hex(ini.actThree()), s.act_three.act_three_bytes);
  // The final keys show in the first message: BOLT 8's message vectors start from these sk/ck.
  const frame = ini.transport.encrypt(unhex(readFixture('vectors/bolt8-messages.json').message_plaintext_hex));
  assert.equal(hex(frame), readFixture('vectors/bolt8-messages.json').outputs[0].frame);
});

test('responder: the successful handshake, byte for byte, learning the initiator key', () => {
  const s = R.successful_handshake;
  const res = responder();
  res.actOne(unhex(s.act_one.act_one_bytes));
  assert.equal(hex(res.actTwo()), s.act_two.act_two_bytes);
  res.actThree(unhex(s.act_three.act_three_bytes));
  assert.equal(hex(res.remoteStaticKey), I.keys.local_static_pubkey);
  // The responder's rk is the initiator's sk: it decrypts the spec's first message frame.
  const frame = unhex(readFixture('vectors/bolt8-messages.json').outputs[0].frame);
  const length = res.transport.decryptLength(frame.subarray(0, 18));
  assert.equal(length, 5);
});

test('the two roles agree on keys in both directions', () => {
  const ini = initiator();
  const res = responder();
  res.actOne(ini.actOne());
  ini.actTwo(res.actTwo());
  res.actThree(ini.actThree());
  const [a, b] = [ini.transport, res.transport];
  for (const [from, to] of [[a, b], [b, a]] as const) {
    const frame = from.encrypt(unhex('68656c6c6f'));
    const length = to.decryptLength(frame.subarray(0, 18));
    assert.equal(hex(to.decryptBody(frame.subarray(18, 18 + length + 16))), '68656c6c6f');
  }
});

for (const failure of I.failure_cases) {
  test(`initiator: ${failure.name} -> ${failure.expected_error.code}`, () => {
    const ini = initiator();
    assert.equal(hex(ini.actOne()), failure.expected_act_one_output);
    assert.throws(
      () => ini.actTwo(unhex(failure.act_two_input)),
      (err: unknown) => err instanceof HandshakeError && err.code === failure.expected_error.code,
    );
  });
}

for (const failure of R.failure_cases) {
  test(`responder: ${failure.name} -> ${failure.expected_error.code}`, () => {
    const res = responder();
    const isCode = (err: unknown): boolean => err instanceof HandshakeError && err.code === failure.expected_error.code;
    if (failure.act_three_input === undefined) {
      assert.throws(() => res.actOne(unhex(failure.act_one_input)), isCode);
      return;
    }
    res.actOne(unhex(failure.act_one_input));
    assert.equal(hex(res.actTwo()), failure.expected_act_two_output);
    assert.throws(() => res.actThree(unhex(failure.act_three_input)), isCode);
  });
}

test('failures read as sentences for the 401 record', () => {
  const res = responder();
  assert.throws(() => res.actOne(new Uint8Array(12)), { message: 'act one: expected 50 bytes, got 12' });
  const ini = initiator();
  ini.actOne();
  const badVersion = unhex(I.successful_handshake.act_two.act_two_bytes);
  badVersion[0] = 22;
  assert.throws(() => ini.actTwo(badVersion), { message: 'act two has version 22, expected 0' });
});

test('acts out of order are a programming error, not a peer failure', () => {
  const ini = initiator();
  assert.throws(() => ini.actThree(), (err: unknown) => !(err instanceof HandshakeError) && /act three called while at act one/.test(String(err)));
  assert.throws(() => ini.transport, /only after act three/);
});

test('a fresh ephemeral key on every handshake', () => {
  const options = { localStaticKey: unhex(I.keys.local_static_privkey), remoteStaticKey: unhex(I.keys.remote_static_pubkey) };
  assert.notEqual(hex(new Initiator(options).actOne()), hex(new Initiator(options).actOne()));
});
