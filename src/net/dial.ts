import { connect, type Socket } from 'node:net';
import { AttemptError, TimeoutError } from '../errors.js';
import type { Address } from './address.js';
import { gaiReason } from './resolve.js';
import { socketError } from './socket-errors.js';
import { describeProxy, socks5Connect, type ProxyConfig } from './socks5.js';

export interface DialOptions {
  /** The run's deadline: when it aborts, the socket is destroyed and dial rejects with TimeoutError. */
  readonly signal: AbortSignal;
  /** Tunnel through this SOCKS5 proxy (Tor) instead of connecting directly; unix sockets never use it. */
  readonly proxy?: ProxyConfig;
  /** Called when the proxy has accepted the TCP connection, as the SOCKS5 exchange starts (a stage of --timings). */
  readonly onProxyConnected?: () => void;
}

/**
 * A connected byte stream to `address`: TCP, a unix socket, or a SOCKS5 tunnel. The caller decides
 * which addresses go through the proxy, and resolves names itself when there is none.
 */
export async function dial(address: Address, options: DialOptions): Promise<Socket> {
  const { signal, proxy } = options;
  if (address.type === 'local socket') return open({ path: address.socket }, signal);
  if (proxy) {
    const socket = await open({ host: proxy.host, port: proxy.port }, signal, `${describeProxy(proxy)}: `);
    options.onProxyConnected?.();
    return socks5Connect(socket, address, proxy, signal);
  }
  // Core Lightning's words for both: an onion only Tor can reach, a name we must not resolve behind the caller's back.
  if (address.type === 'torv3' || address.type === 'dns') throw new AttemptError('need a proxy');
  return open({ host: address.address, port: address.port }, signal);
}

/** One connect() bounded by the signal; failures in strerror words, after `context` (which names a proxy). */
function open(target: { host: string; port: number } | { path: string }, signal: AbortSignal, context = ''): Promise<Socket> {
  if (signal.aborted) return Promise.reject(new TimeoutError());
  return new Promise((resolve, reject) => {
    // Nagle would hold back each small act until the previous one is acknowledged; we write one and wait for the answer.
    const socket = connect({ ...target, noDelay: true });
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
    // A proxy given by name can fail to resolve before any connect().
    const onError = (err: NodeJS.ErrnoException): void =>
      settle(err.syscall === 'getaddrinfo' ? new AttemptError(context + gaiReason(err)) : socketError(err, context));
    const onAbort = (): void => settle(new TimeoutError());
    socket.once('connect', onConnect);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
