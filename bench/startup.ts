/**
 * `npm run bench:startup [PAIRS]`: how much slower a whole ln-connect run is than starting Node.
 *
 * Each pair times `node -e 0`, then `node bin/ln-connect.js ID@127.0.0.1:PORT` from spawn to exit:
 * start-up, dial, BOLT 8 handshake, init exchange, ping. The peer is this process, through the
 * library's listen(), which serves one connection: a fresh one is bound before each timed run.
 * Alternating the two commands spreads any drift in the machine's load over both. Output: each
 * median, and the median of the per-pair ratios (the target is 1.3 or less).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { listen } from '../src/index.js';

const PAIRS = Number(process.argv[2] ?? 30);
const WARM_UP = 3;
const bin = fileURLToPath(new URL('../../bin/ln-connect.js', import.meta.url));

/** Milliseconds from spawn to exit; a run that fails stops the benchmark. */
function timed(args: readonly string[]): Promise<number> {
  const started = performance.now();
  // No terminal on any stream, as under cron: no spinner, no colour.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - started;
      code === 0 ? resolve(elapsed) : reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** A peer for one connection; resolves with its id@host:port once it is bound. */
function peer(): Promise<{ uri: string; done: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const session = listen({
      listen: '127.0.0.1:0',
      onListening: ({ uri }) => resolve({ uri, done: session.then((s) => s.closed) }),
    });
    session.catch(reject);
  });
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const bare: number[] = [];
const full: number[] = [];
for (let i = 0; i < WARM_UP + PAIRS; i++) {
  const { uri, done } = await peer();
  const nodeMs = await timed(['-e', '0']);
  const connectMs = await timed([bin, uri]);
  await done;
  if (i >= WARM_UP) {
    bare.push(nodeMs);
    full.push(connectMs);
  }
}

const ratio = median(full.map((ms, i) => ms / bare[i]!));
console.log(`${PAIRS} pairs, after ${WARM_UP} to warm up`);
console.log(`node -e 0                           median ${median(bare).toFixed(1)} ms`);
console.log(`node bin/ln-connect.js ID@127.0.0.1  median ${median(full).toFixed(1)} ms`);
console.log(`ratio (median of pairs)             ${ratio.toFixed(2)}x  (target: 1.30x or less)`);
