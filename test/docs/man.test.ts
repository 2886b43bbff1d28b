import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OPTIONS } from '../../src/cli/options.js';
import { EXIT_STATUS } from '../../src/errors.js';
import { ROOT } from '../helpers/fixtures.js';

const PAGE = join(ROOT, 'man', 'ln-connect.1');
const page = readFileSync(PAGE, 'utf8');

/** The roff source of one section, from its .SH to the next. */
function section(name: string): string {
  const start = page.indexOf(`\n.SH ${name}\n`);
  assert.notEqual(start, -1, `no ${name} section`);
  const end = page.indexOf('\n.SH ', start + 1);
  return page.slice(start, end === -1 ? undefined : end);
}

/** `--dns-seed` as the page writes it: bold, with real minus signs. */
const roffBold = (text: string): string => `\\fB${text.replaceAll('-', '\\-')}\\fR`;

test('man/ln-connect.1 is what the generator writes', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ln-connect-man-')), 'ln-connect.1');
  const env = { ...process.env };
  delete env['SOURCE_DATE_EPOCH'];
  execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'gen-man.js'), out], { env });
  assert.equal(page, readFileSync(out, 'utf8'), 'man/ln-connect.1 is stale: run npm run docs');
});

test('groff formats the page without a single warning', { skip: spawnSync('groff', ['--version']).error ? 'groff is not installed (.ci/run installs groff-base)' : false }, () => {
  const result = spawnSync('groff', ['-man', '-ww', '-z', PAGE], { encoding: 'utf8' });
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
});

test('OPTIONS lists every option of the option table, with its alias and value name', () => {
  const options = section('OPTIONS');
  for (const option of OPTIONS) {
    assert.ok(options.includes(roffBold(`--${option.name}`)), `--${option.name} is missing`);
    if (option.alias) assert.ok(options.includes(`${roffBold(`-${option.alias}`)}, ${roffBold(`--${option.name}`)}`), `-${option.alias} is missing`);
    for (const word of option.value?.match(/[A-Z]+/g) ?? []) assert.ok(options.includes(`\\fI${word}\\fR`), `--${option.name}'s ${word} is missing`);
    for (const choice of option.choices ?? []) assert.ok(options.includes(roffBold(choice)), `--${option.name} ${choice} is missing`);
  }
});

test('EXIT STATUS lists every exit status', () => {
  const statuses = section('EXIT STATUS');
  for (const row of EXIT_STATUS) assert.ok(statuses.includes(`.TP\n${roffBold(String(row.exit))}\n`), `exit status ${row.exit} is missing`);
});

test('ERRORS shows the 401 message exactly as printed, trailing space included', () => {
  assert.ok(section('ERRORS').includes('"message": "All addresses failed: 127.0.0.1:1: Connection establishment: Connection refused. "'));
});
