import assert from 'node:assert/strict';
import { isIPv4, isIPv6, SocketAddress } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeAddressDescriptor, encodeAddressDescriptor } from '../../src/wire/address-descriptor.js';
import { decodeBigSize, encodeBigSize } from '../../src/wire/bigsize.js';
import { WireError } from '../../src/wire/errors.js';
import { FEATURES, checkPeerFeatures, featureBits, featureNames, featuresFromBits, featuresFromHex, featuresToHex, hasFeature, orFeatures } from '../../src/wire/features.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../src/wire/ip.js';
import { MESSAGE_TYPE, type KnownMessage, decodeMessage, encodeMessage } from '../../src/wire/messages.js';
import { isOdd } from '../../src/wire/parity.js';
import { Reader } from '../../src/wire/reader.js';
import { printable, quoteFirstLine } from '../../src/wire/text.js';
import { decodeTlvStream, encodeTlvStream, type TlvRecord } from '../../src/wire/tlv.js';
import { Writer } from '../../src/wire/writer.js';
import {
  TEST_OPTIONS,
  anyBigSizeEncoding,
  around,
  assertPrintable,
  bigSize,
  bytes,
  decodeOrRefuse,
  fixedBytes,
  hostText,
  ipv4Bytes,
  ipv6Bytes,
  networkAddress,
  oddTlvRecords,
  plainRecord,
  runs,
  tlvBytes,
  tlvRecords,
  type TlvRecordValue,
} from './arbitraries.js';

/** Peer bytes are refused with a WireError whose message quotes nothing unprintable. */
const decodeWire = <T>(decode: () => T): T | undefined => decodeOrRefuse([WireError], decode, (err) => assertPrintable(err.message));

describe('BigSize', () => {
  it('round-trips every value through its minimal encoding', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(bigSize, (n) => {
        const encoded = encodeBigSize(n);
        assert.equal(encoded.length, n < 0xfdn ? 1 : n <= 0xffffn ? 3 : n <= 0xffff_ffffn ? 5 : 9);
        assert.equal(decodeBigSize(encoded), n);
      }),
      runs(),
    );
  });

  it('decodes any bytes to a value whose encoding they are, or throws WireError', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(around(anyBigSizeEncoding, 12), (input) => {
        const n = decodeWire(() => decodeBigSize(input));
        if (n !== undefined) assert.deepEqual(encodeBigSize(n), input);
      }),
      runs(),
    );
  });
});

describe('Reader', () => {
  it('throws only WireError, whatever is read from whatever bytes', TEST_OPTIONS, () => {
    const op = fc.oneof(
      fc.constantFrom('u8', 'u16', 'u32', 'u64', 'u16Prefixed', 'rest', 'end').map((name) => (r: Reader) => void r[name]()),
      fc.nat({ max: 40 }).map((n) => (r: Reader) => void r.bytes(n)),
    );
    fc.assert(
      fc.property(bytes(), fc.array(op, { maxLength: 10 }), (input, ops) => {
        decodeWire(() => {
          const r = new Reader(input, 'test');
          for (const read of ops) read(r);
        });
      }),
      runs(),
    );
  });
});

/** A schema that reads every record of `records` as raw bytes, named `t<type>`. */
function rawSchema(records: readonly TlvRecordValue[]): Record<string, TlvRecord<Uint8Array>> {
  const raw = (type: bigint): TlvRecord<Uint8Array> => ({ type, read: (r) => r.rest(), write: (w, v) => void w.bytes(v) });
  return Object.fromEntries(records.map((r) => [`t${r.type}`, raw(r.type)]));
}

/** A namespace like init's: fixed-size and variable records, odd and even. */
const SCHEMA = {
  u64: { type: 1n, read: (r: Reader) => r.u64(), write: (w: Writer, v: bigint) => void w.u64(v) },
  pair: { type: 2n, read: (r: Reader) => [r.u8(), r.u16Prefixed()] as const, write: () => {} },
  big: { type: 0x1_0000_0000n, read: (r: Reader) => r.rest(), write: (w: Writer, v: Uint8Array) => void w.bytes(v) },
};

