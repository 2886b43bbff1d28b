import { isIPv6, type Socket } from 'node:net';
import { AttemptError } from '../errors.js';
import { InputError, ProtocolError, reworded } from '../failures.js';
import { hexByte } from '../quote.js';
import { quoteFirstLine } from '../wire/index.js';
import type { NetworkAddress } from './address.js';
import { parseNetworkAddress, readHostPort } from './host.js';
import { PeerClosedError, SocketReader } from './socket-reader.js';

/**
 * A SOCKS5 proxy (RFC 1928), usually Tor. Credentials (RFC 1929) are optional: Tor accepts any
 * pair and keeps the streams of different pairs on different circuits (IsolateSOCKSAuth).
 */
export interface ProxyConfig {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
}

export const DEFAULT_PROXY_PORT = 9050;

/**
 * `--proxy`: `host[:port]` or `[ipv6]:port`, optionally after `user:password@`. Host and port are
 * split as Core Lightning splits its own `--proxy` (so a bare IPv6 address is all host). Throws
 * InputError.
 */
export function parseProxy(text: string): ProxyConfig {
  // The last @ ends the credentials: a password may contain one, a host cannot.
  const at = text.lastIndexOf('@');
  const endpoint = parseEndpoint(text.slice(at + 1));
  if (at === -1) return endpoint;
  // Never quoted in a message: it holds a password.
  const credentials = text.slice(0, at);
  const colon = credentials.indexOf(':');
  if (colon === -1) throw new InputError('expected USER:PASSWORD before the @');
  const username = credentials.slice(0, colon);
  const password = credentials.slice(colon + 1);
  for (const [what, value] of [['user name', username], ['password', password]] as const) {
    const bytes = Buffer.byteLength(value);
    if (bytes < 1 || bytes > 255) throw new InputError(`the ${what} must be 1 to 255 bytes long (RFC 1929), not ${bytes}`);
  }
  return { ...endpoint, username, password };
}

function parseEndpoint(text: string): { host: string; port: number } {
  const malformed = (): InputError => new InputError(`expected HOST[:PORT] or [IPV6]:PORT, with a port from 1 to 65535, got '${text}'`);
  const split = reworded(() => readHostPort(text), malformed);
  if (split.host === '') throw malformed();
  const port = split.port ?? DEFAULT_PROXY_PORT;
  const address = reworded(
    () => parseNetworkAddress(split.host, port),
    (err) => new InputError(`'${split.host}': ${err.message}`),
  );
  if (address.type === 'torv3') throw new InputError("a .onion cannot be the proxy: give the address of Tor's SocksPort");
  return { host: address.address, port };
}

/** How errors name the proxy: `SOCKS5 proxy 127.0.0.1:9050`, `SOCKS5 proxy [::1]:9050`. */
export function describeProxy(proxy: ProxyConfig): string {
  return `SOCKS5 proxy ${isIPv6(proxy.host) ? `[${proxy.host}]` : proxy.host}:${proxy.port}`;
}

// The codec: bytes to send, and the meaning of bytes received. No sockets.

const VERSION = 0x05;
const PASSWORD_AUTH_VERSION = 0x01;
const METHOD_NONE = 0x00;
const METHOD_PASSWORD = 0x02;
const NO_ACCEPTABLE_METHODS = 0xff;
const CMD_CONNECT = 0x01;
const ATYP_IPV4 = 0x01;
const ATYP_DOMAIN = 0x03;
const ATYP_IPV6 = 0x04;

/** The proxy's reply ends the exchange; the message says why, in words that follow `SOCKS5 proxy HOST:PORT: `. */
export class Socks5Error extends ProtocolError {
  override name = 'Socks5Error';
}

const offersPassword = (proxy: ProxyConfig): boolean => proxy.username !== undefined;

