import { isIPv4, isIPv6, SocketAddress } from 'node:net';
import { InvalidParamsError } from '../errors.js';
import type { Address, NetworkAddress } from './address.js';
import { InvalidOnionError, parseOnionV3 } from './onion.js';
import { quote, shorten } from '../quote.js';

/** Text that names no address we could dial; the message says why. */
export class InvalidHostError extends Error {
  override name = 'InvalidHostError';
}

/** Linux's sun_path: 108 bytes, the last one the terminating NUL. */
const SUN_PATH_BYTES = 108;
/** A BOLT 7 DNS descriptor has one length byte; Core Lightning's DNS_ADDRLEN is the same. */
const MAX_NAME_BYTES = 255;
const MAX_LABEL_CHARS = 63;
/** What every message about a bad port says. */
export const PORT_RANGE = 'port must be 1–65535';
/** Core Lightning maps these two names itself, so they work on a machine with no resolver. */
const LOCAL_NAMES: ReadonlyMap<string, string> = new Map([
  ['localhost', '127.0.0.1'],
  ['ip6-localhost', '::1'],
]);

/**
 * The host of `connect`, read as Core Lightning's parse_wireaddr_internal reads it: a `/path`
 * socket, an IP literal, a v3 onion, or a name, optionally followed by `:port` (else
 * `defaultPort`). Nothing is looked up: a name comes back as a `dns` address, for the caller to
 * resolve or to hand to a proxy. Errors are Core Lightning's `Host %s:%u not valid: %s` and
 * `Host %s:%u not a simple type`, with its reasons where it has them.
 */
export function parseHost(text: string, defaultPort: number): Address {
  const rejected = (why: string) => new InvalidParamsError(`Host ${shorten(text)}:${defaultPort} ${why}`);
  if (text.startsWith('/')) {
    if (Buffer.byteLength(text) >= SUN_PATH_BYTES) throw rejected('not valid: Socket name too long');
    return { type: 'local socket', socket: text };
  }
  // These ask Tor to create a service for us to listen on: no way to reach a peer.
  if (text.startsWith('autotor:') || text.startsWith('statictor:')) throw rejected('not a simple type');
  // Core Lightning takes ws: here, then dials plain TCP and reports it as a websocket.
  if (text.startsWith('ws:')) throw rejected('not valid: outgoing websocket connections are not implemented');

  const forcedName = text.startsWith('dns:');
  let parts: { host: string; port?: number };
  try {
    parts = readHostPort(forcedName ? text.slice('dns:'.length) : text);
  } catch (err) {
    // Core Lightning's words, then what was wrong.
    if (err instanceof InvalidHostError) throw rejected(`not valid: Error parsing hostname: ${err.message}`);
    throw err;
  }
  // An empty host means "every interface", another listening form.
  if (parts.host === '' && !forcedName) throw rejected('not a simple type');
  const port = parts.port ?? defaultPort;
  try {
    if (forcedName) return forcedDnsName(parts.host, port);
    return parseNetworkAddress(LOCAL_NAMES.get(parts.host) ?? parts.host, port);
  } catch (err) {
    if (err instanceof InvalidHostError) throw rejected(`not valid: ${err.message}`);
    throw err;
  }
}

/**
 * A host with no port, as a node announces it: an IPv4 or IPv6 literal (IPv6 in the form
 * inet_ntop and Node's sockets print, so `0:0::1` is `::1`), a v3 onion, or a DNS name, checked
 * but not resolved. Throws InvalidHostError.
 */
export function parseNetworkAddress(host: string, port: number): NetworkAddress {
  if (isIPv4(host)) return { type: 'ipv4', address: host, port };
  if (isIPv6(host)) {
    // Node's isIPv6 allows a zone id; an address we report and compare cannot carry one.
    if (host.includes('%')) throw new InvalidHostError('IPv6 zone ids (the %... suffix) are not supported');
    return { type: 'ipv6', address: new SocketAddress({ address: host, family: 'ipv6' }).address, port };
  }
  if (isOnionName(host)) {
    try {
      parseOnionV3(host);
    } catch (err) {
      if (err instanceof InvalidOnionError) throw new InvalidHostError(err.message);
      throw err;
    }
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
  const valid = colon > 0 && isIPv6(address) && /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
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
  if (!(port >= 1 && port <= 65535)) throw new InvalidHostError(`${PORT_RANGE}, got ${quote(portText)}`);
  return { host, port };
}

/** readHostPort, for callers that only need to know whether the text is well formed. */
export function splitHostPort(text: string): { host: string; port?: number } | undefined {
  try {
    return readHostPort(text);
  } catch (err) {
    if (err instanceof InvalidHostError) return undefined;
    throw err;
  }
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

/** RFC 1123 host name syntax, so that a typo is reported as one, not as a failed lookup later. */
function checkHostname(name: string): string {
  const bad = /[^a-z0-9.-]/iu.exec(name);
  if (bad) throw new InvalidHostError(`'${bad[0]}' is not allowed in a host name (only letters, digits, '-' and '.')`);
  if (name.length > MAX_NAME_BYTES) throw new InvalidHostError(`DNS address too long (${name.length} bytes, at most ${MAX_NAME_BYTES})`);
  // A single trailing dot marks an absolute name.
  const labels = name.replace(/\.$/, '').split('.');
  for (const label of labels) {
    if (label === '') throw new InvalidHostError("a host name has no empty labels ('..', or a '.' at the start)");
    if (label.length > MAX_LABEL_CHARS) {
      throw new InvalidHostError(`the label '${label}' is ${label.length} characters long, more than ${MAX_LABEL_CHARS}`);
    }
    if (label.startsWith('-') || label.endsWith('-')) throw new InvalidHostError(`the label '${label}' starts or ends with '-'`);
  }
  // No top-level domain is all digits, and a resolver reads `127.1` as 127.0.0.1 (inet_aton's short form).
  if (/^\d+$/.test(labels.at(-1)!)) throw new InvalidHostError('not an IPv4 address (four numbers 0-255), and a host name never ends in a number');
  return name;
}