describe('TLV streams', () => {
  it('decode any bytes or throw WireError', TEST_OPTIONS, () => {
    const stream = tlvRecords(fc.oneof(fc.constantFrom(1n, 2n, 3n, 0x1_0000_0000n), bigSize)).map(tlvBytes);
    fc.assert(
      fc.property(around(stream), (input) => void decodeWire(() => decodeTlvStream(SCHEMA, input, 'test'))),
      runs(),
    );
  });

  it('round-trip: a stream decodes to its records and encodes back to the same bytes', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(tlvRecords(), (records) => {
        const schema = rawSchema(records);
        const values = decodeTlvStream(schema, tlvBytes(records), 'test');
        assert.deepEqual(values, Object.fromEntries(records.map((r) => [`t${r.type}`, r.value])));
        assert.deepEqual(encodeTlvStream(schema, values), tlvBytes(records));
      }),
      runs(),
    );
  });

  it('skip unknown odd records and refuse unknown even ones', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(tlvRecords(), (records) => {
        const input = tlvBytes(records);
        const even = records.find((r) => !isOdd(r.type));
        if (even === undefined) assert.deepEqual(decodeTlvStream({}, input, 'test'), {});
        else assert.throws(() => decodeTlvStream({}, input, 'test'), { name: 'WireError', message: `test TLV stream: unknown even type ${even.type}` });
      }),
      runs(),
    );
  });

  it('refuse records out of order or repeated', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(oddTlvRecords.filter((r) => r.length >= 2), fc.nat(), fc.boolean(), (records, at, repeat) => {
        const i = at % (records.length - 1);
        const swapped = records.slice();
        swapped[i + 1] = repeat ? { ...records[i]! } : records[i]!;
        swapped[i] = repeat ? records[i]! : records[i + 1]!;
        assert.throws(() => decodeTlvStream({}, tlvBytes(swapped), 'test'), { name: 'WireError', message: repeat ? /duplicate type/ : /after type/ });
      }),
      runs(),
    );
  });

  it('refuse a non-minimal type or length', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(anyBigSizeEncoding, fc.boolean(), (encoding, asLength) => {
        const n = decodeOrRefuse([WireError], () => decodeBigSize(encoding));
        fc.pre(n === undefined);
        // An odd type, then a zero length: only the non-minimal field is wrong.
        const input = asLength ? Uint8Array.from([1, ...encoding]) : Uint8Array.from([...encoding, 0]);
        assert.throws(() => decodeTlvStream({}, input, 'test'), { name: 'WireError', message: /non-minimal encoding/ });
      }),
      { ...runs(), maxSkipsPerRun: 1000 },
    );
  });
});

const knownMessage: fc.Arbitrary<KnownMessage> = fc.oneof(
  plainRecord(
    {
      kind: fc.constant('init' as const),
      globalFeatures: bytes(8),
      features: bytes(40),
      networks: fc.array(fixedBytes(32), { maxLength: 3 }),
      remoteAddr: networkAddress(),
    },
    { requiredKeys: ['kind', 'globalFeatures', 'features'] },
  ),
  plainRecord({ kind: fc.constantFrom('error' as const, 'warning' as const), channelId: fixedBytes(32), data: bytes(80) }),
  plainRecord({ kind: fc.constant('ping' as const), numPongBytes: fc.integer({ min: 0, max: 0xffff }), ignored: bytes(40) }),
  plainRecord({ kind: fc.constant('pong' as const), ignored: bytes(40) }),
);

/** Bytes that start like a message: a known type, any type, or a whole message with or without an extension. */
const messageBytes: fc.Arbitrary<Uint8Array> = around(
  fc.oneof(
    fc
      .tuple(fc.oneof(fc.constantFrom(...Object.values(MESSAGE_TYPE)), fc.integer({ min: 0, max: 0xffff })), bytes(80))
      .map(([type, rest]) => Writer.build((w) => w.u16(type).bytes(rest))),
    knownMessage.map(encodeMessage),
    fc.tuple(knownMessage, oddTlvRecords).map(([m, ext]) => Uint8Array.from([...encodeMessage(m), ...tlvBytes(ext)])),
  ),
  100,
);

describe('messages', () => {
  it('any bytes decode to a message or throw WireError; what decodes re-encodes to the same message', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(messageBytes, (input) => {
        const m = decodeWire(() => decodeMessage(input));
        if (m === undefined) return;
        assert.equal(m.kind !== 'unknown', Object.values(MESSAGE_TYPE).includes(((input[0]! << 8) | input[1]!) as never));
        if (m.kind !== 'unknown') assert.deepEqual(decodeMessage(encodeMessage(m)), m);
      }),
      runs(),
    );
  });

  it('round-trip: every message encodes and decodes back, with or without an extension of odd records', TEST_OPTIONS, () => {
    // Types above 3 follow init's own records, so the extension keeps the stream in order.
    const extension = tlvRecords(bigSize.map((n) => (n < 5n ? 5n : n | 1n)));
    fc.assert(
      fc.property(knownMessage, extension, (m, ext) => {
        assert.deepEqual(decodeMessage(encodeMessage(m)), m);
        assert.deepEqual(decodeMessage(Uint8Array.from([...encodeMessage(m), ...tlvBytes(ext)])), m);
      }),
      runs(),
    );
  });
});

