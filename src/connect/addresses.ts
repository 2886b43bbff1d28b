import { attemptReason } from '../errors.js';
import { formatAddress, type Address } from '../net/address.js';
import { lookupSeed } from '../net/dns-seed.js';
import { readGraphAddresses, type Graph } from '../net/graph.js';
import { NETWORK_PARAMS, type Network } from '../network.js';

export interface AddressSources {
  readonly graph?: string | Graph | undefined;
  readonly dnsSeed?: string | boolean | undefined;
  readonly dnsServer?: string | undefined;
}

/**
 * Addresses for a bare node id, from the sources the user named: their own node's graph first
 * (it saw the node's signed announcement), then BOLT 10 DNS seeds. Core Lightning has neither
 * without its gossip store and answers 400; so do we when no source is named or none knows the node.
 * A graph file that cannot be used throws GraphFileError (an InputError); a seed that fails is one
 * of the `problems`.
 */
export async function findAddresses(
  nodeId: Uint8Array,
  nodeIdHex: string,
  sources: AddressSources,
  network: Network,
  signal: AbortSignal,
): Promise<{ addresses: Address[]; problems: string[] }> {
  const addresses: Address[] = [];
  if (typeof sources.graph === 'string') addresses.push(...readGraphAddresses(sources.graph, nodeIdHex));
  else if (sources.graph) addresses.push(...sources.graph.addresses(nodeIdHex));
  const problems: string[] = [];
  for (const seed of seedsToAsk(sources.dnsSeed, network)) {
    try {
      addresses.push(
        ...(await lookupSeed(nodeId, seed, { signal, defaultPort: NETWORK_PARAMS[network].defaultPort, dnsServer: sources.dnsServer })),
      );
    } catch (err) {
      const reason = attemptReason(err);
      if (reason === undefined) throw err;
      problems.push(reason);
    }
  }
  return { addresses: unique(addresses), problems };
}

function seedsToAsk(dnsSeed: string | boolean | undefined, network: Network): readonly string[] {
  if (dnsSeed === undefined || dnsSeed === false) return [];
  return dnsSeed === true ? NETWORK_PARAMS[network].dnsSeeds : [dnsSeed];
}

function unique(addresses: Address[]): Address[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const key = formatAddress(a);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
