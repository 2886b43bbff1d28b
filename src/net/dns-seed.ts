import { resolveSrv } from 'node:dns/promises';
import { bech32 } from '@scure/base';
import { AttemptError } from '../errors.js';
import type { Address } from './address.js';
import { dnsResolver, resolveName, withDeadline } from './resolve.js';

/**
 * BOLT 10: a seed answers `<bech32 node id>.<seed>` with that node's addresses. The label is the
 * 33-byte id in bech32 (BIP 173) with prefix `ln`: 62 characters, within DNS's 63 per label.
 */
export function seedQueryName(nodeId: Uint8Array, seed: string): string {
  return `${bech32.encode('ln', bech32.toWords(nodeId), 90)}.${seed}`;
}

/**
 * The node's addresses from one seed. SRV records come first: they carry the node's real port,
 * while A/AAAA answers only ever mean the default port. Each SRV target is itself a name to
 * resolve at the same server.
 */
export async function lookupSeed(
  nodeId: Uint8Array,
  seed: string,
  options: { signal: AbortSignal; defaultPort: number; dnsServer?: string },
): Promise<Address[]> {
  const name = seedQueryName(nodeId, seed);
  const dnsServer = options.dnsServer ? { dnsServer: options.dnsServer } : {};
  const srv = options.dnsServer ? dnsResolver(options.dnsServer).resolveSrv(name) : resolveSrv(name);
  const [services, direct] = await Promise.allSettled([
    withDeadline(srv, options.signal),
    resolveName(name, options.defaultPort, { signal: options.signal, ...dnsServer }),
  ]);
  const found: Address[] = [];
  if (services.status === 'fulfilled') {
    for (const record of services.value) {
      const resolved = await resolveName(record.name, record.port, { signal: options.signal, ...dnsServer }).catch(() => []);
      found.push(...resolved);
    }
  }
  if (direct.status === 'fulfilled') found.push(...direct.value);
  if (found.length === 0) {
    const reason = direct.status === 'rejected' ? (direct.reason as Error).message : 'no records';
    throw new AttemptError(`DNS seed ${seed}: ${reason}`);
  }
  return found;
}
