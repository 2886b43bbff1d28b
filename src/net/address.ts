/**
 * A peer address as ln-connect dials and reports it. Each variant is exactly the JSON object
 * Core Lightning puts in `address` (same keys, same order), so the result needs no conversion.
 *
 * `dns` is a name not yet resolved: it is resolved into ipv4/ipv6 entries before dialling, or
 * handed unresolved to a SOCKS5 proxy (then it is also what the result reports, as Core
 * Lightning does with `--always-use-proxy`).
 */
export type Address =
  | { type: 'ipv4'; address: string; port: number }
  | { type: 'ipv6'; address: string; port: number }
  | { type: 'torv3'; address: string; port: number }
  | { type: 'dns'; address: string; port: number }
  | { type: 'local socket'; socket: string };

export type NetworkAddress = Exclude<Address, { type: 'local socket' }>;

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
