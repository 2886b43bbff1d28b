import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { graphTargets, inputTargets } from '../../src/batch/input.js';
import { InvalidParamsError } from '../../src/errors.js';
import { Graph } from '../../src/net/graph.js';

const A = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
const B = '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

test('input lines: as written, blank lines and # comments skipped, CRLF and a missing last newline read', async () => {
  const text = `# peers\r\n${A}@1.2.3.4\r\n\r\n   \n  ${B}  \n\t# indented comment\nnot a target\n${A}@[::1]:9735`;
  assert.deepEqual(await all(inputTargets(Readable.from([text]), 'list')), [`${A}@1.2.3.4`, `  ${B}  `, 'not a target', `${A}@[::1]:9735`]);
});

test('input lines arrive as the stream gives them, split anywhere', async () => {
  const chunks = [`${A}@1.2`, `.3.4\n${B}`, '\n'];
  assert.deepEqual(await all(inputTargets(Readable.from(chunks), 'list')), [`${A}@1.2.3.4`, B]);
});

test('a read error is the run\'s -32602, naming the input', async () => {
  const failing = new Readable({
    read() {
      this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
    },
  });
  await assert.rejects(all(inputTargets(failing, 'peers.txt')), new InvalidParamsError('input: cannot read peers.txt: EIO: i/o error, read'));
});

test('--graph --all: every node with an address to dial, by id, in the dump order, each id once', async () => {
  const graph = new Graph({
    nodes: [
      { nodeid: B, addresses: [{ type: 'ipv4', address: '1.2.3.4', port: 9735 }] },
      { nodeid: '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798', alias: 'never announced' },
      { nodeid: '03' + A.slice(2), addresses: [{ type: 'torv2', address: 'aaaaaaaaaaaaaaaa.onion', port: 9735 }] },
      { nodeid: A.toUpperCase(), addresses: [{ type: 'ipv4', address: '5.6.7.8', port: 9735 }] },
      { nodeid: B, addresses: [{ type: 'ipv4', address: '9.9.9.9', port: 9735 }] },
    ],
  });
  assert.deepEqual(await all(graphTargets(graph)), [B, A]);
  assert.deepEqual(graph.addresses(B), [{ type: 'ipv4', address: '1.2.3.4', port: 9735 }], 'the first entry of an id counts');
});

test('--graph --all: a node whose addresses are not a list stops the run with -32602', async () => {
  const graph = new Graph({ nodes: [{ nodeid: A, addresses: [{ type: 'ipv4', address: '1.2.3.4', port: 9735 }] }, { nodeid: B, addresses: 'x' }] }, 'graph file g.json: ');
  await assert.rejects(all(graphTargets(graph)), new InvalidParamsError('graph file g.json: nodes[1].addresses is a string, not an array'));
});