/** Method selection: no authentication, and username/password too when we have credentials. */
export function greeting(proxy: ProxyConfig): Uint8Array {
  return offersPassword(proxy) ? Uint8Array.of(VERSION, 2, METHOD_NONE, METHOD_PASSWORD) : Uint8Array.of(VERSION, 1, METHOD_NONE);
}

/** The proxy's choice of method (VER METHOD). Other bytes after them are only quoted when it is not SOCKS5. */
export function parseMethodChoice(reply: Uint8Array, proxy: ProxyConfig): 'none' | 'password' {
  if (reply[0] !== VERSION) throw new Socks5Error(notSocks5(reply));
  const method = reply[1]!;
  if (method === METHOD_NONE) return 'none';
  if (method === METHOD_PASSWORD && offersPassword(proxy)) return 'password';
  if (method === NO_ACCEPTABLE_METHODS) {
    // Core Lightning's words when the proxy wants credentials and we have none.
    throw new Socks5Error(offersPassword(proxy) ? 'accepts neither no authentication nor a user name and password' : 'authentication required');
  }
  throw new Socks5Error(`chose authentication method 0x${hexByte(method)}, which we did not offer`);
}

/** What answered our greeting when it was not a SOCKS5 proxy: its first line if it talks text (HTTP), else its first byte. */
function notSocks5(reply: Uint8Array): string {
  // A SOCKS5 reply starts with byte 5; a printable first byte means a text protocol answered.
  const text = reply.length > 1 && reply[0]! >= 0x20 && reply[0]! <= 0x7e;
  return text ? `not a SOCKS5 proxy: it answered ${quoteFirstLine(reply)}` : `not a SOCKS5 proxy: its reply starts with byte 0x${hexByte(reply[0]!)}, not version 5`;
}

/** RFC 1929 sub-negotiation: version 1, then the user name and the password, each after its length. */
export function passwordRequest(username: string, password: string): Uint8Array {
  const user = Buffer.from(username);
  const pass = Buffer.from(password);
  return Uint8Array.from([PASSWORD_AUTH_VERSION, user.length, ...user, pass.length, ...pass]);
}

/** RFC 1929's reply (VER STATUS): status 0 is success. VER is not checked: some proxies send 5 there. */
export function parseAuthReply(reply: Uint8Array): 'accepted' {
  if (reply[1] !== 0) throw new Socks5Error('rejected our user name and password');
  return 'accepted';
}

/**
 * The host as the proxy should see it: always a name (ATYP 3), as Core Lightning sends it, so
 * that the proxy resolves names and we make no DNS query. IPv4 as dotted text, IPv6 in
 * brackets, onions and DNS names as they are.
 */
export function proxyHostName(address: NetworkAddress): string {
  return address.type === 'ipv6' ? `[${address.address}]` : address.address;
}

/** CONNECT (VER CMD RSV ATYP=3 LEN NAME PORT). */
export function connectRequest(host: string, port: number): Uint8Array {
  const name = Buffer.from(host, 'ascii');
  // Parsed hosts never exceed 255 bytes; a longer one would corrupt the length byte.
  if (name.length > 255) throw new RangeError(`SOCKS5 host names have at most 255 bytes, '${host}' has ${name.length}`);
  return Uint8Array.from([VERSION, CMD_CONNECT, 0x00, ATYP_DOMAIN, name.length, ...name, port >> 8, port & 0xff]);
}

/** The bytes of a CONNECT reply that tell its length: VER REP RSV ATYP, and BND.ADDR's first (a name's length). */
export const REPLY_HEAD_LENGTH = 5;

/**
 * A CONNECT reply (VER REP RSV ATYP BND.ADDR BND.PORT) from its first REPLY_HEAD_LENGTH bytes:
 * its whole length, or a Socks5Error saying why the proxy did not connect us. The bound address means nothing to us,
 * but it must be read to the end, since the tunnel's first byte follows it.
 */
