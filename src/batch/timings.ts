import type { Progress, ProgressStage } from '../connect/progress.js';

/** The stages `--timings` reports, in the order they happen. */
export const TIMING_STAGES = ['resolve', 'connect', 'socks', 'acts', 'init', 'confirmation'] as const;
export type TimingStage = (typeof TIMING_STAGES)[number];
export type Timings = Readonly<Partial<Record<TimingStage, number>>>;

/** The progress event that starts each stage. */
const STARTED_BY: Readonly<Partial<Record<ProgressStage, TimingStage>>> = {
  resolving: 'resolve',
  connecting: 'connect',
  proxy: 'socks',
  handshake: 'acts',
  init: 'init',
  confirming: 'confirmation',
};

/**
 * `--timings` from the library's progress events: each event starts a stage and ends the one
 * before; stop() ends the last one (the session confirmed, or the attempt failed). The stages are
 * those of the last address tried, up to where it got; `resolve` is all the time spent resolving
 * host names, which happens before and between addresses.
 */
export class StageClock {
  private current: { stage: TimingStage; since: number } | undefined;
  private resolving: number | undefined;
  private stages: Partial<Record<TimingStage, number>> = {};

  constructor(private readonly now: () => number = () => performance.now()) {}

  mark(progress: Progress): void {
    const stage = STARTED_BY[progress.stage];
    if (stage === undefined) return;
    const now = this.now();
    this.stop(now);
    // A new address: the stages reported are the last address's.
    if (stage === 'connect') this.stages = {};
    this.current = { stage, since: now };
  }

  stop(now = this.now()): void {
    if (!this.current) return;
    const spent = now - this.current.since;
    if (this.current.stage === 'resolve') this.resolving = (this.resolving ?? 0) + spent;
    else this.stages[this.current.stage] = spent;
    this.current = undefined;
  }

  /** Milliseconds per stage reached, in stage order, to the microsecond. */
  timings(): Timings {
    const all: Partial<Record<TimingStage, number>> = { ...this.stages, resolve: this.resolving };
    const out: Partial<Record<TimingStage, number>> = {};
    for (const stage of TIMING_STAGES) {
      const ms = all[stage];
      if (ms !== undefined) out[stage] = roundMs(ms);
    }
    return out;
  }
}

/** Milliseconds to the microsecond: finer is noise, coarser hides a loopback round trip. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;
