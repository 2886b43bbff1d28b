import { hexByte } from '../quote.js';

/**
 * Text for humans, built from bytes a peer chose.
 *
 * `printable` is for `error` and `warning` data (BOLT 1 says to print it only if every byte is
 * printable ASCII). A hostile peer must not be able to move the cursor, clear the screen, change
 * a terminal title or start a fake line of our output, so every byte outside 32..126 becomes
 * `\xNN` (two lowercase hex digits). The backslash itself becomes `\\`, so an escape in the
 * output always came from us and the original bytes can be recovered exactly.
 */
export function printable(data: Uint8Array): string {
  let out = '';
  for (const byte of data) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte >= 32 && byte <= 126) out += String.fromCharCode(byte);
    else out += `\\x${hexByte(byte)}`;
  }
  return out;
}

/**
 * The first line of what a service that is not the one we expected said (an HTTP status line,
 * an SSH banner), cut at `limit` bytes and quoted through `printable`: enough to recognise it,
 * nothing a hostile reply can use.
 */
export function quoteFirstLine(reply: Uint8Array, limit = 40): string {
  const end = reply.findIndex((byte) => byte === 0x0d || byte === 0x0a);
  return `"${printable(reply.subarray(0, Math.min(end === -1 ? reply.length : end, limit)))}"`;
}

/** `1 byte`, `2 bytes`. */
export function plural(n: number | bigint, noun: string): string {
  return `${n} ${noun}${n === 1 || n === 1n ? '' : 's'}`;
}
