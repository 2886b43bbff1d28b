import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeProgress, StageLog } from '../../src/cli/stage-log.js';
import { unusedOptions } from '../../src/cli/unused-options.js';
import { closingServer } from '../helpers/closing-server.js';
import { runMain } from '../helpers/main-io.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';

test('a stage log line: milliseconds since the start, an optional prefix, the event', () => {
  const lines: string[] = [];
  const log = new StageLog((line) => lines.push(line), '', () => 41.6);
  log.progress({ stage: 'connecting', address: '127.0.0.1:9735' });
  new StageLog((line) => lines.push(line), '02ab…@node.example.com: ', () => 7).progress({ stage: 'resolving', address: 'node.example.com:9735' });
  assert.deepEqual(lines, ['+42ms connecting to 127.0.0.1:9735\n', '+7ms 02ab…@node.example.com: resolving node.example.com:9735\n']);
});

test('a rejected connection is logged with its reason', () => {
  assert.equal(
    describeProgress({ stage: 'rejected', address: '127.0.0.1:50000', reason: 'act one has version 71, expected 0' }),
    'closed a connection from 127.0.0.1:50000 (reason: act one has version 71, expected 0)',
  );
});

test('--verbose: one timestamped line per stage on stderr, even when stderr is no terminal', async () => {
  const server = await closingServer();
  try {
    const run = await runMain([`${ID}@127.0.0.1:${server.port}`, '--verbose']);
    assert.equal(run.code, 1);
    const lines = run.stderr.split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(
      lines.map((line) => line.replace(/^\+\d+ms /, '+Nms ')),
      [`+Nms connecting to 127.0.0.1:${server.port}`, `+Nms handshake with 127.0.0.1:${server.port}`],
    );
    const times = lines.map((line) => Number(/^\+(\d+)ms /.exec(line)![1]));
    assert.deepEqual([...times].sort((a, b) => a - b), times, 'times never go back');
  } finally {
    await server.close();
  }
});

test('--verbose names the options the target does not use', () => {
  const at = `${ID}@127.0.0.1:9735`;
  assert.deepEqual(unusedOptions({ id: at, proxy: '127.0.0.1:9050' }), [
    '--proxy not used: 127.0.0.1:9735 is an IP address, dialled directly (--always-use-proxy sends it through the proxy)',
  ]);
  assert.deepEqual(unusedOptions({ id: at, proxy: '127.0.0.1:9050', alwaysUseProxy: true }), []);
  assert.deepEqual(unusedOptions({ id: at, graph: 'graph.json', dnsSeed: '' }), [
    '--graph not used: the target has a host (127.0.0.1:9735)',
    '--dns-seed not used: the target has a host (127.0.0.1:9735)',
  ]);
  assert.deepEqual(unusedOptions({ id: `${ID}@/tmp/node.sock`, proxy: '127.0.0.1:9050' }), ['--proxy not used: a unix socket is dialled directly']);
  assert.deepEqual(unusedOptions({ id: at, dnsServer: '9.9.9.9' }), ['--dns-server not used: 127.0.0.1:9735 is not a name to resolve']);
  assert.deepEqual(unusedOptions({ id: `${ID}@node.example.com`, dnsServer: '9.9.9.9', proxy: '127.0.0.1:9050' }), [
    '--dns-server not used: the proxy resolves node.example.com',
  ]);
  assert.deepEqual(unusedOptions({ id: ID, graph: 'graph.json', dnsServer: '9.9.9.9' }), [], 'a bare id uses them all');
  assert.deepEqual(unusedOptions({ listen: '127.0.0.1:0', proxy: '127.0.0.1:9050', graph: 'g' }), [
    '--proxy not used: --listen dials nothing',
    '--graph not used: --listen dials nothing',
  ]);
  assert.deepEqual(unusedOptions({ id: '02abcd', proxy: 'x' }), [], 'a target that does not parse: the run says so itself');
});

test('--verbose prints those notes first, then the stages', async () => {
  const run = await runMain([`${ID}@127.0.0.1:1`, '-v', '--graph', 'graph.json', '--quiet']);
  assert.deepEqual(
    run.stderr.replace(/^\+\d+ms /gm, ''),
    '--graph not used: the target has a host (127.0.0.1:1)\nconnecting to 127.0.0.1:1\n',
  );
  assert.equal(run.stdout, '', '--quiet hides the result, not the log asked for');
});
