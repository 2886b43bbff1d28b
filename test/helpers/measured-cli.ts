import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, spawnCli, type CliRun } from './cli.js';
import { ROOT } from './fixtures.js';

const PRELOAD = join(ROOT, 'test', 'helpers', 'exit-report.cjs');

/** What the process wrote about itself as it exited (test/helpers/exit-report.cjs). */
export interface ExitReport {
  readonly status: number;
  /** Milliseconds from process start to exit. */
  readonly exitMs: number;
  /** Milliseconds from process start to its first write on stdout; undefined if it wrote nothing. */
  readonly outcomeMs: number | undefined;
  /** Peak resident set size, in KiB. */
  readonly maxRssKiB: number;
}

export interface MeasuredRun extends CliRun {
  /** Undefined when the process did not exit by itself and was killed. */
  readonly report: ExitReport | undefined;
  readonly killed: boolean;
  /** For a killed process, its peak RSS (KiB) as Linux's /proc saw it just before the kill, to say what a hang cost. */
  readonly maxRssAtKillKiB: number | undefined;
}

export interface MeasuredChild {
  readonly child: ChildProcess;
  readonly done: Promise<MeasuredRun>;
}

/**
 * Runs the real binary (as runCli does) with the exit-report preload, and kills it with SIGKILL
 * if it is still running `killAfterMs` after the spawn: a scenario that finds a hang must not
 * leave the process behind.
 */
export function spawnMeasured(args: readonly string[], killAfterMs: number, env: NodeJS.ProcessEnv = {}): MeasuredChild {
  const dir = mkdtempSync(join(tmpdir(), 'ln-connect-exit-'));
  const file = join(dir, 'report.json');
  const nodeOptions = `${process.env['NODE_OPTIONS'] ?? ''} --require "${PRELOAD}"`.trim();
  const child = spawnCli(args, { ...env, NODE_OPTIONS: nodeOptions, LN_CONNECT_EXIT_REPORT: file });
  let killed = false;
  let maxRssAtKillKiB: number | undefined;
  const timer = setTimeout(() => {
    killed = true;
    maxRssAtKillKiB = peakRssKiB(child.pid);
    child.kill('SIGKILL');
  }, killAfterMs);
  const done = collect(child)
    .then((run): MeasuredRun => ({ ...run, report: readReport(file), killed, maxRssAtKillKiB }))
    .finally(() => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    });
  return { child, done };
}

function readReport(file: string): ExitReport | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ExitReport;
  } catch {
    return undefined;
  }
}

/** VmHWM from /proc/PID/status (Linux); undefined elsewhere. */
function peakRssKiB(pid: number | undefined): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
