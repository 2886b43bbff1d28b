import { AllAddressesFailedError, asConnectError, attemptReason, attemptTransient, InvalidParamsError, NoAddressError, type AttemptFailure } from '../errors.js';
import { InputError, reworded } from '../failures.js';
import { deadlineAt, deadlineSignal } from '../deadline.js';
import { formatAddress, type Address } from '../net/address.js';
import { parseDnsServer, resolveName } from '../net/resolve.js';
import { parseProxy, type ProxyConfig } from '../net/socks5.js';
import { parseTarget } from '../net/target.js';
import { chainHashBytes } from '../network.js';
import { checkSharedOptions } from '../options.js';
import { featuresToHex } from '../wire/index.js';
import { findAddresses } from './addresses.js';
import { attempt, type AttemptContext } from './attempt.js';
import { DEFAULT_TIMEOUT_SECONDS, ONION_TIMEOUT_SECONDS, type ConnectOptions } from './options.js';
import type { ConnectResult } from './result.js';

/**
 * Connects to a Lightning node once and says what happened, as Core Lightning's `connect` does:
 * resolves with its result, or rejects with a ConnectError (400, 401, 402, -32602).
 *
 * @example
 * const peer = await connect({ id: '02...@127.0.0.1:9735', network: 'regtest' });
 * console.log(peer.features);
 */
export async function connect(options: ConnectOptions): Promise<ConnectResult> {
  try {
    return await connectOnce(options);
  } catch (err) {
    // What the parsers refused (the target, the proxy, a graph file) becomes -32602 here, and only here.
    throw asConnectError(err);
  }
}

async function connectOnce(options: ConnectOptions): Promise<ConnectResult> {
  const settings = checkSharedOptions(options, 'connect');
  const { network } = settings;
  const target = parseTarget({ id: options.id, host: options.host, port: options.port, network });
  const proxy = checkRunOptions(options);
  const signal = deadlineSignal(deadlineAt(timeoutSeconds(settings.timeout, target.address), settings.startedAt), options.signal);

  let addresses: Address[];
  if (target.address) {
    addresses = [target.address];
  } else {
    const found = await findAddresses(target.id.bytes, target.id.hex, options, network, signal);
    if (found.addresses.length === 0) throw new NoAddressError(found.problems.join('; ') || undefined);
    addresses = found.addresses;
  }

  const ctx: AttemptContext = {
    remoteId: target.id.bytes,
    identityKey: settings.identityKey,
    policy: {
      features: settings.features,
      chainHash: chainHashBytes(network),
    },
    signal,
    onProgress: options.onProgress,
    onSession: options.onSession,
    probeTls: options.probeTls === true,
  };
  const failures: AttemptFailure[] = [];
  for (const address of addresses) {
    // A deadline that passed before the first address (a start-up longer than --timeout) still
    // gets its record: the dial gives up at once, with Core Lightning's "Connection timed out".
    if (signal.aborted && failures.length > 0) break;
    const route = proxy && needsProxy(address, options.alwaysUseProxy === true) ? proxy : undefined;
    for (const dialled of await expand(address, route, options.dnsServer, signal, failures, ctx)) {
      const outcome = await attempt(dialled, route, ctx);
      if (outcome.ok) {
        return { id: target.id.hex, features: featuresToHex(outcome.init.features), direction: 'out', address: dialled };
      }
      failures.push(outcome.failure);
      if (signal.aborted) break;
    }
  }
  throw new AllAddressesFailedError(failures);
}

/**
 * A host name is resolved here, into every A and AAAA record, each tried in turn; through a proxy
 * it stays a name so that the proxy resolves it (Tor must see the name, never our resolver).
 */
async function expand(
  address: Address,
  route: ProxyConfig | undefined,
  dnsServer: string | undefined,
  signal: AbortSignal,
  failures: AttemptFailure[],
  ctx: AttemptContext,
): Promise<Address[]> {
  if (address.type !== 'dns' || route) return [address];
  ctx.onProgress?.({ stage: 'resolving', address: formatAddress(address) });
  try {
    return await resolveName(address.address, address.port, { signal, dnsServer });
  } catch (err) {
    const reason = attemptReason(err);
    if (reason === undefined) throw err;
    failures.push({ address: formatAddress(address), stage: 'Connection establishment', reason, transient: attemptTransient(err) });
    return [];
  }
}

/** Onions and unresolved names always go through the proxy; IP addresses only when asked; unix sockets never. */
function needsProxy(address: Address, alwaysUseProxy: boolean): boolean {
  switch (address.type) {
    case 'torv3':
    case 'dns':
      return true;
    case 'local socket':
      return false;
    default:
      return alwaysUseProxy;
  }
}

/**
 * The checks of the options that do not depend on the target, made before any network I/O, even
 * when no name will need them: a typo should not wait for a lookup. Exported for a run over many
 * targets, which makes them once. Returns the proxy, parsed.
 */
export function checkRunOptions(options: Pick<ConnectOptions, 'proxy' | 'alwaysUseProxy' | 'dnsServer'>): ProxyConfig | undefined {
  const proxy = options.proxy === undefined ? undefined : parseProxyOption(options.proxy);
  if (options.alwaysUseProxy && !proxy) throw new InvalidParamsError('--always-use-proxy needs --proxy');
  if (options.dnsServer !== undefined) parseDnsServer(options.dnsServer);
  return proxy;
}

function parseProxyOption(text: string): ProxyConfig {
  return reworded(
    () => parseProxy(text),
    (err) => new InputError(`proxy: ${err.message}`),
  );
}

/** The timeout given (checked by checkSharedOptions), else the default for the target. */
export function timeoutSeconds(timeout: number | undefined, address: Address | undefined): number {
  if (timeout !== undefined) return timeout;
  return address?.type === 'torv3' ? ONION_TIMEOUT_SECONDS : DEFAULT_TIMEOUT_SECONDS;
}
