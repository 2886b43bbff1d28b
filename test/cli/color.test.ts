import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useColor } from '../../src/cli/color.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

test('colour precedence: NO_COLOR, then --color/--no-color, then FORCE_COLOR, then the terminal', () => {
  assert.equal(useColor(undefined, tty, {}), true);
  assert.equal(useColor(undefined, pipe, {}), false);
  assert.equal(useColor(undefined, tty, { TERM: 'dumb' }), false);
  assert.equal(useColor(true, tty, { NO_COLOR: '1' }), false, 'NO_COLOR beats --color');
  assert.equal(useColor(undefined, tty, { NO_COLOR: '' }), true, 'an empty NO_COLOR is unset (no-color.org)');
  assert.equal(useColor(true, pipe, {}), true);
  assert.equal(useColor(false, tty, { FORCE_COLOR: '1' }), false, '--no-color beats FORCE_COLOR');
  assert.equal(useColor(undefined, pipe, { FORCE_COLOR: '1' }), true);
  assert.equal(useColor(undefined, tty, { FORCE_COLOR: '0' }), false);
});
