/**
 * `npm run bench:startup [PAIRS]`: how much slower a whole ln-connect run is than starting Node.
 *
 * Each round times `node -e 0`, then `node bin/ln-connect.js ID@127.0.0.1:PORT` from spawn to exit
 * (start-up, dial, BOLT 8 handshake, init exchange, ping) twice: with the code cache a previous
 * run left (src/launch/compile-cache.ts), as every run but the first after an install, and
 * without it, as that first run. The peer is this process, through the library's listen(), which
 * serves one connection: a fresh one is bound before each timed run, outside the timing.
 * A fourth command, bench/floor.cts, is the floor: the builtins, scalar multiplications and
 * round trips a handshake cannot do without, against an echo server. Alternating the commands
 * spreads any drift in the machine's load over all of them. Output: each median, and the median
 * of the per-round ratios to `node -e 0` (the target is 1.3 or less).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen } from '../src/index.js';

const ROUNDS = Number(process.argv[2] ?? 30);
const WARM_UP = 3;
const TARGET = 1.3;
const bin = fileURLToPath(new URL('../../bin/ln-connect.js', import.meta.url));
const floor = fileURLToPath(new URL('floor.cjs', import.meta.url));
// The warm-up runs fill this cache; the user's own ~/.cache is left alone.
const cached = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'ln-connect-bench-')) };
const uncached = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };

/** Milliseconds from spawn to exit; a run that fails stops the benchmark. */
function timed(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  // No terminal on any stream, as under cron: no spinner, no colour.
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
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

/** One ln-connect run against a fresh one-connection peer. */
async function connectOnce(env: NodeJS.ProcessEnv): Promise<number> {
  const { uri, done } = await new Promise<{ uri: string; done: Promise<void> }>((resolve, reject) => {
    const session = listen({
      listen: '127.0.0.1:0',
      onListening: ({ uri }) => resolve({ uri, done: session.then((s) => s.closed) }),
    });
    session.catch(reject);
  });
  const ms = await timed([bin, uri], env);
  await done;
  return ms;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const echo = createServer((socket) => socket.on('data', (data) => socket.write(data))).listen(0, '127.0.0.1');
await once(echo, 'listening');
const echoPort = String((echo.address() as AddressInfo).port);

const bare: number[] = [];
const least: number[] = [];
const warm: number[] = [];
const cold: number[] = [];
for (let i = 0; i < WARM_UP + ROUNDS; i++) {
  const nodeMs = await timed(['-e', '0']);
  const floorMs = await timed([floor, echoPort]);
  const warmMs = await connectOnce(cached);
  const coldMs = await connectOnce(uncached);
  if (i >= WARM_UP) {
    bare.push(nodeMs);
    least.push(floorMs);
    warm.push(warmMs);
    cold.push(coldMs);
  }
}
echo.close();

const row = (label: string, runs: readonly number[]): string => {
  const ratio = median(runs.map((ms, i) => ms / bare[i]!));
  return `${label.padEnd(44)} median ${median(runs).toFixed(1).padStart(6)} ms   ratio ${ratio.toFixed(2)}x`;
};
console.log(`${ROUNDS} rounds, after ${WARM_UP} to warm up; ratio = median of the per-round ratios to node -e 0 (target: ${TARGET.toFixed(2)}x or less)`);
console.log(`${'node -e 0'.padEnd(44)} median ${median(bare).toFixed(1).padStart(6)} ms`);
console.log(row('floor: net, crypto, 6 multiplications, echo', least));
console.log(row('ln-connect ID@127.0.0.1, code cache', warm));
console.log(row('ln-connect ID@127.0.0.1, first run', cold));
