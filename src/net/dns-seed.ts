import type { SrvRecord } from 'node:dns';
import type { Resolver } from 'node:dns/promises';
import { bech32 } from '@scure/base';
import { AttemptError } from '../errors.js';
import { formatAddress, type Address } from './address.js';
import { dnsResolver, queryAddresses, resolutionError, untilAborted } from './resolve.js';

/**
 * BOLT 10's node query: `<bech32 node id>.<seed>`. The label is the 33-byte id in bech32 (BIP 173,
 * not bech32m) with prefix `ln`: 62 characters, within DNS's 63 per label (and bech32's default
 * limit of 90).
 */
export function seedQueryName(nodeId: Uint8Array, seed: string): string {
  return `${bech32.encode('ln', bech32.toWords(nodeId))}.${seed}`;
}

export interface SeedOptions {
  /** The run's deadline: when it aborts, the queries are cancelled and lookupSeed rejects with TimeoutError. */
  readonly signal: AbortSignal;
  /** The network's port: what an A or AAAA answer means, as BOLT 10 says. */
  readonly defaultPort: number;
  /** `--dns-server`: ask this server (`host[:port]`) instead of the system's name servers. */
  readonly dnsServer?: string;
}

/**
 * The node's addresses according to one seed, without duplicates. SRV answers come first: they
 * carry the node's real port, where A and AAAA answers only ever mean the default port. SRV
 * targets are virtual host names at the seed, resolved with AAAA and A at the same server.
 * Records are asked of DNS directly (not getaddrinfo): a seed is a DNS server and nothing else.
 * Failures name the seed, in getaddrinfo's words.
 */
export async function lookupSeed(nodeId: Uint8Array, seed: string, options: SeedOptions): Promise<Address[]> {
  const resolver = dnsResolver(options.dnsServer);
  return untilAborted(options.signal, () => ask(resolver, seed, seedQueryName(nodeId, seed), options.defaultPort), () => resolver.cancel());
}

async function ask(resolver: Resolver, seed: string, query: string, defaultPort: number): Promise<Address[]> {
  const [services, direct] = await Promise.allSettled([resolver.resolveSrv(query), queryAddresses(resolver, query, defaultPort)]);
  const targets = services.status === 'fulfilled' ? inOrder(services.value) : [];
  const viaServices = await Promise.allSettled(targets.map((srv) => queryAddresses(resolver, srv.name, srv.port)));
  const found = [...viaServices, direct].flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  if (found.length === 0) {
    const failures = [services, direct, ...viaServices].flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    throw new AttemptError(`DNS seed ${seed}: ${resolutionError(failures).message}`);
  }
  return [...new Map(found.map((address) => [formatAddress(address), address])).values()];
}

/**
 * Usable SRV records, lowest priority first as RFC 2782 says, and within one priority the heavier
 * first: a fixed order, where RFC 2782's weighted random pick would make two runs differ. The
 * target "." (Node gives it as '') says there is no such service; port 0 cannot be dialled.
 */
function inOrder(records: readonly SrvRecord[]): SrvRecord[] {
  return records.filter((r) => r.name !== '' && r.port !== 0).sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}
