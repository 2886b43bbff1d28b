/**
 * `npm run fuzz`: the property tests of test/property/ run long, FUZZ_RUNS times each (100000
 * unless set; costly properties run fewer, see test/property/arbitraries.ts). Arguments go to
 * `node --test`: `npm run fuzz -- --test-name-pattern=BigSize` fuzzes one group. A failure prints
 * its seed and path, and arbitraries.ts says how to replay it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = process.env['FUZZ_RUNS'] ?? '100000';
const dir = fileURLToPath(new URL('../test/property/', import.meta.url));
// Files, not the folder: Node 22 and later take files or globs after --test.
const files = readdirSync(dir).filter((name) => name.endsWith('.test.js')).map((name) => join(dir, name));
console.log(`fuzz: ${runs} runs per property${process.env['FUZZ_SEED'] === undefined ? '' : `, seed ${process.env['FUZZ_SEED']}`}`);
const started = performance.now();
const { status } = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...files], { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs } });
console.log(`fuzz: ${status === 0 ? 'passed' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = status ?? 1;
