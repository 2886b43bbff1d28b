import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Point } from '@noble/secp256k1';
import { WireError } from '../../src/wire/errors.js';
import type { Reader } from '../../src/wire/reader.js';
import { decodeTlvStream, encodeTlvStream, type TlvRecord, type TlvSchema } from '../../src/wire/tlv.js';
import type { Writer } from '../../src/wire/writer.js';
import { hex, readFixture, unhex } from '../helpers/fixtures.js';

/**
 * The test namespaces n1 and n2 of BOLT 1 Appendix B. Field values are decimal strings (and
 * `BLOCKxTXxOUTPUT` for a short channel id), as in the vectors, so records compare directly.
 */
type Fields = Record<string, string>;

/** tu64/tu32: a big-endian integer without leading zero bytes, filling the rest of the value. */
function readTruncated(r: Reader, maxBytes: number): string {
  const bytes = r.rest();
  if (bytes.length > maxBytes) r.fail(`${bytes.length} bytes is more than ${maxBytes}`);
  if (bytes[0] === 0) r.fail('non-minimal truncated integer');
  return bytes.reduce((n, byte) => (n << 8n) | BigInt(byte), 0n).toString();
}

function writeTruncated(w: Writer, value: string): void {
  const bytes: number[] = [];
  for (let n = BigInt(value); n > 0n; n >>= 8n) bytes.unshift(Number(n & 0xffn));
  w.bytes(Uint8Array.from(bytes));
}

const truncated = (type: bigint, field: string, maxBytes: number): TlvRecord<Fields> => ({
  type,
  read: (r) => ({ [field]: readTruncated(r, maxBytes) }),
  write: (w, f) => writeTruncated(w, f[field]!),
});

const scid: TlvRecord<Fields> = {
  type: 2n,
  read(r) {
    const b = r.bytes(8);
    const block = (b[0]! << 16) | (b[1]! << 8) | b[2]!;
    const tx = (b[3]! << 16) | (b[4]! << 8) | b[5]!;
    return { scid: `${block}x${tx}x${(b[6]! << 8) | b[7]!}` };
  },
  write(w, f) {
    const [block, tx, output] = f.scid!.split('x').map(Number) as [number, number, number];
    w.u8(block >> 16).u16(block & 0xffff).u8(tx >> 16).u16(tx & 0xffff).u16(output);
  },
};

const tlv3: TlvRecord<Fields> = {
  type: 3n,
  read(r) {
    const nodeId = r.bytes(33);
    try {
      Point.fromBytes(nodeId);
    } catch {
      r.fail('node_id is not a valid point');
    }
    return { node_id: hex(nodeId), amount_msat_1: r.u64().toString(), amount_msat_2: r.u64().toString() };
  },
  write(w, f) {
    w.bytes(unhex(f.node_id!)).u64(BigInt(f.amount_msat_1!)).u64(BigInt(f.amount_msat_2!));
  },
};

const cltvDelta: TlvRecord<Fields> = {
  type: 254n,
  read: (r) => ({ cltv_delta: String(r.u16()) }),
  write: (w, f) => w.u16(Number(f.cltv_delta)),
};

const NAMESPACES: Record<string, TlvSchema> = {
  n1: { tlv1: truncated(1n, 'amount_msat', 8), tlv2: scid, tlv3, tlv4: cltvDelta },
  n2: { tlv1: truncated(0n, 'amount_msat', 8), tlv2: truncated(11n, 'cltv_expiry', 4) },
};

interface Group {
  applies_to_namespaces: string[];
  expect: 'decode_ok' | 'decode_fail';
  items: { stream_hex: string; spec_reason?: string; spec_explanation?: string; expected_record?: ExpectedRecord }[];
}
interface ExpectedRecord {
  record: string;
  type: string;
  fields: Fields;
}

const { tlv } = readFixture<{ tlv: { groups: Record<string, Group> } }>('vectors/bolt1-tlv.json');
const groups = Object.entries(tlv.groups);

const decode = (ns: string, stream: string) => decodeTlvStream(NAMESPACES[ns]!, unhex(stream), ns);

