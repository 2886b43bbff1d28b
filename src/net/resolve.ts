import { lookup, Resolver } from 'node:dns/promises';
import { AttemptError, TimeoutError } from '../errors.js';
import type { Address } from './address.js';

/** getaddrinfo's own words for the failures users meet (glibc gai_strerror), as Core Lightning prints them. */
const GAI_TEXT: Readonly<Record<string, string>> = {
  ENOTFOUND: 'Name or service not known',
  ENODATA: 'Name or service not known',
  EAI_NONAME: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  ETIMEOUT: 'Temporary failure in name resolution',
  ESERVFAIL: 'Temporary failure in name resolution',
  ECONNREFUSED: 'Temporary failure in name resolution',
  EREFUSED: 'Temporary failure in name resolution',
};

export function resolutionError(err: NodeJS.ErrnoException): AttemptError {
  return new AttemptError(`getaddrinfo error '${(err.code && GAI_TEXT[err.code]) ?? err.message}'`);
}

/**
 * Every A and AAAA record of `name`, to be tried in turn. With the system resolver the order is
 * getaddrinfo's (RFC 6724: usually IPv6 first where IPv6 works); with `dnsServer`, AAAA records
 * come before A records, the same preference.
 */
export async function resolveName(name: string, port: number, options: { signal: AbortSignal; dnsServer?: string }): Promise<Address[]> {
  const work = options.dnsServer ? queryServer(name, options.dnsServer) : lookup(name, { all: true, verbatim: true });
  const records = await withDeadline(work, options.signal);
  return records.map(({ address, family }) => (family === 6 ? { type: 'ipv6', address, port } : { type: 'ipv4', address, port }));
}

async function queryServer(name: string, server: string): Promise<Array<{ address: string; family: number }>> {
  const resolver = dnsResolver(server);
  const [v6, v4] = await Promise.allSettled([resolver.resolve6(name), resolver.resolve4(name)]);
  const found = [
    ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
    ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
  ];
  if (found.length === 0) throw v4.status === 'rejected' ? v4.reason : (v6 as PromiseRejectedResult).reason;
  return found;
}

/** A resolver that asks only `host[:port]` (default port 53). */
export function dnsResolver(server: string): Resolver {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([server]);
  return resolver;
}

/** Name lookups cannot be cancelled (getaddrinfo runs on a worker thread), but we can stop waiting. */
export function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TimeoutError());
    const onAbort = (): void => reject(new TimeoutError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: NodeJS.ErrnoException) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof AttemptError ? err : resolutionError(err));
      },
    );
  });
}
