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

interface Import {
  /** The source file named, relative to the repository. */
  readonly path: string;
  /** The names imported from it (`type` ones included); empty for `import * as` and side effects. */
  readonly names: readonly string[];
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s+(?:type\s+)?(?:\{([^}]*)\}\s*from\s*)?[^'{;]*?'(\.[^']+)'/g)].map((m) => ({
    path: relative(ROOT, resolve(dirname(file), m[2]!.replace(/\.js$/, '.ts'))),
    names: (m[1] ?? '').split(',').map((name) => name.replace(/^\s*type\s+/, '').trim()).filter(Boolean),
  }));
}

const ALL = sources(SRC).map((file) => ({ file: relative(ROOT, file), imports: importsOf(file) }));

function offending(modules: (file: string) => boolean, forbidden: (imported: Import) => boolean): string[] {
  return ALL.filter(({ file }) => modules(file)).flatMap(({ file, imports }) =>
    imports.filter(forbidden).map((imported) => `${file} imports ${imported.names.join(', ')} from ${imported.path}`),
  );
}

test('the codecs know nothing of the error table: noise, wire and node ids throw the typed errors of src/failures.ts', () => {
  const codec = (file: string): boolean => /^src\/(noise|wire)\//.test(file) || file === 'src/node-id.ts' || file === 'src/failures.ts';
  assert.deepEqual(offending(codec, (imported) => imported.path === 'src/errors.ts'), []);
});

test('wire is the lower layer: net may use it, it never imports net', () => {
  const wire = (file: string): boolean => file.startsWith('src/wire/');
  assert.deepEqual(offending(wire, (imported) => imported.path.startsWith('src/net/')), []);
  assert.ok(ALL.some(({ file, imports }) => file.startsWith('src/net/') && imports.some(({ path }) => path.startsWith('src/wire/'))));
});

test("net's parsers throw InputError, never a ConnectError: from the table, net takes only the attempt layer's errors", () => {
  const attemptLayer = new Set(['AttemptError', 'TimeoutError']);
  const net = (file: string): boolean => file.startsWith('src/net/');
  assert.deepEqual(offending(net, (imported) => imported.path === 'src/errors.ts' && !imported.names.every((name) => attemptLayer.has(name))), []);
});

test('the files and their imports are found: a check over nothing would pass', () => {
  assert.ok(ALL.some(({ file }) => file === 'src/wire/reader.ts'));
  const attempt = ALL.find(({ file }) => file === 'src/connect/attempt.ts')!;
  assert.ok(attempt.imports.some(({ path, names }) => path === 'src/errors.ts' && names.includes('attemptReason') && names.includes('AttemptFailure')));
  assert.ok(offending((file) => file === 'src/connect/attempt.ts', (imported) => imported.path === 'src/errors.ts').length === 1);
});
