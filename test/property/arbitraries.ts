/**
 * What the property tests share: how many runs, the check that a decoder throws only its typed
 * errors, and small arbitraries for the inputs of ln-connect's decoders and parsers.
 *
 * `npm test` runs every property PROPERTY_RUNS times (fewer for the costly ones, see `runs`), so
 * the whole suite stays within seconds. `npm run fuzz` builds, then runs the same properties
 * FUZZ_RUNS times (default 100000): `FUZZ_RUNS=1000000 npm run fuzz` runs longer.
 *
 * Replaying a failure: fast-check prints the counterexample with `{ seed: S, path: "P" }`. Rerun
 * that exact case (and its shrinking) with
 *
 *   FUZZ_SEED=S FUZZ_PATH='P' npm run fuzz -- --test-name-pattern='<the failed test's name>'
 *
 * FUZZ_SEED alone replays the whole run that failed (with the same FUZZ_RUNS), and the same
 * variables work on `node --test dist/test/property/` after `npm run build`. A bug found this way
 * gets its counterexample as a plain unit test in test/property/regressions.test.ts.
 */
import assert from 'node:assert/strict';
import { isIPv4 } from 'node:net';
import fc from 'fast-check';
import type { Address, NetworkAddress } from '../../src/net/address.js';
import { onionV3FromPubkey, parseOnionV3 } from '../../src/wire/onion.js';
import { isSecretKey, publicKeyOf } from '../../src/noise/crypto.js';
import { encodeAddressDescriptor } from '../../src/wire/address-descriptor.js';
import { MAX_BIGSIZE, encodeBigSize } from '../../src/wire/bigsize.js';
import { formatIPv4, formatIPv6, parseIPv6 } from '../../src/wire/ip.js';
import { Writer } from '../../src/wire/writer.js';

// Settings.

const PROPERTY_RUNS = 200;
const FUZZ_RUNS = process.env['FUZZ_RUNS'] === undefined ? undefined : Number(process.env['FUZZ_RUNS']);
if (FUZZ_RUNS !== undefined && !(Number.isSafeInteger(FUZZ_RUNS) && FUZZ_RUNS > 0)) {
  throw new Error(`FUZZ_RUNS must be a positive integer, not '${process.env['FUZZ_RUNS']}'`);
}

/**
 * fast-check's parameters for one property. `cost` is how many times slower than a plain decode
 * one run is (a handshake, a DNS round trip): such a property runs that many times fewer.
 */
export function runs(cost = 1): fc.Parameters<unknown> {
  const base = FUZZ_RUNS ?? PROPERTY_RUNS;
  // node:test shows an error's message, not its cause: the failed assertion goes in the report.
  const parameters: fc.Parameters<unknown> = { numRuns: Math.max(1, Math.round(base / cost)), includeErrorInReport: true };
  if (process.env['FUZZ_SEED'] !== undefined) parameters.seed = Number(process.env['FUZZ_SEED']);
  if (process.env['FUZZ_PATH'] !== undefined) parameters.path = process.env['FUZZ_PATH'];
  return parameters;
}

/** node:test's per-test timeout: generous under `npm test`, none while fuzzing. */
export const TEST_OPTIONS = { timeout: FUZZ_RUNS === undefined ? 60_000 : Infinity };

// Typed errors.

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Calls `decode`; if it throws, the value must be an instance of one of `expected` with a message
 * (which `check` may examine further), and then undefined is returned. `Error` in `expected`
 * matches only a plain Error: every error is an instance of Error, and a TypeError is exactly what
 * these tests are here to catch.
 */
export function decodeOrRefuse<T>(expected: readonly ErrorClass[], decode: () => T, check?: (err: Error) => void): T | undefined {
  try {
    return decode();
  } catch (err) {
    assertExpected(expected, err);
    check?.(err as Error);
    return undefined;
  }
}

/** The async decodeOrRefuse. */
export async function settleOrRefuse<T>(expected: readonly ErrorClass[], decode: () => Promise<T>, check?: (err: Error) => void): Promise<T | undefined> {
  try {
    return await decode();
  } catch (err) {
    assertExpected(expected, err);
    check?.(err as Error);
    return undefined;
  }
}

function assertExpected(expected: readonly ErrorClass[], err: unknown): void {
  const matches = (c: ErrorClass) => (c === Error ? Object.getPrototypeOf(err) === Error.prototype : err instanceof c);
  if (expected.some(matches) && (err as Error).message !== '') return;
  const what = err instanceof Error ? `${err.name}: ${err.message}` : `the non-error ${String(err)}`;
  assert.fail(Object.assign(new Error(`threw ${what}; expected ${expected.map((c) => c.name).join(' or ')} with a message`), { cause: err }));
}

