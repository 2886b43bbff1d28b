import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { publicKeyOf } from '../../src/noise/crypto.js';
import { HandshakeError, TransportError } from '../../src/noise/errors.js';
import { ACT_ONE_SIZE, ACT_THREE_SIZE, ACT_TWO_SIZE, Initiator, Responder } from '../../src/noise/handshake.js';
import { LENGTH_HEADER_SIZE, Transport } from '../../src/noise/transport.js';
import { TEST_OPTIONS, applyDamage, assertPrintable, bytes, damage, decodeOrRefuse, fixedBytes, publicKey, runs, secretKey } from './arbitraries.js';

const INITIATOR_KEY = new Uint8Array(32).fill(0x11);
const RESPONDER_KEY = new Uint8Array(32).fill(0x21);
const RESPONDER_PUB = publicKeyOf(RESPONDER_KEY);

/** Ephemeral keys come from the arbitraries, so that a seed replays the very same acts. */
const initiator = (ephemeralKey: Uint8Array) => new Initiator({ localStaticKey: INITIATOR_KEY, remoteStaticKey: RESPONDER_PUB, ephemeralKey });
const responder = (ephemeralKey: Uint8Array) => new Responder({ localStaticKey: RESPONDER_KEY, ephemeralKey });

/** A peer's failed act is a HandshakeError of that act, with a message that quotes nothing unprintable. */
function actOrRefuse(act: 1 | 2 | 3, run: () => void): boolean {
  let refused = false;
  decodeOrRefuse([HandshakeError], run, (err) => {
    refused = true;
    assert.match((err as HandshakeError).code, new RegExp(`^ACT${act}_`));
    assertPrintable(err.message);
  });
  return !refused;
}

/**
 * What a peer sends instead of the valid act: the act itself, the act damaged, random bytes of
 * any length or of the act's, or a frame with a valid key whose MAC is random (the check after
 * the curve arithmetic), under various versions.
 */
type Sent = (valid: Uint8Array) => Uint8Array;
const sent = (size: number): fc.Arbitrary<Sent> =>
  fc.oneof(
    fc.constant<Sent>((valid) => valid),
    damage.map((d): Sent => (valid) => applyDamage(valid, d)),
    fc.oneof(bytes(80), fixedBytes(size)).map((random): Sent => () => random),
    fc
      .tuple(fc.constantFrom(0, 0, 1, 0xff), fc.oneof(publicKey, fixedBytes(33)), fixedBytes(size - 34))
      .map(([version, key, rest]): Sent => () => Uint8Array.from([version, ...key, ...rest])),
  );

describe('BOLT 8 handshake, receiving side', () => {
  it('Responder.actOne takes any bytes, or throws an ACT1 HandshakeError', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(secretKey, secretKey, sent(ACT_ONE_SIZE), (ie, re, send) => {
        const r = responder(re);
        // An act one that passes leads to a well-formed act two.
        if (actOrRefuse(1, () => r.actOne(send(initiator(ie).actOne())))) assert.equal(r.actTwo().length, ACT_TWO_SIZE);
      }),
      runs(4),
    );
  });

  it('Initiator.actTwo takes any bytes, or throws an ACT2 HandshakeError', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(secretKey, secretKey, sent(ACT_TWO_SIZE), (ie, re, send) => {
        const i = initiator(ie);
        const r = responder(re);
        r.actOne(i.actOne());
        if (actOrRefuse(2, () => i.actTwo(send(r.actTwo())))) assert.equal(i.actThree().length, ACT_THREE_SIZE);
      }),
      runs(10),
    );
  });

  it('Responder.actThree takes any bytes, or throws an ACT3 HandshakeError', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(secretKey, secretKey, sent(ACT_THREE_SIZE), (ie, re, send) => {
        const i = initiator(ie);
        const r = responder(re);
        r.actOne(i.actOne());
        i.actTwo(r.actTwo());
        const valid = i.actThree();
        const m = send(valid);
        // Only the act itself passes: its MACs cover every byte.
        assert.equal(actOrRefuse(3, () => r.actThree(m)), m.length === valid.length && m.every((b, k) => b === valid[k]));
      }),
      runs(20),
    );
  });
});

function flip(b: Uint8Array, at: number, mask: number): Uint8Array {
  const out = b.slice();
  out[at % out.length]! ^= mask;
  return out;
}

/** Two ends of one transport, with random keys: the handshake's output is just keys. */
const transportPair = fc.tuple(fixedBytes(32), fixedBytes(32), fixedBytes(32)).map(([a, b, ck]) => ({
  sender: new Transport({ sk: a, rk: b, ck }),
  receiver: new Transport({ sk: b, rk: a, ck }),
}));

describe('BOLT 8 transport', () => {
  it('round-trip: messages arrive as sent', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(transportPair, fc.array(bytes(300), { minLength: 1, maxLength: 4 }), ({ sender, receiver }, messages) => {
        for (const message of messages) assert.deepEqual(receive(receiver, sender.encrypt(message)), message);
      }),
      runs(),
    );
  });

  it('round-trip: messages arrive as sent across the key rotation at message 500', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(transportPair, fc.array(bytes(300), { minLength: 3, maxLength: 5 }), ({ sender, receiver }, messages) => {
        // Each message takes two nonces: the 499th to 501st straddle the rotation of both keys.
        for (let n = 0; n < 498; n++) receive(receiver, sender.encrypt(new Uint8Array(0)));
        for (const message of messages) assert.deepEqual(receive(receiver, sender.encrypt(message)), message);
      }),
      runs(50),
    );
  });

  it('decryptLength takes any 18 bytes, or throws TransportError', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(transportPair, fixedBytes(LENGTH_HEADER_SIZE), ({ receiver }, lc) => {
        decodeOrRefuse([TransportError], () => receiver.decryptLength(lc), (err) => assertPrintable(err.message));
      }),
      runs(),
    );
  });

  it('a frame with any bits flipped fails with TransportError, in its length or its body', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(transportPair, bytes(100), fc.nat(), fc.integer({ min: 1, max: 255 }), ({ sender, receiver }, message, at, mask) => {
        const frame = flip(sender.encrypt(message), at, mask);
        assert.throws(() => {
          const l = receiver.decryptLength(frame.subarray(0, LENGTH_HEADER_SIZE));
          // A flipped body byte leaves the length intact; a forged length that passed would be a broken MAC.
          assert.equal(l, message.length);
          receiver.decryptBody(frame.subarray(LENGTH_HEADER_SIZE));
        }, TransportError);
      }),
      runs(),
    );
  });

  it('decryptBody takes any bytes of the announced size, or throws TransportError', TEST_OPTIONS, () => {
    const messageAndBody = bytes(100).chain((m) => fc.tuple(fc.constant(m), fixedBytes(m.length + 16)));
    fc.assert(
      fc.property(transportPair, messageAndBody, ({ sender, receiver }, [message, body]) => {
        receiver.decryptLength(sender.encrypt(message).subarray(0, LENGTH_HEADER_SIZE));
        decodeOrRefuse([TransportError], () => receiver.decryptBody(body), (err) => assertPrintable(err.message));
      }),
      runs(),
    );
  });
});

function receive(transport: Transport, frame: Uint8Array): Uint8Array {
  transport.decryptLength(frame.subarray(0, LENGTH_HEADER_SIZE));
  return transport.decryptBody(frame.subarray(LENGTH_HEADER_SIZE));
}
