import { connect } from '../connect/connect.js';
import type { ConnectOptions } from '../connect/options.js';
import type { Progress } from '../connect/progress.js';
import { ConnectError } from '../errors.js';
import type { Graph } from '../net/graph.js';
import type { LiveSession } from '../session/latency.js';
import type { RttSummary, TargetRecord } from './record.js';
import { pause, retryDelayMs } from './retry.js';
import { StageClock, roundMs } from './timings.js';

/**
 * How every target of a run is checked. Plain data, so that a worker thread can be handed the
 * same configuration and build its own checker.
 */
export interface CheckConfig {
  /** connect()'s options for every target; `graph` is a file name (or, in one thread, a Graph already read). */
  readonly connect: Omit<ConnectOptions, 'id' | 'host' | 'port' | 'signal' | 'onProgress' | 'onSession'>;
  /** Further attempts after a transient failure (`--retries`). */
  readonly retries: number;
  /** Seconds before the first retry, doubled at each one (`--retry-delay`). */
  readonly retryDelay: number;
  /** BOLT 1 pings to time once the session is confirmed (`--ping`); 0 for none. */
  readonly pings: number;
  /** Report milliseconds per stage (`--timings`). */
  readonly timings: boolean;
}

export interface CheckHooks {
  /** The target's progress events, for a stage log. */
  readonly onProgress?: (progress: Progress) => void;
  /** Aborts the check: a retry is not made, a connection in progress ends as timed out. */
  readonly signal?: AbortSignal;
}

/** Checks one target (a line as written) and says what came of it; never rejects for a failure of the target. */
export type CheckOne = (target: string, hooks?: CheckHooks) => Promise<TargetRecord>;

/** What a checker may be given instead of making it: a graph already read, the randomness of the retry delay. */
export interface CheckDependencies {
  readonly graph?: Graph;
  readonly random?: () => number;
}

export function createChecker(config: CheckConfig, dependencies: CheckDependencies = {}): CheckOne {
  const options = { ...config.connect, graph: dependencies.graph ?? config.connect.graph };
  return async (target, hooks = {}) => {
    const stop = linkedSignal(hooks.signal);
    try {
      return await check(target, hooks, stop.signal);
    } finally {
      stop.dispose();
    }
  };

  async function check(target: string, hooks: CheckHooks, signal: AbortSignal): Promise<TargetRecord> {
    const started = performance.now();
    const spent = (): number => roundMs(performance.now() - started);
    for (let attempts = 1; ; attempts++) {
      const clock = config.timings ? new StageClock() : undefined;
      const roundTrips: number[] = [];
      const measure = async (session: LiveSession): Promise<void> => {
        clock?.stop();
        for (let i = 0; i < config.pings; i++) roundTrips.push(await session.ping());
      };
      try {
        const result = await connect({
          ...options,
          // A given start (a single target's: the process start) bounds the first attempt; a retry has a deadline of its own.
          startedAt: attempts === 1 ? options.startedAt : undefined,
          id: target.trim(),
          signal,
          onProgress: (progress) => {
            clock?.mark(progress);
            hooks.onProgress?.(progress);
          },
          onSession: clock || config.pings > 0 ? measure : undefined,
        });
        return { target, result, attempts, durationMs: spent(), rttMs: summarize(roundTrips), timings: clock?.timings() };
      } catch (err) {
        if (!(err instanceof ConnectError)) throw err;
        clock?.stop();
        const retry = attempts <= config.retries && err.transient;
        if (!retry || !(await pause(retryDelayMs(config.retryDelay, attempts, dependencies.random), signal))) {
          return { target, error: err.toJSON(), attempts, durationMs: spent(), timings: clock?.timings() };
        }
      }
    }
  }
}

/**
 * A signal of the target's own that aborts with the run's. The library joins the signal it is
 * given to its deadline with AbortSignal.any(), and Node 20 keeps a small record in a signal for
 * every any() it took part in until that signal is collected: given the run's signal itself, a
 * list would grow by one record per target (3.4 MB over 50,000 targets, measured).
 */
function linkedSignal(run: AbortSignal | undefined): { signal: AbortSignal; dispose(): void } {
  const own = new AbortController();
  const abort = (): void => own.abort();
  if (run?.aborted) own.abort();
  else run?.addEventListener('abort', abort, { once: true });
  return { signal: own.signal, dispose: () => run?.removeEventListener('abort', abort) };
}

/** min, median and max of the round trips measured; undefined when no pong came back. */
export function summarize(samples: readonly number[]): RttSummary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: roundMs(sorted[0]!), median: roundMs(median), max: roundMs(sorted.at(-1)!) };
}
