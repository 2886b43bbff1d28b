import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { NetworkAddress } from '../../src/net/address.js';
import { GraphFileError, graphAddresses, readGraphAddresses } from '../../src/net/graph.js';
import { readFixture, ROOT } from '../helpers/fixtures.js';

/** Announced, in the fixtures, with two IPv4 addresses, IPv6, Tor v2 and v3, DNS and entries to skip. */
const NODE = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
/** In the listnodes fixture without an announcement. */
const UNANNOUNCED = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
/** In neither fixture. */
const ABSENT = '03' + NODE.slice(2);
const ONION = '25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion';

/** IPv6 and DNS as announced, then IPv4 as announced, then Tor v3; Tor v2, port 0 and unknown types gone. */
const NODE_ADDRESSES: NetworkAddress[] = [
  { type: 'ipv6', address: '2001:db8::7', port: 9735 },
  { type: 'dns', address: 'node.example.com', port: 9736 },
  { type: 'ipv4', address: '203.0.113.7', port: 9735 },
  { type: 'ipv4', address: '203.0.113.8', port: 19735 },
  { type: 'torv3', address: ONION, port: 9735 },
];

const fixturePath = (name: string) => join(ROOT, 'test/fixtures/graph', name);

for (const dump of ['listnodes', 'describegraph']) {
  test(`${dump}: a node's addresses in Core Lightning's order`, () => {
    assert.deepEqual(graphAddresses(readFixture(`fixtures/graph/${dump}.json`), NODE), NODE_ADDRESSES);
    assert.deepEqual(readGraphAddresses(fixturePath(`${dump}.json`), NODE), NODE_ADDRESSES);
  });

  test(`${dump}: a node not in the graph has no addresses`, () => {
    assert.deepEqual(graphAddresses(readFixture(`fixtures/graph/${dump}.json`), ABSENT), []);
  });
}

test('listnodes: a node that never announced itself has no addresses', () => {
  assert.deepEqual(graphAddresses(readFixture('fixtures/graph/listnodes.json'), UNANNOUNCED), []);
});

test('entries that cannot be dialled are skipped, not fatal', () => {
  const graph = {
    nodes: [
      {
        nodeid: NODE,
        addresses: [
          'ipv4 1.2.3.4',
          { type: 'ipv4', address: '1.2.3.999', port: 9735 },
          { type: 'ipv4', address: '::1', port: 9735 },
          { type: 'dns', address: '1.2.3.4', port: 9735 },
          { type: 'ipv4', address: '1.2.3.4', port: 65536 },
          { type: 'ipv4', address: '1.2.3.4' },
          { type: 'ipv4', address: '1.2.3.5', port: 9735 },
        ],
      },
    ],
  };
  assert.deepEqual(graphAddresses(graph, NODE), [{ type: 'ipv4', address: '1.2.3.5', port: 9735 }]);
});

test('JSON that is neither dump: what is wrong, and where', () => {
  const cases: ReadonlyArray<readonly [unknown, string]> = [
    [[], 'expected a JSON object with a "nodes" array (lightning-cli listnodes or lncli describegraph), found an array'],
    [null, 'expected a JSON object with a "nodes" array (lightning-cli listnodes or lncli describegraph), found null'],
    [{}, 'expected a JSON object with a "nodes" array (lightning-cli listnodes or lncli describegraph), found an empty object'],
    [
      { node: {}, channels: [], num_channels: 0, total_capacity: '0' },
      'expected a JSON object with a "nodes" array (lightning-cli listnodes or lncli describegraph), found an object with keys node, channels, num_channels, ...',
    ],
    [{ nodes: {} }, '"nodes" is an empty object, not an array'],
    [{ nodes: ['028d'] }, 'nodes[0] has neither "nodeid" (lightning-cli listnodes) nor "pub_key" (lncli describegraph)'],
    [{ nodes: [{ id: NODE }] }, 'nodes[0] has neither "nodeid" (lightning-cli listnodes) nor "pub_key" (lncli describegraph)'],
    [{ nodes: [{ nodeid: NODE }, { pub_key: ABSENT }] }, 'nodes[1] has no "nodeid" string'],
    [{ nodes: [{ pub_key: 42 }] }, 'nodes[0] has no "pub_key" string'],
    [{ nodes: [{ nodeid: NODE, addresses: '1.2.3.4:9735' }] }, 'nodes[0].addresses is a string, not an array'],
  ];
  for (const [graph, message] of cases) {
    assert.throws(() => graphAddresses(graph, NODE), new GraphFileError(message), message);
  }
});

test('a file that cannot be used: the message names it', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['missing.json', 'no such file'],
    [
      'listchannels.json',
      'expected a JSON object with a "nodes" array (lightning-cli listnodes or lncli describegraph), found an object with keys channels',
    ],
  ];
  for (const [name, problem] of cases) {
    const path = fixturePath(name);
    assert.throws(() => readGraphAddresses(path, NODE), new GraphFileError(`graph file ${path}: ${problem}`), name);
  }
  // V8 words the parse error itself, differently from one Node version to the next.
  const truncated = fixturePath('truncated.json');
  assert.throws(
    () => readGraphAddresses(truncated, NODE),
    (err: unknown) => err instanceof GraphFileError && err.message.startsWith(`graph file ${truncated}: not JSON (Expected property name`),
  );
});
