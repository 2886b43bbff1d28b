/**
 * `npm run bench:batch [-- TARGETS JOBS ROUNDS]` (default 1000 64 3): what checking a long list
 * costs, in one process and in one process per target. Environment: PEERS (default 2), SAMPLE
 * (default 100).
 *
 * The loopback peers (bench/peer.ts) run in processes of their own, the targets spread over them;
 * their CPU is reported beside ln-connect's, since here they share the same cores. Each round runs
 * every arm once, in turn, each in a fresh process:
 *
 * - the library: connect() for every target, JOBS at once (bench/batch-arm.ts);
 * - `ln-connect --input FILE --jobs JOBS`: the CLI's own batch mode, run when `--help` lists it;
 * - one process per target: the bin once per target, 16 at once as `xargs -P 16` would run it,
 *   on SAMPLE targets of the list (it is the slow arm; its rates stand for the whole list).
 *
 * Printed per arm, medians over the rounds: handshakes per second, ln-connect's CPU per handshake,
 * the peers' CPU, ln-connect's peak RSS, and the ratio of ln-connect's CPU per handshake to the
 * primitives' floor (bench/primitives.ts), measured in the same process just before and after.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArmReport } from './batch-arm.js';
import type { PeerReady, PeerUsage } from './peer.js';
import { median, type PrimitiveCosts } from './primitives.js';

const TARGETS = Number(process.argv[2] ?? 1000);
const JOBS = Number(process.argv[3] ?? 64);
const ROUNDS = Number(process.argv[4] ?? 3);
const PEERS = Number(process.env.PEERS ?? 2);
const SAMPLE = Math.min(TARGETS, Number(process.env.SAMPLE ?? 100));
const PROCESSES_AT_ONCE = 16;
const RATIO_TARGET = 1.25;

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const bin = here('../../bin/ln-connect.js');
const scratch = mkdtempSync(join(tmpdir(), 'ln-connect-bench-batch-'));

interface Measured {
  readonly ok: number;
  readonly wallMs: number;
  readonly cpuMicros: number;
  readonly peerCpuMicros: number;
  readonly maxRssKb: number;
  /** Whose peak RSS: the one process, or the largest of many. */
  readonly rssOf: 'process' | 'largest process';
  /** Measured around the connect() arm; the other arms take that of their round. */
  readonly floor: PrimitiveCosts | undefined;
  readonly firstError: string | undefined;
}

/** What an arm measures itself; the peers' CPU is added around it. */
type ArmRun = Omit<Measured, 'peerCpuMicros'>;

// ---- peers

interface Peer {
  readonly child: ChildProcess;
  readonly target: string;
}

