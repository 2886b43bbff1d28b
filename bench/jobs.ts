/**
 * `npm run bench:jobs [-- TARGETS JOBS,JOBS,... DELAY_MS]` (default 1000, 1,4,8,16,32,64, 0): how
 * fast a list runs at each `--jobs`, to choose its default (src/cli/batch.ts, DEFAULT_JOBS).
 *
 * Two peers (bench/peer.ts) run in processes of their own; the list names them in turn. With
 * DELAY_MS, each peer holds each of its writes that long, as a network would (three per target:
 * Act Two, init, the confirmation's pong); on bare loopback only the CPU limits. Each `--jobs`
 * value runs the whole list through the bin under /usr/bin/time, twice, the values interleaved so
 * that drift in the machine's load spreads over all of them. Printed per value: the faster run's
 * wall time and targets per second, the client's CPU and peak RSS; then the peers' CPU over all
 * runs, to show they are not the bottleneck.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeerReady, PeerUsage } from './peer.js';

const TARGETS = Number(process.argv[2] ?? 1000);
const JOBS = (process.argv[3] ?? '1,4,8,16,32,64').split(',').map(Number);
const DELAY_MS = Number(process.argv[4] ?? 0);
const ROUNDS = 2;
const bin = fileURLToPath(new URL('../../bin/ln-connect.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ln-connect-bench-jobs-'));

async function startPeer(): Promise<{ child: ChildProcess; uri: string }> {
  const child = fork(fileURLToPath(new URL('peer.js', import.meta.url)), [], { env: { ...process.env, PEER_DELAY_MS: String(DELAY_MS) } });
  const [ready] = (await once(child, 'message')) as [PeerReady];
  return { child, uri: `${ready.id}@127.0.0.1:${ready.port}` };
}

async function peerCpuSeconds(child: ChildProcess): Promise<number> {
  child.send('usage');
  const [usage] = (await once(child, 'message')) as [PeerUsage];
  child.disconnect();
  return usage.cpuMicros / 1e6;
}

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
}

async function run(input: string, jobs: number): Promise<Run> {
  const times = join(dir, 'time.txt');
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', times, process.execPath, bin, '-i', input, '-j', String(jobs), '-t', '60'], {
    env: { ...process.env, XDG_CACHE_HOME: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lines = 0;
  child.stdout.on('data', (d: Buffer) => (lines += d.toString().split('\n').length - 1));
  const [code] = (await once(child, 'close')) as [number];
  const wall = (performance.now() - started) / 1000;
  if (code !== 0 || lines !== TARGETS) throw new Error(`--jobs ${jobs}: exit ${code}, ${lines} lines`);
  const [user, system, rssKb] = readFileSync(times, 'utf8').trim().split(' ').map(Number);
  return { wall, cpu: user! + system!, rssMb: rssKb! / 1024 };
}

const peers = [await startPeer(), await startPeer()];
const input = join(dir, 'targets.txt');
writeFileSync(input, Array.from({ length: TARGETS }, (_, i) => `${peers[i % peers.length]!.uri}\n`).join(''));
const results = new Map<number, Run[]>(JOBS.map((j) => [j, []]));
for (let round = 0; round < ROUNDS; round++) for (const jobs of JOBS) results.get(jobs)!.push(await run(input, jobs));
const peerCpu = (await Promise.all(peers.map((p) => peerCpuSeconds(p.child)))).reduce((a, b) => a + b, 0);

console.log(`${TARGETS} targets, two loopback peers in their own processes, replies held ${DELAY_MS} ms, best of ${ROUNDS}`);
console.log('jobs   wall s   targets/s   client CPU s   CPU ms/target   peak RSS MB');
for (const [jobs, runs] of results) {
  const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
  console.log(
    `${String(jobs).padStart(4)} ${best.wall.toFixed(2).padStart(8)} ${(TARGETS / best.wall).toFixed(0).padStart(11)} ${best.cpu.toFixed(2).padStart(14)} ${((best.cpu * 1000) / TARGETS).toFixed(2).padStart(15)} ${best.rssMb.toFixed(0).padStart(13)}`,
  );
}
console.log(`peers' CPU over all ${ROUNDS * JOBS.length} runs: ${peerCpu.toFixed(1)} s`);