/** The invariants of an address ln-connect will dial, whatever text it came from. */
export function assertDialable(a: Address): void {
  if (a.type === 'local socket') return assert.ok(a.socket.startsWith('/'));
  assert.ok(Number.isInteger(a.port) && a.port >= 1 && a.port <= 65535, `port ${a.port}`);
  if (a.type === 'ipv4') assert.ok(isIPv4(a.address));
  // IPv6 in the one text form, so that the same address always compares equal.
  if (a.type === 'ipv6') assert.equal(formatIPv6(parseIPv6(a.address)!), a.address);
  if (a.type === 'torv3') assert.equal(onionV3FromPubkey(parseOnionV3(a.address)), a.address);
  // Every address fits the BOLT 7 descriptor an init's remote_addr would carry.
  encodeAddressDescriptor(a);
}

/** A message built from a peer's bytes may quote them, but only as printable ASCII: no escape sequence reaches a terminal. */
export function assertPrintable(text: string): void {
  assert.match(text, /^[\x20-\x7e]*$/, `not printable ASCII: ${JSON.stringify(text)}`);
}

// Bytes.

export const bytes = (maxLength = 64): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

export const fixedBytes = (length: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: length, maxLength: length });

/** One small damage to bytes: cut them short, flip bits of one byte, insert bytes, or delete some. */
export interface Damage {
  readonly how: 'cut' | 'flip' | 'insert' | 'delete';
  /** Where, modulo the length. */
  readonly at: number;
  /** The bits flipped, or (modulo 8) one less than the number of bytes deleted. */
  readonly mask: number;
  readonly inserted: Uint8Array;
}

export const damage: fc.Arbitrary<Damage> = fc.record({
  how: fc.constantFrom('cut', 'flip', 'insert', 'delete'),
  at: fc.nat(),
  mask: fc.integer({ min: 1, max: 255 }),
  inserted: fc.uint8Array({ minLength: 1, maxLength: 8 }),
});

export function applyDamage(b: Uint8Array, d: Damage): Uint8Array {
  const i = b.length === 0 ? 0 : d.at % b.length;
  switch (d.how) {
    case 'cut':
      return b.slice(0, i);
    case 'flip': {
      const out = b.slice();
      if (out.length > 0) out[i]! ^= d.mask;
      return out;
    }
    case 'insert':
      return Uint8Array.from([...b.subarray(0, i), ...d.inserted, ...b.subarray(i)]);
    case 'delete':
      return Uint8Array.from([...b.subarray(0, i), ...b.subarray(i + 1 + (d.mask % 8))]);
  }
}

/** Valid bytes with one damage: most decoder bugs sit next to valid input, where random bytes rarely go. */
const damaged = (valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> => fc.tuple(valid, damage).map(([b, d]) => applyDamage(b, d));

/** Valid bytes, damaged ones, and random ones, in similar shares. */
export const around = (valid: fc.Arbitrary<Uint8Array>, maxRandom = 64): fc.Arbitrary<Uint8Array> =>
  fc.oneof(valid, damaged(valid), bytes(maxRandom));

// BigSize and TLV.

/** Values up to 2^64-1, often at the edges where the width of the encoding changes. */
export const bigSize: fc.Arbitrary<bigint> = fc.oneof(
  fc.constantFrom(0n, 0xfcn, 0xfdn, 0xffn, 0x100n, 0xffffn, 0x1_0000n, 0xffff_ffffn, 0x1_0000_0000n, MAX_BIGSIZE),
  fc.bigInt({ min: 0n, max: 0xffn }),
  fc.bigInt({ min: 0n, max: MAX_BIGSIZE }),
);

/** Any encoding of a value, minimal or not: a prefix announcing a width at least as large as needed. */
export const anyBigSizeEncoding: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.bigInt({ min: 0n, max: MAX_BIGSIZE }), fc.constantFrom(1, 3, 5, 9))
  .map(([n, width]) => {
    const w = new Writer();
    if (width === 1 && n < 0xfdn) return w.u8(Number(n)).finish();
    if (width <= 3 && n <= 0xffffn) return w.u8(0xfd).u16(Number(n)).finish();
    if (width <= 5 && n <= 0xffff_ffffn) return w.u8(0xfe).u32(Number(n)).finish();
    return w.u8(0xff).u64(n).finish();
  });

export interface TlvRecordValue {
  readonly type: bigint;
  readonly value: Uint8Array;
}

/** Records of distinct types in increasing order: a well-formed stream's content. */
export const tlvRecords = (type: fc.Arbitrary<bigint> = bigSize): fc.Arbitrary<TlvRecordValue[]> =>
  fc
    .uniqueArray(fc.record({ type, value: bytes(24) }), { selector: (r) => r.type, maxLength: 6 })
    .map((records) => records.sort((a, b) => (a.type < b.type ? -1 : 1)));