async function startPeer(): Promise<Peer> {
  const child = fork(here('peer.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [ready] = (await once(child, 'message')) as [PeerReady];
  return { child, target: `${ready.id}@127.0.0.1:${ready.port}` };
}

async function peerUsage(peers: readonly Peer[]): Promise<PeerUsage[]> {
  return Promise.all(
    peers.map(async ({ child }) => {
      const reply = once(child, 'message');
      child.send('usage');
      return ((await reply) as [PeerUsage])[0];
    }),
  );
}

/** Runs `arm` and adds the peers' CPU and handshakes over it. */
async function withPeerCpu(peers: readonly Peer[], arm: () => Promise<ArmRun>): Promise<Measured> {
  const before = await peerUsage(peers);
  const measured = await arm();
  const after = await peerUsage(peers);
  const failures = after.reduce((n, u, i) => n + u.failures - before[i]!.failures, 0);
  if (failures > 0) throw new Error(`the peers saw ${failures} failed handshakes`);
  const peerCpuMicros = after.reduce((sum, u, i) => sum + u.cpuMicros - before[i]!.cpuMicros, 0);
  return { ...measured, peerCpuMicros };
}

// ---- arms

function list(name: string, count: number, peers: readonly Peer[]): string {
  const file = join(scratch, name);
  writeFileSync(file, Array.from({ length: count }, (_, i) => peers[i % peers.length]!.target).join('\n') + '\n');
  return file;
}

async function libraryArm(file: string): Promise<ArmRun> {
  const child = spawn(process.execPath, [here('batch-arm.js'), file, String(JOBS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`batch-arm exited ${code}`);
  const report = JSON.parse(out) as ArmReport;
  const floor = {
    oursMicros: (report.before.oursMicros + report.after.oursMicros) / 2,
    issueMicros: (report.before.issueMicros + report.after.issueMicros) / 2,
  };
  return { ...report, rssOf: 'process', floor };
}

interface BinRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bin with each argument list, `atOnce` at a time, each under bench/rusage.cjs; adds up their CPU. */
async function binRuns(runs: readonly string[][], atOnce: number): Promise<{ runs: BinRun[]; wallMs: number; cpuMicros: number; maxRssKb: number }> {
  const usageFile = join(scratch, `rusage-${process.hrtime.bigint()}`);
  const env = { ...process.env, LN_CONNECT_BENCH_RUSAGE: usageFile };
  const results: BinRun[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (next < runs.length) {
        const child = spawn(process.execPath, ['--require', here('rusage.cjs'), bin, ...runs[next++]!], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const [code] = (await once(child, 'close')) as [number];
        results.push({ code, stdout, stderr });
      }
    }),
  );
  const wallMs = performance.now() - started;
  const usages = readFileSync(usageFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { cpuMicros: number; maxRssKb: number });
  return {
    runs: results,
    wallMs,
    cpuMicros: usages.reduce((sum, u) => sum + u.cpuMicros, 0),
    maxRssKb: Math.max(...usages.map((u) => u.maxRssKb)),
  };
}

const failure = (run: BinRun): string => `exit ${run.code}: ${(run.stderr || run.stdout).trim().split('\n')[0]}`;

async function processPerTargetArm(file: string): Promise<ArmRun> {
  const targets = readFileSync(file, 'utf8').trim().split('\n');
  const { runs, ...usage } = await binRuns(
    targets.map((target) => [target]),
    PROCESSES_AT_ONCE,
  );
  const failed = runs.find((run) => run.code !== 0);
  const ok = runs.length - runs.filter((run) => run.code !== 0).length;
  return { ...usage, ok, rssOf: 'largest process', floor: undefined, firstError: failed && failure(failed) };
}

/** The CLI's own batch mode, once it exists: `ln-connect --input FILE --jobs N`, JSON Lines out. */
async function cliBatchArm(file: string): Promise<ArmRun> {
  const { runs, ...usage } = await binRuns([['--input', file, '--jobs', String(JOBS)]], 1);
  const run = runs[0]!;
  const ok = run.stdout.split('\n').filter((line) => line.includes('"result"')).length;
  const firstError = run.code !== 0 ? failure(run) : ok !== TARGETS ? `${ok} "result" lines for ${TARGETS} targets` : undefined;
  return { ...usage, ok, rssOf: 'process', floor: undefined, firstError };
}

function binHasBatchMode(): boolean {
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  return /--input\b/.test(help.stdout);
}

// ---- the run

const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');

const peers = await Promise.all(Array.from({ length: PEERS }, startPeer));
const fullList = list('targets', TARGETS, peers);
const sampleList = list('sample', SAMPLE, peers);

type Arm = { readonly name: string; readonly run: () => Promise<ArmRun> };
const arms: Arm[] = [
  { name: `connect(), ${JOBS} at once`, run: () => libraryArm(fullList) },
  ...(binHasBatchMode() ? [{ name: `ln-connect --input --jobs ${JOBS}`, run: () => cliBatchArm(fullList) }] : []),
  { name: `one process per target, ${PROCESSES_AT_ONCE} at once`, run: () => processPerTargetArm(sampleList) },
];

const results = new Map<string, Measured[]>(arms.map((arm) => [arm.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // The arms that run ln-connect's bin are compared with the floor the connect() arm, first in the round, measured.
  let floor: PrimitiveCosts | undefined;
  for (const arm of arms) {
    const measured = await withPeerCpu(peers, arm.run);
    if (measured.firstError !== undefined) throw new Error(`${arm.name}: ${measured.firstError}`);
    floor ??= measured.floor;
    results.get(arm.name)!.push({ ...measured, floor: measured.floor ?? floor });
  }
}
for (const { child } of peers) child.disconnect();
rmSync(scratch, { recursive: true, force: true });

// ---- the report

const perHandshake = (m: Measured, micros: number): number => micros / 1000 / m.ok;
const med = (runs: readonly Measured[], f: (m: Measured) => number): number => median(runs.map(f));
const fixed = (n: number, digits = 2): string => n.toFixed(digits);
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

console.log(`${TARGETS} targets, ${JOBS} at once, against ${PEERS} peer processes on loopback; medians of ${ROUNDS} rounds; ${cpus().length} cores, load average ${loadAtStart} at the start, ${load()} at the end.`);
console.log(`One process per target ran ${SAMPLE} of the ${TARGETS} targets, ${PROCESSES_AT_ONCE} at once: its rates stand for the whole list (x${fixed(TARGETS / SAMPLE, 0)} its time).`);
console.log('CPU: ms per handshake. hs/CPU-s: handshakes per second of ln-connect CPU, what one fully used core would give.');
console.log('cores: CPU time / wall time. Peers: the loopback peers, which share this machine\'s cores with ln-connect.');
console.log("floor: the primitives in a tight loop (bench/primitives.ts), in the connect() arm's process around its run, each round:");
console.log('ours = 2 public keys + 3 ECDH multiplications as src/noise/crypto.ts makes them; issue = issue 10\'s 1 key generation');
console.log('+ 1 parity key + 6 computeSecret. ratio: CPU per handshake / floor, the median of the rounds\' ratios.');
console.log('');
const header = ['arm', 'handshakes/s', 'CPU', 'hs/CPU-s', 'cores', 'peers CPU', 'peers cores', 'peak RSS MB', 'floor', 'ratio', 'issue floor', 'ratio'];
const rows: string[][] = [];
for (const [name, runs] of results) {
  const ratio = (floor: (m: Measured) => number): string => `${fixed(med(runs, (m) => perHandshake(m, m.cpuMicros) / (floor(m) / 1000)))}x`;
  rows.push([
    name,
    fixed(med(runs, (m) => m.ok / (m.wallMs / 1000)), 0),
    fixed(med(runs, (m) => perHandshake(m, m.cpuMicros))),
    fixed(med(runs, (m) => m.ok / (m.cpuMicros / 1e6)), 0),
    fixed(med(runs, (m) => m.cpuMicros / 1000 / m.wallMs)),
    fixed(med(runs, (m) => perHandshake(m, m.peerCpuMicros))),
    fixed(med(runs, (m) => m.peerCpuMicros / 1000 / m.wallMs)),
    runs[0]!.rssOf === 'process' ? fixed(med(runs, (m) => m.maxRssKb / 1024), 0) : `${fixed(med(runs, (m) => m.maxRssKb / 1024), 0)} each, x${PROCESSES_AT_ONCE}`,
    fixed(med(runs, (m) => m.floor!.oursMicros / 1000)),
    ratio((m) => m.floor!.oursMicros),
    fixed(med(runs, (m) => m.floor!.issueMicros / 1000)),
    ratio((m) => m.floor!.issueMicros),
  ]);
}
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
console.log('');
console.log(`Target (issue 10): connect() at ${RATIO_TARGET.toFixed(2)}x the issue floor or less. The floor column is the stricter measure: the primitives this code calls.`);
