/**
 * The in-process arm of `npm run bench:batch`, in a fresh process so that its peak RSS is its own:
 * `node dist/bench/batch-arm.js LIST JOBS` checks every target of LIST through the library's
 * connect(), never more than JOBS at once, and prints one JSON object (ArmReport) on stdout. The
 * primitives' floor is measured in this same process just before and just after, so that the
 * ratio compares like with like.
 */
import { readFileSync } from 'node:fs';
import { connect } from '../src/index.js';
import { measurePrimitives, type PrimitiveCosts } from './primitives.js';

export interface ArmReport {
  readonly targets: number;
  readonly ok: number;
  /** The first failure's message, if any target failed. */
  readonly firstError: string | undefined;
  readonly wallMs: number;
  /** CPU of this whole process (every thread), over the run only. */
  readonly cpuMicros: number;
  readonly maxRssKb: number;
  readonly before: PrimitiveCosts;
  readonly after: PrimitiveCosts;
}

const [listFile, jobsText] = process.argv.slice(2);
const targets = readFileSync(listFile!, 'utf8').split('\n').filter((line) => line !== '');
const jobs = Number(jobsText);

const before = measurePrimitives();

let ok = 0;
let firstError: string | undefined;
let next = 0;
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (next < targets.length) {
      const id = targets[next++]!;
      try {
        await connect({ id, timeout: 30 });
        ok++;
      } catch (err) {
        firstError ??= `${id}: ${(err as Error).message}`;
      }
    }
  }),
);
const wallMs = performance.now() - wallStart;
const cpu = process.cpuUsage(cpuStart);
const after = measurePrimitives();

const report: ArmReport = {
  targets: targets.length,
  ok,
  firstError,
  wallMs,
  cpuMicros: cpu.user + cpu.system,
  maxRssKb: process.resourceUsage().maxRSS,
  before,
  after,
};
process.stdout.write(JSON.stringify(report) + '\n');
