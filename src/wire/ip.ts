/**
 * IP addresses between text and the bytes of a BOLT 7 address descriptor. Text comes out in the
 * form inet_ntop gives (RFC 5952 zero compression, lowercase, dotted IPv4 tails as BIND wrote
 * them), which is what Core Lightning reports and what Node shows as `socket.remoteAddress`, so
 * the same address always compares equal as a string.
 */

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function formatIPv4(bytes: Uint8Array): string {
  return Array.from(bytes).join('.');
}

/** Four decimal parts without leading zeros (which some parsers read as octal); else undefined. */
export function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => IPV4_PART.test(p))) return undefined;
  return Uint8Array.from(parts, Number);
}

export function formatIPv6(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = Array.from({ length: 8 }, (_, i) => view.getUint16(2 * i));
  // The first longest run of two or more zero words becomes `::`.
  let run = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let end = i;
    while (end < 8 && words[end] === 0) end++;
    if (end - i > run.length && end - i >= 2) run = { start: i, length: end - i };
    i = end + 1;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (run.start === 0 && (run.length === 6 || (run.length === 5 && words[5] === 0xffff))) {
    return `::${run.length === 5 ? 'ffff:' : ''}${formatIPv4(bytes.subarray(12))}`;
  }
  if (run.start < 0) return hex(words);
  return `${hex(words.slice(0, run.start))}::${hex(words.slice(run.start + run.length))}`;
}

/** RFC 4291 text (`::` at most once, an optional dotted IPv4 tail), no zone id; else undefined. */
export function parseIPv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1]!, true) : [];
  if (!head || !tail) return undefined;
  // Without `::` the groups fill all 128 bits; `::` stands for at least one zero group.
  const gap = 8 - head.length - tail.length;
  if (halves.length === 1 ? gap !== 0 : gap < 1) return undefined;
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  [...head, ...new Array<number>(gap).fill(0), ...tail].forEach((w, i) => view.setUint16(2 * i, w));
  return bytes;
}

/** Colon-separated groups as 16-bit words; at the end of the address a dotted IPv4 is two words. */
function parseGroups(text: string, endsAddress: boolean): number[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  const words: number[] = [];
  for (const [i, group] of groups.entries()) {
    const ipv4 = endsAddress && i === groups.length - 1 ? parseIPv4(group) : undefined;
    if (ipv4) words.push((ipv4[0]! << 8) | ipv4[1]!, (ipv4[2]! << 8) | ipv4[3]!);
    else if (IPV6_GROUP.test(group)) words.push(parseInt(group, 16));
    else return undefined;
  }
  return words;
}