describe('TLV streams (BOLT 1 Appendix B)', () => {
  for (const [name, group] of groups) {
    for (const ns of group.applies_to_namespaces) {
      for (const item of group.items) {
        const why = item.spec_reason ?? item.spec_explanation;
        it(`${name} in ${ns}: ${item.stream_hex.slice(0, 40) || '(empty)'}: ${why}`, () => {
          if (group.expect === 'decode_fail') {
            assert.throws(() => decode(ns, item.stream_hex), WireError);
            return;
          }
          const values = decode(ns, item.stream_hex);
          const expected = item.expected_record;
          assert.deepEqual(values, expected ? { [expected.record]: expected.fields } : {});
          // A stream of known records re-encodes to the same bytes; ignored ones are dropped.
          if (expected) assert.equal(hex(encodeTlvStream(NAMESPACES[ns]!, values)), item.stream_hex);
        });
      }
    }
  }

  // BOLT 1's composition rules: a valid stream followed by an invalid one is invalid, and two
  // valid streams concatenated in increasing type order are valid.
  for (const ns of ['n1', 'n2']) {
    const applying = groups.filter(([, g]) => g.applies_to_namespaces.includes(ns));
    const streams = (expect: Group['expect']) =>
      applying.filter(([, g]) => g.expect === expect).flatMap(([, g]) => g.items.map((i) => i.stream_hex));
    const valid = streams('decode_ok');
    const invalid = streams('decode_fail');

    it(`${ns}: valid ‖ invalid always fails`, () => {
      for (const a of valid) {
        for (const b of invalid) assert.throws(() => decode(ns, a + b), WireError, `${a} ‖ ${b}`);
      }
    });

    it(`${ns}: valid ‖ valid with higher types decodes to the union`, () => {
      const typesOf = (stream: string) => decodeTypes(unhex(stream));
      let pairs = 0;
      for (const a of valid) {
        for (const b of valid) {
          const [ta, tb] = [typesOf(a), typesOf(b)];
          if (ta.length === 0 || tb.length === 0 || ta[ta.length - 1]! >= tb[0]!) continue;
          assert.deepEqual(decode(ns, a + b), { ...decode(ns, a), ...decode(ns, b) }, `${a} ‖ ${b}`);
          pairs++;
        }
      }
      assert.ok(pairs > 0);
    });
  }

  it('says why it rejects', () => {
    const cases: [string, string, string][] = [
      ['n1', 'fd000100', 'n1 TLV stream: non-minimal encoding of 1 in 3 bytes'],
      ['n1', '0ffd2602', 'n1 TLV stream: type 15 has length 9730, past the end (0 bytes left)'],
      ['n1', '1200', 'n1 TLV stream: unknown even type 18'],
      ['n1', '1f000f012a', 'n1 TLV stream: type 15 after type 31'],
      ['n1', '1f001f012a', 'n1 TLV stream: duplicate type 31'],
      ['n1', '020701010101010101', 'n1 TLV type 2 (tlv2): truncated at byte 0: 8 bytes needed, 7 left'],
      ['n1', 'fd00fe03010101', 'n1 TLV type 254 (tlv4): 1 unexpected byte at the end'],
      ['n1', '010100', 'n1 TLV type 1 (tlv1): non-minimal truncated integer'],
      ['n2', 'ffffffffffffffffff000000', 'n2 TLV stream: type 0 after type 18446744073709551615'],
    ];
    for (const [ns, stream, message] of cases) assert.throws(() => decode(ns, stream), { message });
  });

  it('encodes records in increasing type order, whatever the order of the values', () => {
    const values = { tlv4: { cltv_delta: '550' }, tlv1: { amount_msat: '1' } };
    assert.equal(hex(encodeTlvStream(NAMESPACES.n1!, values)), '010101' + 'fd00fe020226');
  });

  it('encodes a long value with a minimal BigSize length', () => {
    const blob: TlvRecord<Uint8Array> = { type: 0x10001n, read: (r) => r.rest(), write: (w, v) => w.bytes(v) };
    const bytes = encodeTlvStream({ blob }, { blob: new Uint8Array(300) });
    assert.equal(hex(bytes.subarray(0, 8)), 'fe00010001fd012c');
    assert.equal(bytes.length, 8 + 300);
    assert.deepEqual(decodeTlvStream({ blob }, bytes, 'x'), { blob: new Uint8Array(300) });
  });
});

/** The record types of a well-formed stream, read by hand so the test does not trust the decoder. */
function decodeTypes(bytes: Uint8Array): bigint[] {
  const types: bigint[] = [];
  let i = 0;
  const bigsize = (): bigint => {
    const prefix = bytes[i++]!;
    const width = prefix === 0xfd ? 2 : prefix === 0xfe ? 4 : prefix === 0xff ? 8 : 0;
    if (width === 0) return BigInt(prefix);
    const value = BigInt('0x' + hex(bytes.subarray(i, i + width)));
    i += width;
    return value;
  };
  while (i < bytes.length) {
    types.push(bigsize());
    const length = bigsize();
    i += Number(length);
  }
  return types;
}