describe('feature vectors', () => {
  const bits = fc.array(fc.oneof(fc.nat({ max: 70 }), fc.nat({ max: 2000 })), { maxLength: 12 });

  it('round-trip: bits to a shortest vector and back, through hex too', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(bits, (list) => {
        const vector = featuresFromBits(list);
        const sorted = [...new Set(list)].sort((a, b) => a - b);
        assert.deepEqual(featureBits(vector), sorted);
        assert.equal(vector.length, sorted.length === 0 ? 0 : Math.floor(sorted.at(-1)! / 8) + 1);
        assert.deepEqual(featuresFromHex(featuresToHex(vector)), vector);
      }),
      runs(),
    );
  });

  it('OR holds the union of the bits, as long as the longer vector', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(bytes(20), bytes(20), (a, b) => {
        const or = orFeatures(a, b);
        assert.equal(or.length, Math.max(a.length, b.length));
        assert.deepEqual(featureBits(or), [...new Set([...featureBits(a), ...featureBits(b)])].sort((x, y) => x - y));
        assert.deepEqual(orFeatures(b, a), or);
      }),
      runs(),
    );
  });

  it("checking a peer's vector throws nothing but WireError, which names an unknown even bit it really has", TEST_OPTIONS, () => {
    const known = new Set(FEATURES.map((f) => f.bit));
    const vector = fc.oneof(bytes(70), bits.map(featuresFromBits));
    fc.assert(
      fc.property(vector, (v) => {
        let problem: string | undefined;
        decodeOrRefuse([WireError], () => checkPeerFeatures(v), (err) => (problem = err.message));
        // One label per feature, however many of its two bits are set.
        const names = featureNames(v);
        assert.equal(new Set(names).size, names.length);
        const unknownEven = featureBits(v).find((bit) => !isOdd(bit) && !known.has(bit));
        if (unknownEven !== undefined) assert.equal(problem, `Unsupported feature ${unknownEven}`);
        else if (problem !== undefined) {
          const [, bit, needed] = /^Feature (\d+) requires feature (\d+)$/.exec(problem) ?? assert.fail(problem);
          assert.ok(hasFeature(v, Number(bit)) || hasFeature(v, Number(bit) + 1));
          assert.ok(!hasFeature(v, Number(needed)) && !hasFeature(v, Number(needed) + 1));
        }
      }),
      runs(),
    );
  });
});

describe('address descriptors (BOLT 7)', () => {
  it('round-trip: every address encodes and decodes back', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(networkAddress(), (a) => assert.deepEqual(decodeAddressDescriptor(encodeAddressDescriptor(a)), a)),
      runs(),
    );
  });

  it('any bytes decode to an address whose encoding they are, or throw WireError', TEST_OPTIONS, () => {
    const typed = fc.tuple(fc.integer({ min: 0, max: 6 }), bytes(60)).map(([type, rest]) => Uint8Array.from([type, ...rest]));
    fc.assert(
      fc.property(around(fc.oneof(networkAddress().map(encodeAddressDescriptor), typed)), (input) => {
        const a = decodeWire(() => decodeAddressDescriptor(input));
        if (a !== undefined) assert.deepEqual(encodeAddressDescriptor(a), input);
      }),
      runs(),
    );
  });
});

describe('IP text', () => {
  it('round-trip: bytes to text and back', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(ipv4Bytes, ipv6Bytes, (v4, v6) => {
        assert.deepEqual(parseIPv4(formatIPv4(v4)), v4);
        assert.deepEqual(parseIPv6(formatIPv6(v6)), v6);
      }),
      runs(),
    );
  });

  it("IPv6 text is Node's own form of the address, so addresses compare as strings", TEST_OPTIONS, () => {
    fc.assert(
      fc.property(ipv6Bytes, (v6) => {
        const text = formatIPv6(v6);
        assert.equal(new SocketAddress({ address: text, family: 'ipv6' }).address, text);
      }),
      runs(),
    );
  });

  it("parsing never throws and accepts exactly what Node's isIPv4 and isIPv6 accept (zone ids aside)", TEST_OPTIONS, () => {
    const text = fc.oneof(hostText, fc.ipV4(), fc.ipV4Extended(), fc.ipV6());
    fc.assert(
      fc.property(text, (s) => {
        assert.equal(parseIPv4(s) !== undefined, isIPv4(s));
        const v6 = parseIPv6(s);
        assert.equal(v6 !== undefined, isIPv6(s) && !s.includes('%'));
        if (v6 !== undefined) assert.equal(formatIPv6(v6), new SocketAddress({ address: s, family: 'ipv6' }).address);
      }),
      runs(),
    );
  });
});

describe('peer text (error and warning data, banners)', () => {
  /** The inverse of printable's escapes, written from its documentation. */
  const unescape = (text: string): number[] =>
    [...text.matchAll(/\\\\|\\x([0-9a-f]{2})|[^\\]/g)].map(([m, code]) => (code !== undefined ? parseInt(code, 16) : m === '\\\\' ? 0x5c : m.charCodeAt(0)));

  it('printable gives printable ASCII from which the bytes come back exactly', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fc.oneof(bytes(100), fc.string().map((s) => new Uint8Array(Buffer.from(s)))), (data) => {
        const text = printable(data);
        assertPrintable(text);
        assert.deepEqual(unescape(text), [...data]);
      }),
      runs(),
    );
  });

  it('quoteFirstLine quotes at most `limit` bytes of the first line, printably', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(bytes(100), fc.integer({ min: 0, max: 80 }), (reply, limit) => {
        const quoted = quoteFirstLine(reply, limit);
        assertPrintable(quoted);
        const inner = unescape(quoted.slice(1, -1));
        assert.ok(inner.length <= limit && !inner.includes(0x0a) && !inner.includes(0x0d));
        assert.deepEqual(inner, [...reply.subarray(0, inner.length)]);
      }),
      runs(),
    );
  });
});
