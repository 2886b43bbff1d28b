import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helpWidth } from '../../src/cli/help.js';
import { EXAMPLES } from '../../src/cli/parse-args.js';
import { runMain } from '../helpers/main-io.js';

const commands = EXAMPLES.map(([command]) => command.replace('$0', 'ln-connect'));

test('--help wraps at 80 columns in a pipe, at the width of a terminal', () => {
  assert.equal(helpWidth({ isTTY: false, columns: 200 }), 80);
  assert.equal(helpWidth({ isTTY: true, columns: 100 }), 100);
  assert.equal(helpWidth({ isTTY: true, columns: 50 }), 50);
  assert.equal(helpWidth({ isTTY: true, columns: 0 }), 80, 'a terminal that does not know its width');
  assert.equal(helpWidth({ isTTY: true, columns: 300 }), 120);
});

test('--help piped fits 80 columns, and every example command is on a line of its own, whole', async () => {
  const help = await runMain(['--help']);
  assert.equal(help.code, 0);
  const lines = help.stdout.split('\n');
  assert.deepEqual(lines.filter((line) => line.length > 80), []);
  for (const command of commands) assert.ok(lines.includes(`  ${command}`), command);
  assert.match(help.stdout, /An option given twice takes its last value \(--timeout 5 --timeout 6 waits 6 s\)/);
});

test('--help on a terminal wraps to its width; example commands are never broken', async () => {
  const wide = await runMain(['--help'], { columns: 100 });
  const wideLines = wide.stdout.split('\n');
  assert.deepEqual(wideLines.filter((line) => line.length > 100), []);
  assert.ok(wideLines.some((line) => line.length > 80), 'a 100-column terminal gets lines longer than 80');
  const narrow = await runMain(['--help'], { columns: 50 });
  const narrowLines = narrow.stdout.split('\n');
  for (const command of commands) assert.ok(narrowLines.includes(`  ${command}`), command);
  assert.deepEqual(
    narrowLines.filter((line) => line.length > 50 && !commands.includes(line.trim())),
    [],
  );
});
