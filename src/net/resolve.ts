import type * as dnsCallbacks from 'node:dns';
import type * as dnsPromises from 'node:dns/promises';
import { isIP } from 'node:net';
import { AttemptError, TimeoutError } from '../errors.js';
import { InputError, isSystemError, reworded } from '../failures.js';
import type { Address } from './address.js';
import { readHostPort } from './host.js';
import { requireLazily } from '../lazy-require.js';

type Resolver = dnsPromises.Resolver;

/** node:dns loads only when a name is to be resolved: a check of an IP address never pays for it. */
const dns = (): typeof dnsPromises => requireLazily('node:dns/promises') as typeof dnsPromises;

export interface ResolveOptions {
  /** The run's deadline. */
  readonly signal: AbortSignal;
  /** `--dns-server`: ask this server (`host[:port]`) instead of the system resolver. */
  readonly dnsServer?: string;
}

/**
 * Every A and AAAA record of `name`, as addresses to try in turn.
 *
 * The system resolver is getaddrinfo with AI_ADDRCONFIG, as Core Lightning calls it (no IPv6
 * answers on a host without IPv6, and the reverse), and its order is kept: RFC 6724 destination
 * address selection, tuned by /etc/gai.conf, which puts IPv6 first where it works. With
 * `dnsServer` the records are queried directly, AAAA then A: the same preference, untuned.
 */
export async function resolveName(name: string, port: number, options: ResolveOptions): Promise<Address[]> {
  const resolver = options.dnsServer === undefined ? undefined : dnsResolver(options.dnsServer);
  try {
    return resolver
      ? await untilAborted(options.signal, () => queryAddresses(resolver, name, port), () => resolver.cancel())
      : await untilAborted(options.signal, () => systemAddresses(name, port));
  } catch (err) {
    throw err instanceof AttemptError || !isSystemError(err) ? err : resolutionError([err]);
  }
}

async function systemAddresses(name: string, port: number): Promise<Address[]> {
  const { ADDRCONFIG } = requireLazily('node:dns') as typeof dnsCallbacks;
  const records = await dns().lookup(name, { all: true, hints: ADDRCONFIG, order: 'verbatim' });
  return records.map(({ address, family }): Address => (family === 6 ? { type: 'ipv6', address, port } : { type: 'ipv4', address, port }));
}

/**
 * The AAAA then the A records of `name` at `resolver`, on `port`. Rejects only when there are
 * neither, with the more telling of the two failures (see resolutionError).
 */
export async function queryAddresses(resolver: Resolver, name: string, port: number): Promise<Address[]> {
  const [v6, v4] = await Promise.allSettled([resolver.resolve6(name), resolver.resolve4(name)]);
  const addresses: Address[] = [
    ...(v6.status === 'fulfilled' ? v6.value.map((address): Address => ({ type: 'ipv6', address, port })) : []),
    ...(v4.status === 'fulfilled' ? v4.value.map((address): Address => ({ type: 'ipv4', address, port })) : []),
  ];
  if (addresses.length === 0) {
    // Both queries succeed with no address when the answers hold only a CNAME to a name that has none.
    const noAddress = Object.assign(new Error(`queryAddresses ENODATA ${name}`), { code: 'ENODATA' });
    throw mostTelling([v6, v4].flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))) ?? noAddress;
  }
  return addresses;
}

const NAME_NOT_KNOWN = 'Name or service not known';
const TRY_AGAIN = 'Temporary failure in name resolution';

/** glibc's gai_strerror words for what getaddrinfo (dns.lookup) and c-ares (dns.Resolver) report. */
const GAI_TEXT: Readonly<Record<string, string>> = {
  // No such name, or no address records for it.
  ENOTFOUND: NAME_NOT_KNOWN,
  ENODATA: NAME_NOT_KNOWN,
  // glibc says this whenever no server gave an answer (silent, unreachable, failing, refusing): the name may well exist.
  EAI_AGAIN: TRY_AGAIN,
  ETIMEOUT: TRY_AGAIN,
  ECONNREFUSED: TRY_AGAIN,
  ESERVFAIL: TRY_AGAIN,
  EREFUSED: TRY_AGAIN,
  EAI_FAIL: 'Non-recoverable failure in name resolution',
};

/** A failed lookup as Core Lightning records it: `getaddrinfo error 'Name or service not known'`. */
export function gaiReason(err: NodeJS.ErrnoException): string {
  return `getaddrinfo error '${(err.code && GAI_TEXT[err.code]) || err.message}'`;
}

/**
 * One AttemptError for the failures of one lookup (the AAAA and A queries, SRV...). No failures at
 * all means the records were there but none was usable, which getaddrinfo also calls not known.
 */
export function resolutionError(failures: readonly unknown[]): AttemptError {
  const failure = mostTelling(failures);
  // "Temporary" is getaddrinfo's own word: no server answered, so the name may resolve next time.
  const transient = GAI_TEXT[failure?.code ?? ''] === TRY_AGAIN;
  return new AttemptError(failure ? gaiReason(failure) : `getaddrinfo error '${NAME_NOT_KNOWN}'`, { transient });
}

/** Of several failures, one that is not "no such name" says more: after a timeout the answer is unknown. */
function mostTelling(failures: readonly unknown[]): NodeJS.ErrnoException | undefined {
  const errors = failures as readonly NodeJS.ErrnoException[];
  return errors.find((e) => GAI_TEXT[e.code ?? ''] !== NAME_NOT_KNOWN) ?? errors[0];
}

/**
 * `--dns-server`: an IP address with an optional port (default 53), `[ipv6]:port` when IPv6 has
 * a port. Not a name: finding the DNS server would need DNS. Throws InputError.
 */
export function parseDnsServer(text: string): { host: string; port: number } {
  const invalid = (): InputError => new InputError(`dns-server: expected an IP address and an optional port (9.9.9.9, 9.9.9.9:53, [::1]:5353), got '${text}'`);
  const split = reworded(() => readHostPort(text), invalid);
  if (isIP(split.host) === 0) throw invalid();
  return { host: split.host, port: split.port ?? 53 };
}

/**
 * A resolver asking `server` (`--dns-server`), or the system's name servers. Each try waits 2 s,
 * twice: a server that stays silent is reported as a name failure, well before the default
 * 10-second deadline would cut the whole run short.
 */
export function dnsResolver(server: string | undefined): Resolver {
  const resolver = new (dns().Resolver)({ timeout: 2000, tries: 2 });
  if (server !== undefined) {
    const { host, port } = parseDnsServer(server);
    resolver.setServers([isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`]);
  }
  return resolver;
}

/**
 * Runs `work` until the signal aborts; then rejects with TimeoutError and calls `cancel`. A
 * Resolver's queries can be cancelled, which frees their sockets and timers; getaddrinfo runs on
 * libuv's thread pool and cannot be stopped, so for it we only stop waiting.
 */
export function untilAborted<T>(signal: AbortSignal, work: () => Promise<T>, cancel?: () => void): Promise<T> {
  if (signal.aborted) return Promise.reject(new TimeoutError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      cancel?.();
      reject(new TimeoutError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => signal.removeEventListener('abort', onAbort);
    work().then(
      (value) => {
        settle();
        resolve(value);
      },
      (err: unknown) => {
        settle();
        reject(err);
      },
    );
  });
}
