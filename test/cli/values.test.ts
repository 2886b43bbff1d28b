import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration, parseFeatureHex } from '../../src/cli/values.js';
import { MAX_TIMEOUT_SECONDS } from '../../src/options.js';
import { InvalidParamsError } from '../../src/errors.js';

test('--timeout takes seconds or a duration', () => {
  assert.equal(parseDuration('10'), 10);
  assert.equal(parseDuration('2.5'), 2.5);
  assert.equal(parseDuration('.5'), 0.5);
  assert.equal(parseDuration('500ms'), 0.5);
  assert.equal(parseDuration('30s'), 30);
  assert.equal(parseDuration('2m'), 120);
  assert.equal(parseDuration(' 7 '), 7);
  for (const bad of ['0', '0.000', '-1', '+1', 'soon', '10h', '', '.', 'ms', '1e3', '1,5', '５']) {
    assert.throws(() => parseDuration(bad), InvalidParamsError, bad);
  }
});

test('--timeout is exact to the millisecond, rounded up, never a float artefact', () => {
  assert.equal(parseDuration('1.001'), 1.001);
  assert.equal(parseDuration('1.1'), 1.1);
  assert.equal(parseDuration('0.0005'), 0.001);
  assert.equal(parseDuration('1.5ms'), 0.002);
  assert.equal(parseDuration('0.0001ms'), 0.001);
  assert.equal(parseDuration('0.1m'), 6);
  assert.equal(parseDuration('1.0000001'), 1.001);
});

test('--timeout has a maximum, the longest a Node timer holds, named in the message', () => {
  assert.equal(MAX_TIMEOUT_SECONDS, 2147483);
  assert.equal(parseDuration('2147483'), 2147483);
  assert.equal(parseDuration('35791m'), 2147460);
  for (const bad of ['99999999', '4294968', '3000000', '36000m', '2147483.0005', '9'.repeat(100_000)]) {
    assert.throws(() => parseDuration(bad), { message: /^timeout: should be at most 2147483 seconds \(about 24\.8 days\), got '/ }, bad.slice(0, 20));
  }
});

test('--features takes even-length hex, with or without 0x', () => {
  assert.deepEqual(parseFeatureHex('0x2200'), new Uint8Array([0x22, 0x00]));
  assert.deepEqual(parseFeatureHex(''), new Uint8Array(0));
  assert.throws(() => parseFeatureHex('abc'), /even number of digits, got 'abc'/);
});