/** The bytes of a stream, written by hand from the spec (not with encodeTlvStream, which is under test). */
export function tlvBytes(records: readonly TlvRecordValue[]): Uint8Array {
  const w = new Writer();
  for (const { type, value } of records) w.bytes(encodeBigSize(type)).bytes(encodeBigSize(value.length)).bytes(value);
  return w.finish();
}

/** Streams with odd types only: what a receiver that knows no record must accept. */
export const oddTlvRecords = tlvRecords(bigSize.map((n) => n | 1n));

// Addresses.

export const ipv4Bytes = fixedBytes(4);

/** 16 bytes with runs of zero words and the IPv4-mapped prefix more often than chance gives them. */
export const ipv6Bytes: fc.Arbitrary<Uint8Array> = fc
  .array(fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff })), {
    minLength: 8,
    maxLength: 8,
  })
  .map((words) => Writer.build((w) => words.forEach((word) => w.u16(word))));

export const port = fc.integer({ min: 1, max: 65535 });

/** A valid secp256k1 secret key. */
export const secretKey: fc.Arbitrary<Uint8Array> = fixedBytes(32).filter(isSecretKey);

/** A secret key's public key: a valid 33-byte compressed point. */
export const publicKey: fc.Arbitrary<Uint8Array> = secretKey.map((secret) => publicKeyOf(secret));

export const nodeIdHex: fc.Arbitrary<string> = publicKey.map((key) => Buffer.from(key).toString('hex'));

export const onionName: fc.Arbitrary<string> = fixedBytes(32).map(onionV3FromPubkey);

const LABEL_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-';

/** One RFC 1123 label: letters, digits and inner hyphens, 1 to 63 characters. */
const label = fc
  .string({ unit: fc.constantFrom(...LABEL_CHARS, ...LABEL_CHARS.toUpperCase()), minLength: 1, maxLength: 63 })
  .filter((l) => !l.startsWith('-') && !l.endsWith('-'));

/**
 * A host name ln-connect accepts and dials by name: up to 255 characters, not ending in a number
 * (that would read as a short IPv4 form), not a name it maps itself (localhost) and not an onion.
 */
export const hostName: fc.Arbitrary<string> = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([labels, absolute]) => labels.join('.') + (absolute ? '.' : ''))
  .filter((name) => {
    const last = name.replace(/\.$/, '').split('.').at(-1)!.toLowerCase();
    return name.length <= 255 && !/^\d+$/.test(last) && last !== 'onion' && !['localhost', 'ip6-localhost'].includes(name.toLowerCase());
  });

/** A BOLT 7 DNS descriptor's name: a host name, as the encoder and decoder both require (src/wire/hostname.ts). */
const descriptorName: fc.Arbitrary<string> = hostName;

/** fc.record with plain objects: its own have a null prototype, which deepStrictEqual tells apart from a decoder's. */
export const plainRecord = ((...args: Parameters<typeof fc.record>) => fc.record(...args).map((r) => ({ ...r }))) as typeof fc.record;

/** Every address a BOLT 7 descriptor can hold, in the text form the decoder gives; port 0 included. */
export const networkAddress = (dnsName = descriptorName, portNumber = fc.integer({ min: 0, max: 65535 })): fc.Arbitrary<NetworkAddress> =>
  fc.oneof(
    plainRecord({ type: fc.constant('ipv4' as const), address: ipv4Bytes.map(formatIPv4), port: portNumber }),
    plainRecord({ type: fc.constant('ipv6' as const), address: ipv6Bytes.map(formatIPv6), port: portNumber }),
    plainRecord({ type: fc.constant('torv3' as const), address: onionName, port: portNumber }),
    plainRecord({ type: fc.constant('dns' as const), address: dnsName, port: portNumber }),
  );

/** An address ln-connect can dial, as its host parser gives it back. */
export const dialableAddress: fc.Arbitrary<NetworkAddress> = networkAddress(hostName, port);

// Text.

/**
 * Strings for parsers of user input: random text, and text built from the pieces their grammar
 * splits on, which random text rarely hits.
 */
export const hostText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.[]@/%-+ \t'), maxLength: 48 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('[', ']', ':', '::', '@', '/', '.', '%', 'dns:', 'ws:', 'autotor:', 'statictor:', '.onion', 'localhost', ' ', '-', '0', '65535', '65536', '+1', '-1', '127.0.0.1', '::1', '::ffff:'),
        label,
        fc.ipV4(),
        fc.ipV6(),
        onionName,
        // The shape of a node id (a valid point costs a key derivation per run).
        fc.tuple(fc.constantFrom(2, 3), fixedBytes(32)).map(([prefix, x]) => Buffer.from([prefix, ...x]).toString('hex')),
        fc.nat({ max: 99999 }).map(String),
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join('')),
);
