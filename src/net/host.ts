import { isIPv4, isIPv6 } from 'node:net';
import { base32 } from '@scure/base';
import { formatIPv6, onionV3Problem, parseIPv6 } from '../wire/index.js';
import type { Address } from './address.js';

/** Linux's sun_path holds 108 bytes including the terminating NUL. */
const MAX_SOCKET_PATH = 107;
const HOSTNAME = /^(?=.{1,255}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * A host as Core Lightning's parse_wireaddr_internal reads it, without any network I/O. Returns
 * the Address, or a reason the host is not valid (the caller words the error).
 */
export function parseHost(host: string, port: number): Address | { problem: string } {
  if (host.startsWith('/')) {
    if (Buffer.byteLength(host) > MAX_SOCKET_PATH) return { problem: 'Socket name too long' };
    return { type: 'local socket', socket: host };
  }
  if (host === '' || /^(autotor|statictor):/.test(host)) return { problem: 'not a simple type' };
  if (host.startsWith('ws:')) return { problem: 'outgoing websocket connections are not supported' };
  // Core Lightning maps these two names without asking DNS.
  if (host === 'localhost') return { type: 'ipv4', address: '127.0.0.1', port };
  if (host === 'ip6-localhost') return { type: 'ipv6', address: '::1', port };
  if (isIPv4(host)) return { type: 'ipv4', address: host, port };
  if (isIPv6(host)) {
    // One spelling per address, as a socket reports it: `0:0::1` is `::1`.
    const bytes = parseIPv6(host);
    return { type: 'ipv6', address: bytes ? formatIPv6(bytes) : host, port };
  }
  if (/\.onion$/i.test(host)) {
    const problem = onionProblem(host);
    return problem ? { problem } : { type: 'torv3', address: host.toLowerCase(), port };
  }
  if (!HOSTNAME.test(host)) return { problem: 'not an IP address, a host name, an onion or a /socket path' };
  return { type: 'dns', address: host, port };
}

/** Tor v3 onion names (rend-spec-v3): 56 base32 characters of pubkey(32) ‖ checksum(2) ‖ version(1). */
function onionProblem(name: string): string | undefined {
  const label = name.slice(0, -'.onion'.length);
  if (label.length === 16) return 'Tor v2 onion addresses are obsolete (Tor removed them in 2021); use the node\'s v3 address';
  if (label.length !== 56) return `Invalid Tor address: a v3 onion has 56 characters before .onion, this one has ${label.length}`;
  if (!/^[a-z2-7]+$/i.test(label)) return 'Invalid Tor address: only base32 characters (a-z, 2-7) may appear';
  const problem = onionV3Problem(base32.decode(label.toUpperCase()));
  return problem ? `Invalid Tor address: it ${problem}` : undefined;
}
