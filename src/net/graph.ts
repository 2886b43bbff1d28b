import { readFileSync } from 'node:fs';
import { InputError, isSystemError } from '../failures.js';
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
 * A graph dump from the user's own node, `lightning-cli listnodes` or `lncli describegraph` JSON,
 * indexed once by node id, for the many look-ups of a list of targets. Throws GraphFileError
 * when the JSON is neither dump.
 */
export class Graph {
  private readonly format: Format;
  /** The first entry for each lowercase id, as a look-up in dump order would find it. */
  private readonly byId = new Map<string, { entry: Entry; index: number }>();

  constructor(
    dump: unknown,
    /** Named in every message: `graph file PATH: `. */
    private readonly context = '',
  ) {
    if (!isEntry(dump) || !('nodes' in dump)) {
      throw this.problem(`expected a JSON object with a "nodes" array (lightning-cli listnodes or lncli describegraph), found ${kindOf(dump)}`);
    }
    const nodes = dump['nodes'];
    if (!Array.isArray(nodes)) throw this.problem(`"nodes" is ${kindOf(nodes)}, not an array`);
    this.format = nodes.length === 0 ? LISTNODES : this.formatOf(nodes[0]);
    nodes.forEach((node: unknown, index) => {
      const id = isEntry(node) ? node[this.format.idKey] : undefined;
      if (typeof id !== 'string') throw this.problem(`nodes[${index}] has no "${this.format.idKey}" string`);
      const key = id.toLowerCase();
      if (!this.byId.has(key)) this.byId.set(key, { entry: node as Entry, index });
    });
  }

  /**
   * The announced addresses of one node (lowercase hex id), in the order Core Lightning's
   * connectd tries them: IPv6 and DNS names, then IPv4, then Tor v3. Entries it skips are skipped
   * here too: Tor v2, unknown types, port 0, and anything malformed. [] when the node is absent or
   * announced nothing.
   */
  addresses(nodeId: string): NetworkAddress[] {
    const node = this.byId.get(nodeId);
    return node ? this.dialable(node.entry, node.index) : [];
  }

  /** Every node with at least one address to dial, in the dump's order (`--graph FILE --all`). */
  *nodes(): Generator<{ id: string; addresses: NetworkAddress[] }> {
    for (const [id, { entry, index }] of this.byId) {
      const addresses = this.dialable(entry, index);
      if (addresses.length > 0) yield { id, addresses };
    }
  }

  private dialable(node: Entry, index: number): NetworkAddress[] {
    const addresses = node['addresses'];
    if (addresses === undefined) return [];
    if (!Array.isArray(addresses)) throw this.problem(`nodes[${index}].addresses is ${kindOf(addresses)}, not an array`);
    return addresses
      .flatMap((entry: unknown) => {
        const address = isEntry(entry) ? dialable(this.format, entry) : undefined;
        return address ? [address] : [];
      })
      .sort((a, b) => ORDER[a.type] - ORDER[b.type]);
  }

  private formatOf(first: unknown): Format {
    if (isEntry(first) && LISTNODES.idKey in first) return LISTNODES;
    if (isEntry(first) && DESCRIBEGRAPH.idKey in first) return DESCRIBEGRAPH;
    throw this.problem(
      `nodes[0] has neither "${LISTNODES.idKey}" (lightning-cli listnodes) nor "${DESCRIBEGRAPH.idKey}" (lncli describegraph)`,
    );
  }

  private problem(what: string): GraphFileError {
    return new GraphFileError(this.context + what);
  }
}

/** One node's addresses in a dump (see Graph.addresses). */
export function graphAddresses(graph: unknown, nodeId: string): NetworkAddress[] {
  return new Graph(graph).addresses(nodeId);
}

/** A graph file read and indexed; errors name the file. */
export function readGraph(path: string): Graph {
  const context = `graph file ${path}: `;
  let dump: unknown;
  try {
    dump = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) throw new GraphFileError(`${context}not JSON (${err.message})`);
    if (!isSystemError(err)) throw err;
    throw new GraphFileError(context + (err.code === 'ENOENT' ? 'no such file' : err.message));
  }
  return new Graph(dump, context);
}

/** graphAddresses on a file; errors name the file. */
export function readGraphAddresses(path: string, nodeId: string): NetworkAddress[] {
  return readGraph(path).addresses(nodeId);
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
