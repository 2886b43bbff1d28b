import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closest } from '../../src/cli/suggest.js';

const NAMES = ['host', 'port', 'network', 'timeout', 'proxy', 'dns-seed', 'dns-server', 'graph', 'quiet', 'debug', 'listen', 'regtest', 'testnet', 'signet'];

test('a mistyped option name finds the one meant, or none', () => {
  assert.equal(closest('netwrk', NAMES), 'network');
  assert.equal(closest('timout', NAMES), 'timeout');
  assert.equal(closest('HOST', NAMES), 'host');
  assert.equal(closest('proxie', NAMES), 'proxy');
  assert.equal(closest('dns', NAMES), undefined, 'the start of two names');
  assert.equal(closest('net', NAMES), 'network', 'the start of one name');
  assert.equal(closest('bogus', NAMES), undefined);
  assert.equal(closest('x', NAMES), undefined);
  assert.equal(closest('a'.repeat(100_000), NAMES), undefined);
});
