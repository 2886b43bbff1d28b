import type { Socket } from 'node:net';
import { AttemptError } from '../errors.js';
import type { Address } from './address.js';
import { PeerClosedError, SocketReader } from './socket-reader.js';

/**
 * SOCKS5 (RFC 1928) with no authentication or username/password (RFC 1929): what Tor speaks.
 * Tor uses the credentials only to isolate streams, so any pair works and different pairs get
 * different circuits.
 */
export interface ProxyConfig {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
}

export const DEFAULT_PROXY_PORT = 9050;

/** `host[:port]`, `[ipv6]:port`, `user:pass@host:port`. */
export function parseProxy(text: string): ProxyConfig {
  const at = text.lastIndexOf('@');
  const credentials = at === -1 ? undefined : text.slice(0, at);
  const endpoint = at === -1 ? text : text.slice(at + 1);
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(endpoint);
  const port = match?.[3] === undefined ? DEFAULT_PROXY_PORT : Number(match[3]);
  if (!match || port < 1 || port > 65535) throw new Error(`expected host[:port] or [ipv6]:port, got '${endpoint}'`);
  const config = { host: match[1] ?? match[2]!, port };
  if (credentials === undefined) return config;
  const colon = credentials.indexOf(':');
  if (colon === -1) throw new Error('credentials must be user:password');
  const username = credentials.slice(0, colon);
  const password = credentials.slice(colon + 1);
  if (Buffer.byteLength(username) > 255 || Buffer.byteLength(password) > 255) throw new Error('user and password are limited to 255 bytes each');
  return { ...config, username, password };
}

const VERSION = 5;
const METHOD_NONE = 0x00;
const METHOD_PASSWORD = 0x02;
const NO_ACCEPTABLE_METHOD = 0xff;
const CMD_CONNECT = 1;
const ATYP_IPV4 = 1;
const ATYP_DOMAIN = 3;
const ATYP_IPV6 = 4;

/** RFC 1928 §6 reply codes, and Tor's extended ones (tor-spec socks-extensions.txt, "Extended error codes"). */
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

export function replyText(code: number): string {
  return REPLIES[code] ?? `unknown reply code ${code}`;
}

/** Method selection: no-auth, plus username/password when we have credentials. */
export function greeting(proxy: ProxyConfig): Uint8Array {
  return proxy.username === undefined ? Uint8Array.of(VERSION, 1, METHOD_NONE) : Uint8Array.of(VERSION, 2, METHOD_NONE, METHOD_PASSWORD);
}

/** RFC 1929 sub-negotiation. */
export function passwordRequest(username: string, password: string): Uint8Array {
  const user = Buffer.from(username);
  const pass = Buffer.from(password);
  return Uint8Array.from([1, user.length, ...user, pass.length, ...pass]);
}

/**
 * The host as the proxy should see it. Always a domain name (ATYP 3), as Core Lightning sends it,
 * so the proxy, not us, resolves names: IPv4 as dotted text, IPv6 in brackets, onions and DNS names as is.
 */
export function proxyHostName(address: Exclude<Address, { type: 'local socket' }>): string {
  return address.type === 'ipv6' ? `[${address.address}]` : address.address;
}

export function connectRequest(host: string, port: number): Uint8Array {
  const name = Buffer.from(host, 'ascii');
  if (name.length > 255) throw new AttemptError(`host name too long for SOCKS5 (${name.length} bytes)`);
  return Uint8Array.from([VERSION, CMD_CONNECT, 0, ATYP_DOMAIN, name.length, ...name, port >> 8, port & 0xff]);
}

/** Bytes of BND.ADDR after a reply's ATYP, or undefined for an unknown type. */
function boundAddressLength(atyp: number, firstByte: number): number | undefined {
  if (atyp === ATYP_IPV4) return 4;
  if (atyp === ATYP_IPV6) return 16;
  if (atyp === ATYP_DOMAIN) return 1 + firstByte;
  return undefined;
}

/**
 * Runs the SOCKS5 exchange on a socket connected to the proxy and returns it as the tunnel.
 * Errors name the proxy, so a user can tell "Tor is down" from "the node is down".
 */
export async function socks5Connect(socket: Socket, address: Address, proxy: ProxyConfig, signal: AbortSignal): Promise<Socket> {
  if (address.type === 'local socket') throw new Error('socks5: a unix socket cannot be reached through a proxy');
  const where = `SOCKS5 proxy ${proxy.host}:${proxy.port}`;
  const fail = (why: string): never => {
    socket.destroy();
    throw new AttemptError(`${where}: ${why}`);
  };
  const reader = new SocketReader(socket, signal, `${where}: `);
  const read = async (n: number): Promise<Uint8Array> => {
    try {
      return await reader.read(n);
    } catch (err) {
      if (err instanceof PeerClosedError) return fail('closed the connection');
      socket.destroy();
      throw err;
    }
  };

  socket.write(greeting(proxy));
  const [version, method] = await read(2);
  if (version !== VERSION) fail('does not speak SOCKS5');
  if (method === NO_ACCEPTABLE_METHOD) {
    fail(proxy.username === undefined ? 'authentication required' : 'accepts none of our authentication methods');
  } else if (method === METHOD_PASSWORD) {
    if (proxy.username === undefined) fail('asked for a password we did not offer');
    socket.write(passwordRequest(proxy.username!, proxy.password ?? ''));
    const [, status] = await read(2);
    if (status !== 0) fail('authentication failed (user name or password rejected)');
  } else if (method !== METHOD_NONE) {
    fail(`chose authentication method ${method}, which we did not offer`);
  }

  socket.write(connectRequest(proxyHostName(address), address.port));
  const [replyVersion, reply, , atyp, first] = await read(5);
  if (replyVersion !== VERSION) fail('sent a malformed reply');
  if (reply !== 0) fail(replyText(reply!));
  const rest = boundAddressLength(atyp!, first!);
  if (rest === undefined) fail(`replied with unknown address type ${atyp}`);
  // The fifth byte read above was the first of BND.ADDR; the port's two bytes follow the address.
  await read(rest! - 1 + 2);
  reader.release();
  return socket;
}
