/**
 * `npm run bench:jobs [TARGETS] [JOBS,JOBS,...] [DELAY_MS]`: how fast a list runs at each `--jobs`,
 * to choose its default (src/cli/batch.ts, DEFAULT_JOBS).
 *
 * Two peers (bench/list-peer.ts) run in their own processes; the list names them in turn. With
 * DELAY_MS, each peer holds each of its writes that long, as a network would (three of them per
 * target: Act Two, init, the confirmation's pong); on bare loopback only the CPU limits. Each
 * `--jobs` value runs the whole list through the real bin under /usr/bin/time, twice, the values
 * interleaved so that drift in the machine's load spreads over all of them. Output per value:
 * the faster run's wall time and targets per second, the client's CPU seconds and peak RSS, and
 * the peers' CPU seconds over all runs (to show they are not the bottleneck).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGETS = Number(process.argv[2] ?? 1000);
const JOBS = (process.argv[3] ?? '1,4,8,16,32,64').split(',').map(Number);
const DELAY_MS = Number(process.argv[4] ?? 0);
const ROUNDS = 2;
const bin = fileURLToPath(new URL('../../bin/ln-connect.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ln-connect-bench-jobs-'));

async function startPeer(): Promise<{ uri: string; stop(): Promise<number> }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('list-peer.js', import.meta.url)), String(DELAY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  const [uri] = (await once(child.stdout, 'data')) as [string];
  return {
    uri: uri.trim(),
    async stop() {
      child.kill('SIGTERM');
      const [cpu] = (await once(child.stdout, 'data')) as [string];
      return Number(cpu);
    },
  };
}

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
}

async function run(input: string, jobs: number): Promise<Run> {
  const times = join(dir, 'time.txt');
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', times, process.execPath, bin, '-i', input, '-n', 'regtest', '-j', String(jobs), '-t', '60'], {
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
const peerCpu = (await Promise.all(peers.map((p) => p.stop()))).reduce((a, b) => a + b, 0);

console.log(`${TARGETS} targets, two loopback peers in their own processes, replies held ${DELAY_MS} ms, best of ${ROUNDS}`);
console.log('jobs   wall s   targets/s   client CPU s   CPU ms/target   peak RSS MB');
for (const [jobs, runs] of results) {
  const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
  console.log(
    `${String(jobs).padStart(4)} ${best.wall.toFixed(2).padStart(8)} ${(TARGETS / best.wall).toFixed(0).padStart(11)} ${best.cpu.toFixed(2).padStart(14)} ${((best.cpu * 1000) / TARGETS).toFixed(2).padStart(15)} ${best.rssMb.toFixed(0).padStart(13)}`,
  );
}
console.log(`peers' CPU over all ${ROUNDS * JOBS.length} runs: ${peerCpu.toFixed(1)} s`);
