import { Reader } from './reader.js';
import { Writer } from './writer.js';

/**
 * BigSize (BOLT 1): Bitcoin's CompactSize with big-endian integers. A value below 0xfd is one
 * byte; otherwise a prefix 0xfd, 0xfe or 0xff announces a u16, u32 or u64. Values reach 2^64-1,
 * so they are bigints; encoding also takes a number for the common small case.
 */

export const MAX_BIGSIZE = 0xffff_ffff_ffff_ffffn;

/** The length of the minimal encoding: the one place that knows where each width starts. */
function encodedLength(n: bigint): 1 | 3 | 5 | 9 {
  if (n < 0xfdn) return 1;
  if (n <= 0xffffn) return 3;
  if (n <= 0xffff_ffffn) return 5;
  return 9;
}

/** Reads one BigSize, rejecting truncation and any encoding longer than necessary. */
export function readBigSize(r: Reader): bigint {
  const start = r.offset;
  const prefix = r.u8();
  let value: bigint;
  if (prefix < 0xfd) value = BigInt(prefix);
  else if (prefix === 0xfd) value = BigInt(r.u16());
  else if (prefix === 0xfe) value = BigInt(r.u32());
  else value = r.u64();
  // One value, one encoding: TLV types are compared and signed messages hashed as bytes.
  const size = r.offset - start;
  if (encodedLength(value) < size) r.fail(`non-minimal encoding of ${value} in ${size} bytes`);
  return value;
}

/** Decodes bytes that hold exactly one BigSize. */
export function decodeBigSize(bytes: Uint8Array): bigint {
  return Reader.readAll(bytes, 'BigSize', readBigSize);
}

/** The minimal encoding of `value`, a non-negative integer up to 2^64-1. */
export function encodeBigSize(value: bigint | number): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`BigSize: ${value} is not a safe integer`);
  }
  const n = BigInt(value);
  if (n < 0n || n > MAX_BIGSIZE) throw new RangeError(`BigSize: ${n} is outside 0..2^64-1`);
  const w = new Writer();
  switch (encodedLength(n)) {
    case 1:
      return w.u8(Number(n)).finish();
    case 3:
      return w.u8(0xfd).u16(Number(n)).finish();
    case 5:
      return w.u8(0xfe).u32(Number(n)).finish();
    case 9:
      return w.u8(0xff).u64(n).finish();
  }
}
