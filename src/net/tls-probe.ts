import { AttemptError } from '../errors.js';
import { ProtocolError } from '../failures.js';
import { requireLazily } from '../lazy-require.js';
import type { Address } from './address.js';
import { dial } from './dial.js';
import type { ProxyConfig } from './socks5.js';

/**
 * Whether `address` completes (or starts) a TLS handshake. TLS servers hang up without a byte on
 * a Lightning Act One, exactly as a Lightning node does when we dialled the wrong id; asking the
 * question TLS understands is the only way to tell the two apart. It costs a second connection
 * (a TLS ClientHello to what is usually a Lightning node), so it runs only when asked for
 * (`--probe-tls`) and only after such a hang-up. node:tls is loaded only then.
 */
export async function speaksTls(address: Address, proxy: ProxyConfig | undefined, signal: AbortSignal): Promise<boolean> {
  let socket;
  try {
    socket = await dial(address, { signal, proxy });
  } catch (err) {
    // The second connection failed as the first may not have: that shows no TLS server. A bug still shows.
    if (!(err instanceof AttemptError || err instanceof ProtocolError)) throw err;
    return false;
  }
  const { connect } = requireLazily('node:tls') as typeof import('node:tls');
  return new Promise((resolve) => {
    const tls = connect({ socket, rejectUnauthorized: false, servername: address.type === 'dns' ? address.address : undefined });
    const done = (answer: boolean): void => {
      signal.removeEventListener('abort', onAbort);
      tls.destroy();
      socket.destroy();
      resolve(answer);
    };
    const onAbort = (): void => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    tls.once('secureConnect', () => done(true));
    // A TLS alert (bad certificate request, no shared cipher...) still means a TLS server answered.
    tls.once('error', (err: NodeJS.ErrnoException) => done(/^ERR_SSL_|alert/i.test(`${err.code ?? ''} ${err.message}`)));
    tls.once('close', () => done(false));
  });
}
