import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration, parseFeatureHex } from '../../src/cli/values.js';
import { InvalidParamsError } from '../../src/errors.js';

test('--timeout takes seconds or a duration', () => {
  assert.equal(parseDuration('10'), 10);
  assert.equal(parseDuration('2.5'), 2.5);
  assert.equal(parseDuration('500ms'), 0.5);
  assert.equal(parseDuration('30s'), 30);
  assert.equal(parseDuration('2m'), 120);
  for (const bad of ['0', '-1', 'soon', '10h', '']) assert.throws(() => parseDuration(bad), InvalidParamsError, bad);
});

test('--features takes even-length hex, with or without 0x', () => {
  assert.deepEqual(parseFeatureHex('0x2200'), new Uint8Array([0x22, 0x00]));
  assert.deepEqual(parseFeatureHex(''), new Uint8Array(0));
  assert.throws(() => parseFeatureHex('abc'), /even number of digits, got 'abc'/);
});
