import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OPTIONS } from '../../src/cli/options.js';
import { EXIT_STATUS } from '../../src/errors.js';
import { MAX_PENDING_HANDSHAKES } from '../../src/listen/accept.js';
import { DEFAULT_LISTEN_TIMEOUT_SECONDS } from '../../src/listen/listen.js';
import { MAX_TIMEOUT_SECONDS } from '../../src/options.js';
import { ROOT } from '../helpers/fixtures.js';

const PAGE = join(ROOT, 'man', 'ln-connect.1');
const page = readFileSync(PAGE, 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  author: { name: string; url: string };
  bugs: { url: string };
  repository: { url: string };
};

/** The page's date: the third field of .TH. */
const TH = /^(\.TH \S+ 1 )"([^"]*)"/m;

function generate(env: NodeJS.ProcessEnv): string {
  const out = join(mkdtempSync(join(tmpdir(), 'ln-connect-man-')), 'ln-connect.1');
  execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'gen-man.js'), out], { env });
  return readFileSync(out, 'utf8');
}

/** The text of a section as man shows it, roughly: fonts and escapes gone, lines joined. */
const plain = (roff: string): string =>
  roff
    .split('\n')
    .filter((line) => !line.startsWith('.'))
    .join(' ')
    .replace(/\\f[BIR]/g, '')
    .replaceAll('\\-', '-')
    .replaceAll('\\&', '');

/** The roff source of one section, from its .SH to the next. */
function section(name: string): string {
  const start = page.indexOf(`\n.SH ${name}\n`);
  assert.notEqual(start, -1, `no ${name} section`);
  const end = page.indexOf('\n.SH ', start + 1);
  return page.slice(start, end === -1 ? undefined : end);
}

/** `--dns-seed` as the page writes it: bold, with real minus signs. */
const roffBold = (text: string): string => `\\fB${text.replaceAll('-', '\\-')}\\fR`;

test('man/ln-connect.1 is what the generator writes, but for the date it was built on', () => {
  const env = { ...process.env };
  delete env['SOURCE_DATE_EPOCH'];
  const undated = (roff: string): string => roff.replace(TH, '$1"DATE"');
  assert.equal(undated(page), undated(generate(env)), 'man/ln-connect.1 is stale: run npm run docs');
});

test('the page is dated: SOURCE_DATE_EPOCH when set, else the last commit or the build', () => {
  assert.equal(TH.exec(generate({ ...process.env, SOURCE_DATE_EPOCH: '1700000000' }))?.[2], '2023-11-14');
  const env = { ...process.env };
  delete env['SOURCE_DATE_EPOCH'];
  assert.match(TH.exec(generate(env))?.[2] ?? '', /^\d{4}-\d{2}-\d{2}$/);
  assert.match(TH.exec(page)?.[2] ?? '', /^\d{4}-\d{2}-\d{2}$/);
});

test('a section-1 page: its headings, in the order man-pages(7) gives', () => {
  const headings = page.split('\n').filter((line) => line.startsWith('.SH ')).map((line) => line.slice(4));
  assert.deepEqual(headings, [
    'NAME',
    'SYNOPSIS',
    'DESCRIPTION',
    'OPTIONS',
    'OUTPUT',
    'EXIT STATUS',
    'ENVIRONMENT',
    'FILES',
    'NOTES',
    'EXAMPLES',
    'AUTHORS',
    'REPORTING BUGS',
    'COPYRIGHT',
    'SEE ALSO',
  ]);
  assert.match(page, /^\.TH LN\\-CONNECT 1 /m);
});

test("AUTHORS names this project's authors, REPORTING BUGS the tracker the CLI names", () => {
  assert.equal(plain(section('AUTHORS')).trim(), `Written by ${pkg.author.name}: ${pkg.author.url}`);
  assert.ok(!/Rusty|Felix/.test(page));
  assert.ok(plain(section('REPORTING BUGS')).includes(`Report bugs at ${pkg.bugs.url};`));
  assert.ok(readFileSync(join(ROOT, 'src', 'cli', 'main.ts'), 'utf8').includes(`'${pkg.bugs.url}'`), 'the internal-error message names another tracker');
  assert.equal(pkg.repository.url, `git+${pkg.bugs.url.replace(/\/issues$/, '')}.git`);
});

test('no lightningd option the user does not have; torv2 only as refused', () => {
  assert.ok(!page.includes('lightningd-config'));
  assert.ok(!page.includes('bind-addr'));
  // Core Lightning's result lists torv2 among the address types; ln-connect never reports one.
  const mentions = plain(page).split(/(?<=\.) +/).filter((sentence) => sentence.includes('torv2'));
  assert.deepEqual(mentions, [
    'The type is never torv2: a Tor v2 name is refused before anything is dialled, with error -32602 ("Tor v2 onion addresses are obsolete (Tor removed them in 2021); use the node\'s v3 address").',
  ]);
});

test('NOTES states the rules and limits the code enforces, with its figures', () => {
  const notes = plain(section('NOTES'));
  assert.ok(notes.includes('an option takes its last value'));
  assert.ok(notes.includes(`at most ${MAX_TIMEOUT_SECONDS} seconds`));
  assert.ok(notes.includes('less than a millisecond counts as one millisecond'));
  assert.ok(notes.includes('counts from the start of the process'));
  assert.ok(notes.includes(`and ${DEFAULT_LISTEN_TIMEOUT_SECONDS} with --listen`));
  assert.ok(notes.includes(`At most ${MAX_PENDING_HANDSHAKES} handshakes run at once`));
  assert.ok(notes.includes('--verbose reports each one'));
  assert.ok(notes.includes('under 100 MB'));
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

test('OUTPUT shows the 401 message exactly as printed, trailing space included', () => {
  assert.ok(section('OUTPUT').includes('"message": "All addresses failed: 127.0.0.1:1: Connection establishment: Connection refused. "'));
});
