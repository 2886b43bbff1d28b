import { base32 } from '@scure/base';
import { reworded } from '../failures.js';
import type { NetworkAddress } from '../net/address.js';
import { parseOnionV3 } from '../net/onion.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip.js';
import { Reader } from './reader.js';
import { Writer } from './writer.js';

/**
 * BOLT 7 address descriptors: a type byte, the address, a u16 port. They fill the address list
 * of `node_announcement` and init's `remote_addr`. Port 0 (invalid for IP and DNS entries) is
 * decoded as sent: BOLT 7 has readers ignore such entries, which is the caller's decision.
 */

export const ADDRESS_DESCRIPTOR_TYPE = { ipv4: 1, ipv6: 2, torv2: 3, torv3: 4, dns: 5 } as const;

/** pubkey(32) ‖ checksum(2) ‖ version(1) */
const TORV3_BYTES = 35;

/** Reads one descriptor. A reader of a list must stop at an unknown type: its length is unknown. */
export function readAddressDescriptor(r: Reader): NetworkAddress {
  const type = r.u8();
  switch (type) {
    case ADDRESS_DESCRIPTOR_TYPE.ipv4:
      return { type: 'ipv4', address: formatIPv4(r.bytes(4)), port: r.u16() };
    case ADDRESS_DESCRIPTOR_TYPE.ipv6:
      return { type: 'ipv6', address: formatIPv6(r.bytes(16)), port: r.u16() };
    case ADDRESS_DESCRIPTOR_TYPE.torv2:
      return r.fail('Tor v2 addresses are obsolete');
    case ADDRESS_DESCRIPTOR_TYPE.torv3: {
      // The 35 bytes of a v3 onion name: base32 of them is the name, whose checks live in one place.
      const address = `${base32.encode(r.bytes(TORV3_BYTES)).toLowerCase()}.onion`;
      reworded(
        () => parseOnionV3(address),
        (err) => r.error(err.message),
      );
      return { type: 'torv3', address, port: r.u16() };
    }
    case ADDRESS_DESCRIPTOR_TYPE.dns: {
      const name = r.bytes(r.u8());
      const problem = hostnameProblem(name);
      if (problem) r.fail(`DNS hostname ${problem}`);
      return { type: 'dns', address: String.fromCharCode(...name), port: r.u16() };
    }
    default:
      return r.fail(`unknown address descriptor type ${type}`);
  }
}

/** Writes one descriptor; an address that cannot be encoded throws RangeError. */
export function writeAddressDescriptor(w: Writer, a: NetworkAddress): void {
  const invalid = (why: string) => new RangeError(`${a.type} address '${a.address}' ${why}`);
  switch (a.type) {
    case 'ipv4': {
      const bytes = parseIPv4(a.address);
      if (!bytes) throw invalid('is not dotted-decimal IPv4');
      w.u8(ADDRESS_DESCRIPTOR_TYPE.ipv4).bytes(bytes);
      break;
    }
    case 'ipv6': {
      const bytes = parseIPv6(a.address);
      if (!bytes) throw invalid('is not IPv6 text');
      w.u8(ADDRESS_DESCRIPTOR_TYPE.ipv6).bytes(bytes);
      break;
    }
    case 'torv3': {
      reworded(
        () => parseOnionV3(a.address),
        (err) => invalid(`is not a valid v3 onion name: ${err.message}`),
      );
      w.u8(ADDRESS_DESCRIPTOR_TYPE.torv3).bytes(base32.decode(a.address.slice(0, -'.onion'.length).toUpperCase()));
      break;
    }
    case 'dns': {
      const codes = Uint16Array.from(a.address, (c) => c.charCodeAt(0));
      const problem = hostnameProblem(codes);
      if (problem) throw invalid(problem);
      w.u8(ADDRESS_DESCRIPTOR_TYPE.dns).u8(codes.length).bytes(Uint8Array.from(codes));
      break;
    }
  }
  w.u16(a.port);
}

export function decodeAddressDescriptor(bytes: Uint8Array): NetworkAddress {
  return Reader.readAll(bytes, 'address descriptor', readAddressDescriptor);
}

export function encodeAddressDescriptor(a: NetworkAddress): Uint8Array {
  return Writer.build((w) => writeAddressDescriptor(w, a));
}

/**
 * BOLT 7 wants ASCII names (punycode for the rest). Spaces and control characters are refused
 * as well: a name is printed, and a peer must not be able to put escape sequences in our output.
 */
function hostnameProblem(codes: Uint8Array | Uint16Array): string | undefined {
  if (codes.length === 0) return 'is empty';
  if (codes.length > 255) return `is ${codes.length} characters long, more than 255`;
  const bad = codes.findIndex((c) => c < 0x21 || c > 0x7e);
  if (bad >= 0) return `has character 0x${codes[bad]!.toString(16).padStart(2, '0')} at ${bad}, not printable ASCII`;
  return undefined;
}
