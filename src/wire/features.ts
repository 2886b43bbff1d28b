import { hex } from '@scure/base';
import { WireError } from './errors.js';
import { isOdd } from './parity.js';

/**
 * BOLT 9 feature vectors: big-endian bitfields, bit 0 the least significant bit of the last
 * byte, so bit i lives in byte `length - 1 - floor(i / 8)`. Features come in pairs: the even bit
 * says "I require it" (compulsory), the odd bit "I support it" (optional).
 */

export interface Feature {
  /** The even (compulsory) bit; the odd (optional) bit is the next one. */
  readonly bit: number;
  readonly name: string;
  /** Features that must be offered too, by name. */
  readonly depends: readonly string[];
  /** ASSUMED: every node supports it and may leave it out, but a peer may still set it. */
  readonly assumed: boolean;
}

/**
 * The table of BOLT 9 (`09-features.md`) at lightning/bolts a3772650d8ebc06acf457fcadf97968ebfc4dfff
 * (2026-03-23), copied from test/vectors/bolt9-features.json. ASSUMED pairs stay in: peers set
 * their even bits (Core Lightning sets 0, 8, 12, 14 and 44), and an unknown even bit would make
 * us hang up on them.
 */
export const FEATURES: readonly Feature[] = [
  { bit: 0, name: 'option_data_loss_protect', depends: [], assumed: true },
  { bit: 4, name: 'option_upfront_shutdown_script', depends: [], assumed: false },
  { bit: 6, name: 'gossip_queries', depends: [], assumed: false },
  { bit: 8, name: 'var_onion_optin', depends: [], assumed: true },
  { bit: 10, name: 'gossip_queries_ex', depends: [], assumed: false },
  { bit: 12, name: 'option_static_remotekey', depends: [], assumed: true },
  { bit: 14, name: 'payment_secret', depends: [], assumed: true },
  { bit: 16, name: 'basic_mpp', depends: ['payment_secret'], assumed: false },
  { bit: 18, name: 'option_support_large_channel', depends: [], assumed: false },
  { bit: 22, name: 'option_anchors', depends: [], assumed: false },
  { bit: 24, name: 'option_route_blinding', depends: [], assumed: false },
  { bit: 26, name: 'option_shutdown_anysegwit', depends: [], assumed: false },
  { bit: 28, name: 'option_dual_fund', depends: [], assumed: false },
  { bit: 34, name: 'option_quiesce', depends: [], assumed: false },
  { bit: 36, name: 'option_attribution_data', depends: [], assumed: false },
  { bit: 38, name: 'option_onion_messages', depends: [], assumed: false },
  { bit: 42, name: 'option_provide_storage', depends: [], assumed: false },
  { bit: 44, name: 'option_channel_type', depends: [], assumed: true },
  { bit: 46, name: 'option_scid_alias', depends: [], assumed: false },
  { bit: 48, name: 'option_payment_metadata', depends: [], assumed: false },
  { bit: 50, name: 'option_zeroconf', depends: ['option_scid_alias'], assumed: false },
  { bit: 60, name: 'option_simple_close', depends: ['option_shutdown_anysegwit'], assumed: false },
  { bit: 62, name: 'option_splice', depends: [], assumed: false },
];

/** The table by even bit and by name. */
const BY_BIT = new Map(FEATURES.map((f) => [f.bit, f]));
const BY_NAME = new Map(FEATURES.map((f) => [f.name, f]));

/** The shortest vector with exactly `bits` set; no bits gives the empty vector. */
export function featuresFromBits(bits: Iterable<number>): Uint8Array {
  const list = [...bits];
  for (const bit of list) {
    if (!Number.isSafeInteger(bit) || bit < 0) throw new RangeError(`feature bit ${bit} is not a bit number`);
  }
  const vector = new Uint8Array(list.length === 0 ? 0 : Math.floor(Math.max(...list) / 8) + 1);
  for (const bit of list) vector[vector.length - 1 - Math.floor(bit / 8)]! |= 1 << bit % 8;
  return vector;
}

export function hasFeature(vector: Uint8Array, bit: number): boolean {
  const byte = vector[vector.length - 1 - Math.floor(bit / 8)];
  return byte !== undefined && ((byte >> bit % 8) & 1) === 1;
}

/** The set bits, lowest first. */
export function featureBits(vector: Uint8Array): number[] {
  const bits: number[] = [];
  for (let bit = 0; bit < vector.length * 8; bit++) if (hasFeature(vector, bit)) bits.push(bit);
  return bits;
}

/** Lowercase hex, as Core Lightning prints `features`; the empty vector is `""`. */
export function featuresToHex(vector: Uint8Array): string {
  return hex.encode(vector);
}

export function featuresFromHex(text: string): Uint8Array {
  return hex.decode(text);
}

/**
 * `a | b` aligned at the least significant end, as long as the longer one, leading zero bytes
 * kept: Core Lightning's featurebits_or, which gives the `features` of its `connect` output
 * (the peer's `globalfeatures` OR its `features`).
 */
export function orFeatures(a: Uint8Array, b: Uint8Array): Uint8Array {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const out = long.slice();
  const offset = long.length - short.length;
  short.forEach((byte, i) => (out[offset + i]! |= byte));
  return out;
}

/** A feature is offered if either bit of its pair is set. */
const offered = (vector: Uint8Array, f: Feature): boolean => hasFeature(vector, f.bit) || hasFeature(vector, f.bit + 1);

/**
 * Throws WireError with the first reason BOLT 1 gives to refuse a peer's init features (already
 * merged with its `globalfeatures`), in Core Lightning's words: the lowest even bit we do not
 * know, then a feature offered without one it depends on. Unknown odd bits are fine: the peer only
 * says it could use them.
 */
export function checkPeerFeatures(features: Uint8Array): void {
  for (const bit of featureBits(features)) {
    if (!isOdd(bit) && !BY_BIT.has(bit)) throw new WireError(`Unsupported feature ${bit}`);
  }
  for (const f of FEATURES) {
    if (!offered(features, f)) continue;
    for (const name of f.depends) {
      const needed = BY_NAME.get(name)!;
      if (!offered(features, needed)) throw new WireError(`Feature ${f.bit} requires feature ${needed.bit}`);
    }
  }
}

/**
 * The features ln-connect sends in its own init. All odd, so we require nothing and any peer
 * can accept us, but chosen so that peers find what they require of us: Electrum wants one bit
 * of 0/1, 6/7 and 12/13, LDK one of 0/1, 8/9, 12/13 and 14/15. basic_mpp (17, which depends on
 * payment_secret) and option_channel_type (45, ASSUMED since 2025) complete the set every
 * current implementation offers. Hex `20000002a282`.
 */
export const DEFAULT_FEATURES: Uint8Array = featuresFromBits([1, 7, 9, 13, 15, 17, 45]);

/**
 * One label per feature offered, lowest first, for people: the BOLT 9 name (`unknown_bit_N` for
 * a pair we do not know, N its even bit), with ` (required)` when the even bit is set, however
 * many of its two bits are set (Electrum sets both).
 */
export function featureNames(vector: Uint8Array): string[] {
  const pairs = new Map<number, boolean>();
  for (const bit of featureBits(vector)) {
    const even = bit - (bit % 2);
    pairs.set(even, pairs.get(even) === true || !isOdd(bit));
  }
  return [...pairs].map(([even, required]) => `${BY_BIT.get(even)?.name ?? `unknown_bit_${even}`}${required ? ' (required)' : ''}`);
}
