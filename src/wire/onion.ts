import { sha3_256 } from '@noble/hashes/sha3.js';
import { base32 } from '@scure/base';
import { InputError } from '../failures.js';

/**
 * Tor v3 onion names (Tor's rend-spec-v3, "Encoding onion addresses"): the base32 of
 * pubkey(32) ‖ checksum(2) ‖ version(1), then `.onion`, where the checksum is
 * SHA3-256(".onion checksum" ‖ pubkey ‖ version)[0..2]. BOLT 7 `torv3` descriptors carry the same
 * 35 bytes. Checking the checksum catches a mistyped name at once, before a proxy spends half a
 * minute looking for a service that cannot exist.
 */

/** A name that is not a usable Tor v3 onion; the message says why and reads on its own. */
export class InvalidOnionError extends InputError {
  override name = 'InvalidOnionError';
}

const SUFFIX = '.onion';
const VERSION = 3;
const PUBKEY_BYTES = 32;
/** 35 bytes are 280 bits, exactly 56 base32 characters: no padding. */
const V3_LABEL_CHARS = 56;
const V2_LABEL_CHARS = 16;
const CHECKSUM_PREFIX = new TextEncoder().encode('.onion checksum');

/** The 32-byte ed25519 public key named by `<56 base32 characters>.onion` (either case). */
export function parseOnionV3(name: string): Uint8Array {
  const invalid = (why: string) => new InvalidOnionError(`Invalid Tor address: ${why}`);
  if (!name.toLowerCase().endsWith(SUFFIX)) throw invalid('it does not end in .onion');
  const label = name.slice(0, -SUFFIX.length);
  if (label.length === V2_LABEL_CHARS) {
    throw new InvalidOnionError("Tor v2 onion addresses are obsolete (Tor removed them in 2021); use the node's v3 address");
  }
  if (label.length !== V3_LABEL_CHARS) {
    throw invalid(`a v3 onion name has ${V3_LABEL_CHARS} characters before .onion, this one has ${label.length}`);
  }
  const bad = label.search(/[^a-z2-7]/i);
  if (bad >= 0) throw invalid(`'${label[bad]}' (character ${bad + 1}) is not base32: onion names use only a-z and 2-7`);

  const raw = base32.decode(label.toUpperCase());
  const pubkey = raw.slice(0, PUBKEY_BYTES);
  const version = raw[PUBKEY_BYTES + 2]!;
  // The last character carries the low five bits of the version, so a typo there shows up here.
  if (version !== VERSION) throw invalid(`it has version ${version}, not ${VERSION} (a v3 name ends in 'd' before .onion)`);
  const expected = checksum(pubkey);
  if (raw[PUBKEY_BYTES] !== expected[0] || raw[PUBKEY_BYTES + 1] !== expected[1]) {
    throw invalid('it has a bad checksum');
  }
  return pubkey;
}

/** The onion name of a 32-byte ed25519 public key, in lower case as Tor prints it. */
export function onionV3FromPubkey(pubkey: Uint8Array): string {
  if (pubkey.length !== PUBKEY_BYTES) throw new RangeError(`a Tor v3 public key has ${PUBKEY_BYTES} bytes, not ${pubkey.length}`);
  const raw = new Uint8Array(PUBKEY_BYTES + 3);
  raw.set(pubkey);
  raw.set(checksum(pubkey), PUBKEY_BYTES);
  raw[PUBKEY_BYTES + 2] = VERSION;
  return base32.encode(raw).toLowerCase() + SUFFIX;
}

function checksum(pubkey: Uint8Array): Uint8Array {
  const input = new Uint8Array(CHECKSUM_PREFIX.length + PUBKEY_BYTES + 1);
  input.set(CHECKSUM_PREFIX);
  input.set(pubkey, CHECKSUM_PREFIX.length);
  input[input.length - 1] = VERSION;
  return sha3_256(input).subarray(0, 2);
}
