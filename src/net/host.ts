import { isIPv4, isIPv6, SocketAddress } from 'node:net';
import { reworded } from '../failures.js';
import { checkHostname, InvalidHostError, parseOnionV3 } from '../wire/index.js';
import type { Address, NetworkAddress } from './address.js';
import { quote, shorten } from '../quote.js';

// Declared in wire, which checks the names a peer sends with the same rules.
export { InvalidHostError };

/** Linux's sun_path: 108 bytes, the last one the terminating NUL. */
const SUN_PATH_BYTES = 108;
/** What every message about a bad port says. */
export const PORT_RANGE = 'port must be 1–65535';

/** A port a peer can listen on: an integer from 1 to 65535. */
export function isPort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}

/** Core Lightning maps these two names itself, so they work on a machine with no resolver. */
const LOCAL_NAMES: ReadonlyMap<string, string> = new Map([
  ['localhost', '127.0.0.1'],
  ['ip6-localhost', '::1'],
]);

/**
 * The host of `connect`, read as Core Lightning's parse_wireaddr_internal reads it: a `/path`
 * socket, an IP literal, a v3 onion, or a name, optionally followed by `:port` (else
 * `defaultPort`). Nothing is looked up: a name comes back as a `dns` address, for the caller to
 * resolve or to hand to a proxy. Throws InvalidHostError with Core Lightning's words, `Host %s:%u
 * not valid: %s` and `Host %s:%u not a simple type`, and its reasons where it has them.
 */
export function parseHost(text: string, defaultPort: number): Address {
  const rejected = (why: string) => new InvalidHostError(`Host ${shorten(text)}:${defaultPort} ${why}`);
  if (text.startsWith('/')) {
    if (Buffer.byteLength(text) >= SUN_PATH_BYTES) throw rejected('not valid: Socket name too long');
    return { type: 'local socket', socket: text };
  }
  // These ask Tor to create a service for us to listen on: no way to reach a peer.
  if (text.startsWith('autotor:') || text.startsWith('statictor:')) throw rejected('not a simple type');
  // Core Lightning takes ws: here, then dials plain TCP and reports it as a websocket.
  if (text.startsWith('ws:')) throw rejected('not valid: outgoing websocket connections are not implemented');

  const forcedName = text.startsWith('dns:');
  const parts = reworded(
    () => readHostPort(forcedName ? text.slice('dns:'.length) : text),
    // Core Lightning's words, then what was wrong.
    (err) => rejected(`not valid: Error parsing hostname: ${err.message}`),
  );
  // An empty host means "every interface", another listening form.
  if (parts.host === '' && !forcedName) throw rejected('not a simple type');
  const port = parts.port ?? defaultPort;
  return reworded(
    () => (forcedName ? forcedDnsName(parts.host, port) : parseNetworkAddress(LOCAL_NAMES.get(parts.host) ?? parts.host, port)),
    (err) => rejected(`not valid: ${err.message}`),
  );
}

/**
 * A host with no port, as a node announces it: an IPv4 or IPv6 literal (IPv6 in the form
 * inet_ntop and Node's sockets print, so `0:0::1` is `::1`), a v3 onion, or a DNS name, checked
 * but not resolved. Throws InvalidHostError, or InvalidOnionError for a malformed onion name.
 */
export function parseNetworkAddress(host: string, port: number): NetworkAddress {
  if (isIPv4(host)) return { type: 'ipv4', address: host, port };
  if (isIPv6(host)) {
    // Node's isIPv6 allows a zone id; an address we report and compare cannot carry one.
    if (host.includes('%')) throw new InvalidHostError('IPv6 zone ids (the %... suffix) are not supported');
    return { type: 'ipv6', address: new SocketAddress({ address: host, family: 'ipv6' }).address, port };
  }
  if (isOnionName(host)) {
    parseOnionV3(host);
    return { type: 'torv3', address: host.toLowerCase(), port };
  }
  const bracketed = withBrackets(host);
  if (bracketed) throw new InvalidHostError(`an IPv6 address with a port is written in brackets: ${bracketed}`);
  return { type: 'dns', address: checkHostname(host), port };
}

/**
 * `[::1]:41803` for `::1:41803`: an IPv6 address with a port after it, which only brackets tell
 * apart from the address's own last group. Undefined when `host` is not that.
 */
function withBrackets(host: string): string | undefined {
  const colon = host.lastIndexOf(':');
  const address = host.slice(0, colon);
  const port = host.slice(colon + 1);
  const valid = colon > 0 && isIPv6(address) && /^\d{1,5}$/.test(port) && isPort(Number(port));
  return valid ? `[${address}]:${port}` : undefined;
}

/**
 * Core Lightning's separate_address_and_port. `[addr]` is what the brackets hold, and the port is
 * whatever follows the first colon after `]`, so `[::1]junk` is `::1` with no port, as in Core Lightning.
 * Without brackets, exactly one colon, not at the end, splits `host:port`; otherwise (a bare IPv6
 * address) it is all host. Throws InvalidHostError when malformed: no `]`, or a bad port. Core
 * Lightning stores the port in a u16, so `:70000` dials 4464 and `:-1` 65535; we refuse any port
 * outside 1-65535 rather than dial one nobody typed.
 */
export function readHostPort(text: string): { host: string; port?: number } {
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new InvalidHostError("'[' without a closing ']'");
    host = text.slice(1, close);
    const colon = text.indexOf(':', close + 1);
    if (colon >= 0) portText = text.slice(colon + 1);
  } else {
    const colon = text.indexOf(':');
    const split = colon >= 0 && colon === text.lastIndexOf(':') && colon < text.length - 1;
    host = split ? text.slice(0, colon) : text;
    if (split) portText = text.slice(colon + 1);
  }
  if (portText === undefined) return { host };
  // strtol's syntax: C white space, a sign, decimal digits, and nothing after them.
  const port = /^[ \t\n\v\f\r]*[+-]?\d+$/.test(portText) ? Number(portText) : 0;
  if (!isPort(port)) throw new InvalidHostError(`${PORT_RANGE}, got ${quote(portText)}`);
  return { host, port };
}

function isOnionName(host: string): boolean {
  return host.toLowerCase().endsWith('.onion');
}

/** `dns:` makes Core Lightning keep a name unresolved until it dials; it must then be a name. */
function forcedDnsName(host: string, port: number): NetworkAddress {
  if (host === '' || isIPv4(host) || isIPv6(host)) throw new InvalidHostError('dns: must be followed by a name');
  // RFC 7686: resolvers must not be asked about .onion names.
  if (isOnionName(host)) throw new InvalidHostError('a .onion name is reached through Tor, never DNS: drop the dns: prefix');
  return { type: 'dns', address: checkHostname(host), port };
}
