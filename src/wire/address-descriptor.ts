import { base32 } from '@scure/base';
import { reworded } from '../failures.js';
import { parseOnionV3 } from './onion.js';
import { checkHostname } from './hostname.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip.js';
import { Reader } from './reader.js';
import { hexByte } from '../quote.js';
import { Writer } from './writer.js';

/**
 * BOLT 7 address descriptors: a type byte, the address, a u16 port. They fill the address list
 * of `node_announcement` and init's `remote_addr`. Port 0 (invalid for IP and DNS entries) is
 * decoded as sent: BOLT 7 has readers ignore such entries, which is the caller's decision.
 */

export const ADDRESS_DESCRIPTOR_TYPE = { ipv4: 1, ipv6: 2, torv2: 3, torv3: 4, dns: 5 } as const;

/**
 * An address a descriptor carries, as ln-connect dials and reports it (net's Address adds unix
 * sockets): the keys and their order are those of Core Lightning's `address` JSON. `dns` is a
 * name, not resolved.
 */
export type NetworkAddress =
  | { type: 'ipv4'; address: string; port: number }
  | { type: 'ipv6'; address: string; port: number }
  | { type: 'torv3'; address: string; port: number }
  | { type: 'dns'; address: string; port: number };

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
      const name = reworded(
        () => checkHostname(String.fromCharCode(...r.bytes(r.u8()))),
        // quote() escapes control characters; a peer's bytes past ASCII are escaped too, as all peer text is.
        (err) => r.error(err.message.replace(/[^\x20-\x7e]/g, (c) => `\\x${hexByte(c.charCodeAt(0))}`)),
      );
      return { type: 'dns', address: name, port: r.u16() };
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
      // Letters, digits, '-' and '.': one byte each.
      const name = reworded(
        () => checkHostname(a.address),
        (err) => invalid(err.message),
      );
      w.u8(ADDRESS_DESCRIPTOR_TYPE.dns).u8(name.length).bytes(Uint8Array.from(name, (c) => c.charCodeAt(0)));
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
