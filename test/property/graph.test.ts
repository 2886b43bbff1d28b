import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { formatAddress, type NetworkAddress } from '../../src/net/address.js';
import { GraphFileError, graphAddresses, readGraphAddresses } from '../../src/net/graph.js';
import { TEST_OPTIONS, assertDialable, decodeOrRefuse, dialableAddress, hostText, nodeIdHex, onionName, plainRecord, runs } from './arbitraries.js';

/** Core Lightning's connectd order, which graphAddresses promises. */
const RANK: Readonly<Record<NetworkAddress['type'], number>> = { ipv6: 0, dns: 0, ipv4: 1, torv3: 2 };

const json = fc.jsonValue({ maxDepth: 3 });

/** An entry of `addresses` as `lightning-cli listnodes` writes one, or something near it. */
const listnodesEntry = plainRecord(
  {
    type: fc.oneof(fc.constantFrom('ipv4', 'ipv6', 'torv2', 'torv3', 'dns', 'websocket'), json),
    address: fc.oneof(hostText, fc.ipV4(), fc.ipV6(), onionName, json),
    port: fc.oneof(fc.integer({ min: -5, max: 70000 }), json),
  },
  { requiredKeys: [] },
);

/** An entry of `addresses` as `lncli describegraph` writes one, or something near it. */
const describegraphEntry = plainRecord(
  {
    network: fc.oneof(fc.constant('tcp'), fc.constant('unknown network for 7'), json),
    addr: fc.oneof(fc.tuple(hostText, fc.integer({ min: -5, max: 70000 })).map(([h, p]) => `${h}:${p}`), hostText, json),
  },
  { requiredKeys: [] },
);

/** A dump of either format: nodes with ids and address lists, some of them malformed. */
const dump = fc.constantFrom(['nodeid', listnodesEntry] as const, ['pub_key', describegraphEntry] as const).chain(([idKey, entry]) => {
  const node = plainRecord(
    {
      [idKey]: fc.oneof(nodeIdHex, nodeIdHex.map((id) => id.toUpperCase()), json),
      addresses: fc.oneof(fc.array(fc.oneof(entry, json), { maxLength: 5 }), json),
      alias: json,
    },
    { requiredKeys: [] },
  );
  return plainRecord({ nodes: fc.array(fc.oneof({ weight: 4, arbitrary: node }, { weight: 1, arbitrary: json }), { maxLength: 4 }) });
});

/** The node to look up: one in the dump when there is one, or any id. */
const lookup = (graph: unknown) => {
  const nodes = (graph as { nodes?: unknown } | null)?.nodes;
  const ids = (Array.isArray(nodes) ? nodes : []).flatMap((n) => Object.values(n ?? {}).filter((v): v is string => typeof v === 'string' && /^[0-9a-f]{66}$/i.test(v)));
  return fc.oneof(nodeIdHex, ...ids.map((id) => fc.constant(id.toLowerCase())));
};

function assertAnswer(addresses: NetworkAddress[]): void {
  addresses.forEach(assertDialable);
  for (let i = 1; i < addresses.length; i++) assert.ok(RANK[addresses[i - 1]!.type] <= RANK[addresses[i]!.type], 'out of order');
}

describe('graph files (listnodes, describegraph)', () => {
  it('any JSON value gives dialable addresses in order, or GraphFileError', TEST_OPTIONS, () => {
    const graph = fc.oneof(json, dump, plainRecord({ nodes: json }));
    fc.assert(
      fc.property(graph.chain((g) => fc.tuple(fc.constant(g), lookup(g))), ([g, id]) => {
        const addresses = decodeOrRefuse([GraphFileError], () => graphAddresses(g, id));
        if (addresses) assertAnswer(addresses);
      }),
      runs(),
    );
  });

  it("round-trip: a node's addresses written in either format come back in connectd's order, junk entries skipped", TEST_OPTIONS, () => {
    const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.constant([]), fc.constant({}));
    fc.assert(
      fc.property(nodeIdHex, fc.array(fc.oneof(dialableAddress, junk), { maxLength: 6 }), fc.boolean(), (id, entries, listnodes) => {
        const written = entries.map((e) =>
          !isAddress(e) ? e : listnodes ? { type: e.type, address: e.address, port: e.port } : { network: 'tcp', addr: formatAddress(e) },
        );
        const node = listnodes ? { nodeid: id, addresses: written } : { pub_key: id.toUpperCase(), addresses: written };
        const expected = entries.filter(isAddress).sort((a, b) => RANK[a.type] - RANK[b.type]);
        assert.deepEqual(graphAddresses({ nodes: [node] }, id), expected);
      }),
      runs(),
    );
  });

  describe('files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ln-connect-graph-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('any text, malformed JSON included, gives addresses or GraphFileError', TEST_OPTIONS, () => {
      const text = fc.oneof(
        fc.string(),
        fc.string({ unit: 'binary' }),
        dump.map((d) => JSON.stringify(d)),
        fc.tuple(dump, fc.nat()).map(([d, cut]) => {
          const whole = JSON.stringify(d);
          return whole.slice(0, cut % (whole.length + 1));
        }),
      );
      let n = 0;
      fc.assert(
        fc.property(text, nodeIdHex, (t, id) => {
          const path = join(dir, `graph-${n++ % 4}.json`);
          writeFileSync(path, t);
          const addresses = decodeOrRefuse([GraphFileError], () => readGraphAddresses(path, id));
          if (addresses) assertAnswer(addresses);
        }),
        runs(),
      );
    });
  });
});

function isAddress(value: unknown): value is NetworkAddress {
  return typeof value === 'object' && value !== null && 'port' in value;
}
