import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { InvalidParamsError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/output/atomic-write.js';

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'ln-connect-atomic-'));

/** Version `n` of a large file: a header and a footer that name the version, 2 MiB between them. */
const FILLER = 2 * 1024 * 1024;
const version = (n: number): string => `v${n}\n${'x'.repeat(FILLER)}\nend v${n}\n`;
/** Whether `text` is one whole version; a reader given a part of one sees a short or mixed text. Self-contained: the reader thread runs its source. */
const wholeVersion = (text: string): number | undefined => {
  const m = /^v(\d+)\n/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return text.length === `v${n}\n`.length + 2 * 1024 * 1024 + `\nend v${n}\n`.length && text.endsWith(`\nend v${n}\n`) ? n : undefined;
};

test('the whole-file check the reader uses refuses a cut or mixed file', () => {
  const text = version(12);
  assert.equal(wholeVersion(text), 12);
  for (const part of ['', text.slice(0, 4096), text.slice(0, -1), version(3).slice(0, -7) + '12\n', text.slice(0, 3) + version(13).slice(4)]) {
    assert.equal(wholeVersion(part), undefined);
  }
});

/** Reads `file` over and over, with a bounded number of reads, until told to stop; lists the folder every tenth read. */
const READER = `
const { workerData, parentPort } = require('node:worker_threads');
const { readFileSync, readdirSync } = require('node:fs');
const wholeVersion = ${wholeVersion.toString()};
const stop = new Int32Array(workerData.stop);
const seen = new Set(), names = new Set(), partial = [], errors = [];
let reads = 0;
parentPort.postMessage('ready');
while (Atomics.load(stop, 0) === 0 && reads < workerData.maxReads) {
  reads++;
  try {
    const text = readFileSync(workerData.file, 'latin1');
    const n = wholeVersion(text);
    if (n === undefined) partial.push(text.length); else seen.add(n);
  } catch (err) {
    errors.push(err.code);
  }
  if (reads % 10 === 0) for (const name of readdirSync(workerData.dir)) names.add(name);
}
parentPort.postMessage({ reads, versions: seen.size, partial, errors, names: [...names] });
`;

test('a concurrent reader never sees a partial file while a large file is rewritten many times', async () => {
  const dir = freshDir();
  const file = join(dir, 'peers.prom');
  await writeFileAtomic(file, version(0));
  const stop = new SharedArrayBuffer(4);
  const reader = new Worker(READER, { eval: true, workerData: { file, dir, stop, maxReads: 100_000 } });
  try {
    const [ready] = await once(reader, 'message');
    assert.equal(ready, 'ready');
    const done = once(reader, 'message');
    const rewrites = 40;
    for (let n = 1; n <= rewrites; n++) await writeFileAtomic(file, version(n));
    Atomics.store(new Int32Array(stop), 0, 1);
    const [report] = (await done) as [{ reads: number; versions: number; partial: number[]; errors: string[]; names: string[] }];

    assert.deepEqual({ partial: report.partial, errors: report.errors }, { partial: [], errors: [] });
    // The reader ran while the writes happened: it saw more than one version (else the test proves nothing).
    assert.ok(report.versions >= 2, `the reader saw ${report.versions} version(s) in ${report.reads} reads`);
    // Temporary files were in the same folder, hidden, and never named *.prom (the textfile collector's pattern).
    for (const name of report.names) {
      if (name !== 'peers.prom') assert.match(name, new RegExp(`^\\.peers\\.prom\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    }
    assert.equal(wholeVersion(readFileSync(file, 'latin1')), rewrites);
    assert.deepEqual(readdirSync(dir), ['peers.prom']);
  } finally {
    Atomics.store(new Int32Array(stop), 0, 1);
    await reader.terminate();
  }
});

test('writeFileAtomic replaces a file and leaves nothing else behind', async () => {
  const dir = freshDir();
  const file = join(dir, 'out.prom');
  writeFileSync(file, 'old content, longer than the new one\n');
  await writeFileAtomic(file, 'new\n');
  assert.equal(readFileSync(file, 'utf8'), 'new\n');
  assert.deepEqual(readdirSync(dir), ['out.prom']);
});

test('writeFileAtomic: a failed rename removes the temporary file and says what failed', async () => {
  const dir = freshDir();
  const target = join(dir, 'taken.prom');
  mkdirSync(target);
  await assert.rejects(
    writeFileAtomic(target, 'metrics\n'),
    (err: unknown) => err instanceof InvalidParamsError && err.message === `cannot write ${target}: illegal operation on a directory (EISDIR)`,
  );
  assert.deepEqual(readdirSync(dir), ['taken.prom']);
  assert.deepEqual(readdirSync(target), []);
});

test('writeFileAtomic: a missing folder is a clear error', async () => {
  const file = join(freshDir(), 'missing', 'peers.prom');
  await assert.rejects(
    writeFileAtomic(file, 'metrics\n'),
    (err: unknown) => err instanceof InvalidParamsError && err.message === `cannot write ${file}: no such file or directory (ENOENT)`,
  );
});
