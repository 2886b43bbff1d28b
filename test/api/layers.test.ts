import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/fixtures.js';

/**
 * The layering the code relies on, checked on the sources: what each module imports, as the
 * repository-relative path of the source file it names.
 */
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => relative(ROOT, resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))));
}

const ALL = sources(SRC).map((file) => ({ file: relative(ROOT, file), imports: importsOf(file) }));

function offending(modules: (file: string) => boolean, forbidden: (imported: string) => boolean): string[] {
  return ALL.filter(({ file }) => modules(file)).flatMap(({ file, imports }) => imports.filter(forbidden).map((imported) => `${file} imports ${imported}`));
}

test('the codecs know nothing of the error table: noise and wire throw the typed errors of src/failures.ts', () => {
  const codec = (file: string): boolean => /^src\/(noise|wire)\//.test(file) || file === 'src/failures.ts';
  assert.deepEqual(offending(codec, (imported) => imported === 'src/errors.ts'), []);
});

test('the files are found: a check over nothing would pass', () => {
  assert.ok(ALL.some(({ file }) => file === 'src/wire/reader.ts'));
  assert.ok(ALL.find(({ file }) => file === 'src/connect/attempt.ts')!.imports.includes('src/errors.ts'));
});
