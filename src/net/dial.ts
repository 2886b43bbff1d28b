import { connect as netConnect, type Socket } from 'node:net';
import { AttemptError, TimeoutError } from '../errors.js';
import type { Address } from './address.js';
import { socketErrorReason } from './socket-errors.js';
import { socks5Connect, type ProxyConfig } from './socks5.js';

export interface DialOptions {
  /** The run's deadline: an abort destroys the socket and rejects with TimeoutError. */
  readonly signal: AbortSignal;
  /** Tunnel through this SOCKS5 proxy (Tor) instead of connecting directly. */
  readonly proxy?: ProxyConfig;
}

/**
 * A connected byte stream to `address`: TCP, a unix socket, or a SOCKS5 tunnel. The caller
 * decides which addresses go through the proxy; onions cannot go anywhere else.
 */
export async function dial(address: Address, options: DialOptions): Promise<Socket> {
  if (options.proxy && address.type !== 'local socket') {
    const proxySocket = await open({ host: options.proxy.host, port: options.proxy.port }, options.signal, `SOCKS5 proxy ${options.proxy.host}:${options.proxy.port}: `);
    return socks5Connect(proxySocket, address, options.proxy, options.signal);
  }
  switch (address.type) {
    case 'local socket':
      return open({ path: address.socket }, options.signal);
    case 'ipv4':
    case 'ipv6':
      return open({ host: address.address, port: address.port }, options.signal);
    case 'torv3':
      throw new AttemptError('need a proxy');
    case 'dns':
      // Names are resolved by the caller (or by the proxy): dialling one here would hide a DNS query.
      throw new Error(`dial: ${address.address} must be resolved before dialling`);
  }
}

/** One connect, bounded by the signal; errors in strerror words, prefixed with `context` when given. */
function open(target: { host: string; port: number } | { path: string }, signal: AbortSignal, context = ''): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TimeoutError());
    const socket = netConnect({ ...target, noDelay: true });
    const settle = (error?: AttemptError): void => {
      socket.off('connect', onConnect);
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        resolve(socket);
      }
    };
    const onConnect = (): void => settle();
    const onError = (err: NodeJS.ErrnoException): void => settle(new AttemptError(context + socketErrorReason(err)));
    const onAbort = (): void => settle(new TimeoutError());
    socket.once('connect', onConnect);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
