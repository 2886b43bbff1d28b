import type { ConnectResult } from '../connect/result.js';

/** Round-trip times of BOLT 1 pings sent after the session was confirmed (`--ping N`), in milliseconds. */
export interface RttSummary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/**
 * What one target of a run came to: the unit every output format (JSON, JSON Lines, text,
 * Prometheus, Nagios) is written from, for a single target and for a list alike.
 */
export interface TargetRecord {
  /** The target as the user wrote it (an input line, or the positional argument). */
  readonly target: string;
  /** Present when the target connected. */
  readonly result?: ConnectResult;
  /** Present when it did not: the JSON-RPC error, as lightning-cli prints it. */
  readonly error?: { readonly code: number; readonly message: string };
  /** How many attempts were made (more than 1 only with `--retries`). */
  readonly attempts: number;
  /** Wall time spent on this target, all attempts included, in milliseconds. */
  readonly durationMs: number;
  /** With `--ping N`. */
  readonly rttMs?: RttSummary;
  /** With `--timings`: milliseconds per stage of the last attempt (resolve, connect, socks, acts, init, confirmation). */
  readonly timings?: Readonly<Record<string, number>>;
}