export function parseConnectReply(head: Uint8Array): number {
  const [version, code, , atyp, first] = head;
  if (version !== VERSION) throw new Socks5Error(`sent a malformed reply (version ${version}, not 5)`);
  if (code !== 0) throw new Socks5Error(replyText(code!), { transient: TRANSIENT_REPLIES.has(code!) });
  const addressLength = atyp === ATYP_IPV4 ? 4 : atyp === ATYP_IPV6 ? 16 : atyp === ATYP_DOMAIN ? 1 + first! : undefined;
  if (addressLength === undefined) throw new Socks5Error(`replied with unknown address type ${atyp}`);
  return 4 + addressLength + 2;
}

/**
 * Reply codes: RFC 1928 §6, then Tor's onion service codes, which Tor sends only on a SocksPort
 * with the ExtendedErrors flag (tor(1), SocksPort; Tor proposal 304, "Extending SOCKS5 Onion
 * Service Error Codes"; F6 and F7 came later and are only in the manual).
 */
const REPLIES: Readonly<Record<number, string>> = {
  0x01: 'general SOCKS server failure',
  0x02: 'connection not allowed by ruleset',
  0x03: 'Network unreachable',
  0x04: 'Host unreachable',
  0x05: 'Connection refused',
  0x06: 'TTL expired',
  0x07: 'Command not supported',
  0x08: 'Address type not supported',
  0xf0: 'onion service descriptor can not be found',
  0xf1: 'onion service descriptor is invalid',
  0xf2: 'onion service introduction failed',
  0xf3: 'onion service rendezvous failed',
  0xf4: 'onion service missing client authorization',
  0xf5: 'onion service wrong client authorization',
  0xf6: 'onion service invalid address',
  0xf7: 'onion service introduction timed out',
};

/** Failures of the path rather than the request: Tor's circuits and an onion's introduction can succeed on the next try. */
const TRANSIENT_REPLIES: ReadonlySet<number> = new Set([0x01, 0x03, 0x04, 0x05, 0x06, 0xf0, 0xf2, 0xf3, 0xf7]);

export function replyText(code: number): string {
  return REPLIES[code] ?? `unknown reply code 0x${hexByte(code)}`;
}

// The driver.

/**
 * Runs the SOCKS5 exchange on a socket connected to the proxy, and returns that socket as the
 * tunnel to `address`. Failures name the proxy, so that "Tor is down" does not read like "the
 * node is down"; on any failure, the deadline included, the socket is destroyed.
 */
export async function socks5Connect(socket: Socket, address: NetworkAddress, proxy: ProxyConfig, signal: AbortSignal): Promise<Socket> {
  const where = describeProxy(proxy);
  const reader = new SocketReader(socket, signal, `${where}: `);
  try {
    socket.write(greeting(proxy));
    let choice = await reader.read(2);
    if (choice[0] !== VERSION) {
      // Another protocol answered (an HTTP proxy, a web server): what else it has already sent shows which.
      reader.release();
      choice = Buffer.concat([choice, (socket.read() as Buffer | null) ?? Buffer.alloc(0)]);
    }
    if (parseMethodChoice(choice, proxy) === 'password') {
      socket.write(passwordRequest(proxy.username!, proxy.password ?? ''));
      parseAuthReply(await reader.read(2));
    }
    socket.write(connectRequest(proxyHostName(address), address.port));
    const length = parseConnectReply(await reader.read(REPLY_HEAD_LENGTH));
    await reader.read(length - REPLY_HEAD_LENGTH);
    // Bytes the node sent right behind the reply are the tunnel's: they go back to the socket.
    reader.release();
    return socket;
  } catch (err) {
    socket.destroy();
    if (err instanceof PeerClosedError) throw new AttemptError(`${where}: closed the connection during the SOCKS5 handshake`);
    throw err instanceof Socks5Error ? new Socks5Error(`${where}: ${err.message}`, { transient: err.transient }) : err;
  }
}
