import type { NetworkAddress } from '../wire/address-descriptor.js';

export type { NetworkAddress };

/**
 * A peer address as ln-connect dials and reports it: one a BOLT 7 descriptor can carry
 * (NetworkAddress, declared by wire), or a unix socket. Each variant is exactly the JSON object
 * Core Lightning puts in `address` (same keys, same order), so the result needs no conversion.
 *
 * `dns` is a name not yet resolved: it is resolved into ipv4/ipv6 entries before dialling, or
 * handed unresolved to a SOCKS5 proxy (then it is also what the result reports, as Core
 * Lightning does with `--always-use-proxy`).
 */
export type Address = NetworkAddress | { type: 'local socket'; socket: string };

/** Core Lightning's `fmt_wireaddr_internal`: `1.2.3.4:9735`, `[::1]:9735`, `x.onion:9735`, `name:9735`, `/path`. */
export function formatAddress(a: Address): string {
  switch (a.type) {
    case 'local socket':
      return a.socket;
    case 'ipv6':
      return `[${a.address}]:${a.port}`;
    default:
      return `${a.address}:${a.port}`;
  }
}
