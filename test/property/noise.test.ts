import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { publicKeyOf } from '../../src/noise/crypto.js';
import { HandshakeError, TransportError } from '../../src/noise/errors.js';
import { ACT_ONE_SIZE, ACT_THREE_SIZE, Initiator, Responder } from '../../src/noise/handshake.js';
import { LENGTH_HEADER_SIZE, Transport } from '../../src/noise/transport.js';
import { TEST_OPTIONS, around, assertPrintable, bytes, decodeOrRefuse, fixedBytes, publicKey, runs } from './arbitraries.js';

const INITIATOR_KEY = new Uint8Array(32).fill(0x11);
const RESPONDER_KEY = new Uint8Array(32).fill(0x21);
const RESPONDER_PUB = publicKeyOf(RESPONDER_KEY);

const initiator = () => new Initiator({ localStaticKey: INITIATOR_KEY, remoteStaticKey: RESPONDER_PUB });
const responder = () => new Responder({ localStaticKey: RESPONDER_KEY });

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
 * Acts a peer might send: the valid one, damaged ones, random bytes, and frames with the right
 * version and a valid key whose MAC is random (the check after the curve arithmetic).
 */
function actBytes(valid: fc.Arbitrary<Uint8Array>, size: number): fc.Arbitrary<Uint8Array> {
  const wellFramed = fc
    .tuple(fc.constantFrom(0, 0, 1, 0xff), fc.oneof(publicKey, fixedBytes(33)), fixedBytes(size - 34))
    .map(([version, key, rest]) => Uint8Array.from([version, ...key, ...rest]));
  return fc.oneof(around(valid, 80), wellFramed, fixedBytes(size));
}

describe('BOLT 8 handshake, receiving side', () => {
  it('Responder.actOne takes any bytes, or throws an ACT1 HandshakeError', TEST_OPTIONS, () => {
    const valid = fc.constant(null).map(() => initiator().actOne());
    fc.assert(
      fc.property(actBytes(valid, ACT_ONE_SIZE), (m) => {
        const r = responder();
        // An act one that passes leads to a well-formed act two.
        if (actOrRefuse(1, () => r.actOne(m))) assert.equal(r.actTwo().length, ACT_ONE_SIZE);
      }),
      runs(4),
    );
  });

  it('Initiator.actTwo takes any bytes, or throws an ACT2 HandshakeError', TEST_OPTIONS, () => {
    const start = () => {
      const i = initiator();
      const r = responder();
      r.actOne(i.actOne());
      return { i, act: r.actTwo() };
    };
    fc.assert(
      fc.property(fc.boolean(), bytes(80), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.integer({ min: 0, max: 2 }), (useValid, random, at, mask, how) => {
        const { i, act } = start();
        // The valid act two belongs to this initiator's ephemeral key, so damage it here rather than in an arbitrary.
        const m = !useValid ? random : how === 0 ? act : how === 1 ? act.slice(0, at % act.length) : flip(act, at, mask);
        if (actOrRefuse(2, () => i.actTwo(m))) assert.equal(i.actThree().length, ACT_THREE_SIZE);
      }),
      runs(10),
    );
  });

  it('Responder.actThree takes any bytes, or throws an ACT3 HandshakeError', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fc.boolean(), bytes(80), fc.nat(), fc.integer({ min: 1, max: 255 }), (useValid, random, at, mask) => {
        const i = initiator();
        const r = responder();
        r.actOne(i.actOne());
        i.actTwo(r.actTwo());
        const act = i.actThree();
        const m = useValid ? flip(act, at, mask) : random;
        assert.equal(actOrRefuse(3, () => r.actThree(m)), false);
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
  it('round-trip: messages arrive as sent, across key rotations', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(transportPair, fc.array(bytes(300), { minLength: 1, maxLength: 4 }), fc.oneof(fc.nat(2), fc.constant(498)), ({ sender, receiver }, messages, skip) => {
        // 498 empty messages first take the next ones across the key rotation at 500.
        for (let n = 0; n < skip; n++) receive(receiver, sender.encrypt(new Uint8Array(0)));
        for (const message of messages) assert.deepEqual(receive(receiver, sender.encrypt(message)), message);
      }),
      runs(10),
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
