import { sha3_256 } from '@noble/hashes/sha3.js';
import { base32 } from '@scure/base';

/**
 * Tor v3 onion names (Tor's rend-spec-v3, "Encoding onion addresses"): the name is the base32
 * of pubkey(32) ‖ checksum(2) ‖ version(1), then `.onion`. BOLT 7 descriptors carry those 35
 * bytes. The checksum catches a mistyped name before we ask a proxy to find it.
 */

export const ONION_V3_BYTES = 35;
const VERSION = 3;
const CHECKSUM_PREFIX = new TextEncoder().encode('.onion checksum');

function checksum(pubkey: Uint8Array, version: number): Uint8Array {
  const input = new Uint8Array(CHECKSUM_PREFIX.length + pubkey.length + 1);
  input.set(CHECKSUM_PREFIX);
  input.set(pubkey, CHECKSUM_PREFIX.length);
  input[input.length - 1] = version;
  return sha3_256(input).subarray(0, 2);
}

/** What is wrong with 35 onion bytes, or undefined if they make a valid v3 address. */
export function onionV3Problem(raw: Uint8Array): string | undefined {
  if (raw.length !== ONION_V3_BYTES) return `is ${raw.length} bytes, not ${ONION_V3_BYTES}`;
  const version = raw[34]!;
  if (version !== VERSION) return `has version ${version}, not ${VERSION}`;
  const expected = checksum(raw.subarray(0, 32), version);
  if (raw[32] !== expected[0] || raw[33] !== expected[1]) return 'has a bad checksum';
  return undefined;
}

/** `<56 lowercase base32 characters>.onion`, the form Tor and Core Lightning print. */
export function onionV3Name(raw: Uint8Array): string {
  return `${base32.encode(raw).toLowerCase()}.onion`;
}

/** The 35 bytes of a valid v3 onion name (either case), or undefined. */
export function parseOnionV3(name: string): Uint8Array | undefined {
  const match = /^([a-z2-7]{56})\.onion$/i.exec(name);
  if (!match) return undefined;
  const raw = base32.decode(match[1]!.toUpperCase());
  return onionV3Problem(raw) === undefined ? raw : undefined;
}
