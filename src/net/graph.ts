import { readFileSync } from 'node:fs';
import type { Address } from './address.js';
import { parseHost } from './host.js';
import { splitHostPort } from './target.js';

/**
 * Addresses of one node from a graph dump of the user's own node: `lightning-cli listnodes` or
 * `lncli describegraph` JSON. Ordered as Core Lightning's connectd tries announced addresses:
 * IPv6 and DNS names first, then IPv4, then Tor v3; Tor v2, unknown types and port 0 are skipped.
 */
export function graphAddresses(graph: unknown, nodeId: string): Address[] {
  const nodes = (graph as { nodes?: unknown })?.nodes;
  if (!Array.isArray(nodes)) throw new Error('expected a JSON object with a "nodes" array (lightning-cli listnodes or lncli describegraph)');
  const node = nodes.find((n) => n?.nodeid === nodeId || n?.pub_key === nodeId);
  if (!node) return [];
  const announced: Address[] = Array.isArray(node.addresses) ? node.addresses.flatMap(fromEntry) : [];
  return announced.filter((a) => a.type === 'local socket' || a.port !== 0).sort((a, b) => RANK[a.type] - RANK[b.type]);
}

const RANK: Readonly<Record<Address['type'], number>> = { ipv6: 0, dns: 0, ipv4: 1, torv3: 2, 'local socket': 3 };

/** A listnodes entry `{type, address, port}` or a describegraph entry `{network, addr: "host:port"}`. */
function fromEntry(entry: Record<string, unknown>): Address[] {
  if (typeof entry?.['addr'] === 'string') {
    const split = splitHostPort(entry['addr']);
    if (!split?.port) return [];
    const address = parseHost(split.host, Number(split.port));
    return 'problem' in address || address.type === 'local socket' ? [] : [address];
  }
  const { type, address, port } = entry ?? {};
  if (typeof address !== 'string' || typeof port !== 'number') return [];
  if (type === 'ipv4' || type === 'ipv6' || type === 'torv3' || type === 'dns') {
    const parsed = parseHost(address, port);
    return 'problem' in parsed || parsed.type !== type ? [] : [parsed];
  }
  return [];
}

/** Reads and parses the file; errors name the file. */
export function readGraphAddresses(path: string, nodeId: string): Address[] {
  let graph: unknown;
  try {
    graph = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`graph ${path}: ${(err as Error).message}`);
  }
  try {
    return graphAddresses(graph, nodeId);
  } catch (err) {
    throw new Error(`graph ${path}: ${(err as Error).message}`);
  }
}
