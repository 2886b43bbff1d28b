import { readFileSync } from 'node:fs';
import { InputError, isSystemError, reworded } from '../failures.js';
import type { NetworkAddress } from './address.js';
import { isPort, parseNetworkAddress, readHostPort } from './host.js';

/** A graph dump we cannot use; the message says what is wrong (and, from readGraphAddresses, in which file). */
export class GraphFileError extends InputError {
  override name = 'GraphFileError';
}

type Entry = Readonly<Record<string, unknown>>;

/** A dump format: where a node keeps its id, and how one entry of its `addresses` reads. */
interface Format {
  readonly idKey: string;
  /** Undefined for an entry that is not a dialable address; an InputError for a malformed one. */
  readonly address: (entry: Entry) => NetworkAddress | undefined;
}

const ANNOUNCED_TYPES: ReadonlySet<unknown> = new Set(['ipv4', 'ipv6', 'torv3', 'dns']);

/** `lightning-cli listnodes`: `{type, address, port}`; a node never announced has no `addresses`. */
const LISTNODES: Format = {
  idKey: 'nodeid',
  address: ({ type, address, port }) => {
    if (!ANNOUNCED_TYPES.has(type) || typeof address !== 'string' || !isPort(port)) return undefined;
    const parsed = parseNetworkAddress(address, port);
    return parsed.type === type ? parsed : undefined;
  },
};

/** `lncli describegraph`: `{network: "tcp", addr: "host:port"}`, IPv6 in brackets. */
const DESCRIBEGRAPH: Format = {
  idKey: 'pub_key',
  address: ({ network, addr }) => {
    // LND names the network of an address type it does not know "unknown network for ...".
    if (network !== 'tcp' || typeof addr !== 'string') return undefined;
    const parts = readHostPort(addr);
    return parts.port === undefined ? undefined : parseNetworkAddress(parts.host, parts.port);
  },
};

/** Core Lightning's connectd order: IPv6 (and names) first, then direct IPv4, then the less stable Tor. */
const ORDER: Readonly<Record<NetworkAddress['type'], number>> = { ipv6: 0, dns: 0, ipv4: 1, torv3: 2 };

/**
 * The announced addresses of one node (lowercase hex id) in a graph dump from the user's own
 * node, `lightning-cli listnodes` or `lncli describegraph` JSON, in the order Core Lightning's
 * connectd tries them: IPv6 and DNS names, then IPv4, then Tor v3. Entries it skips are skipped
 * here too: Tor v2, unknown types, port 0, and anything malformed. [] when the node is absent or
 * announced nothing. Throws GraphFileError when the JSON is neither dump.
 */
export function graphAddresses(graph: unknown, nodeId: string): NetworkAddress[] {
  if (!isEntry(graph) || !('nodes' in graph)) {
    throw new GraphFileError(`expected a JSON object with a "nodes" array (lightning-cli listnodes or lncli describegraph), found ${kindOf(graph)}`);
  }
  const nodes = graph['nodes'];
  if (!Array.isArray(nodes)) throw new GraphFileError(`"nodes" is ${kindOf(nodes)}, not an array`);
  if (nodes.length === 0) return [];

  const format = formatOf(nodes[0]);
  const ids = nodes.map((node: unknown, i) => {
    const id = isEntry(node) ? node[format.idKey] : undefined;
    if (typeof id !== 'string') throw new GraphFileError(`nodes[${i}] has no "${format.idKey}" string`);
    return id.toLowerCase();
  });
  const index = ids.indexOf(nodeId);
  if (index < 0) return [];
  const addresses = (nodes[index] as Entry)['addresses'];
  if (addresses === undefined) return [];
  if (!Array.isArray(addresses)) throw new GraphFileError(`nodes[${index}].addresses is ${kindOf(addresses)}, not an array`);

  return addresses
    .flatMap((entry: unknown) => {
      const address = isEntry(entry) ? dialable(format, entry) : undefined;
      return address ? [address] : [];
    })
    .sort((a, b) => ORDER[a.type] - ORDER[b.type]);
}

/** graphAddresses on a file; errors name the file. */
export function readGraphAddresses(path: string, nodeId: string): NetworkAddress[] {
  const problem = (what: string) => new GraphFileError(`graph file ${path}: ${what}`);
  let graph: unknown;
  try {
    graph = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) throw problem(`not JSON (${err.message})`);
    if (!isSystemError(err)) throw err;
    throw problem(err.code === 'ENOENT' ? 'no such file' : err.message);
  }
  return reworded(() => graphAddresses(graph, nodeId), (err) => problem(err.message));
}

function formatOf(first: unknown): Format {
  if (isEntry(first) && LISTNODES.idKey in first) return LISTNODES;
  if (isEntry(first) && DESCRIBEGRAPH.idKey in first) return DESCRIBEGRAPH;
  throw new GraphFileError(
    `nodes[0] has neither "${LISTNODES.idKey}" (lightning-cli listnodes) nor "${DESCRIBEGRAPH.idKey}" (lncli describegraph)`,
  );
}

function dialable(format: Format, entry: Entry): NetworkAddress | undefined {
  try {
    return format.address(entry);
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON value is, for a message: `an array`, `a string`, `an object with keys a, b`... */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  return `an object with keys ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', ...' : ''}`;
}
