import type { TargetRecord } from '../batch/record.js';
import { formatAddress } from '../net/address.js';

/**
 * The run as Prometheus' text exposition format, version 0.0.4: what `--format prometheus` prints
 * and what node_exporter's textfile collector reads (with `--output FILE`, see writeFileAtomic).
 *
 * Families, each with one HELP and one TYPE line, all gauges (each run overwrites the last):
 * - `ln_connect_up{id,address,target}`: 1 when the target connected, else 0. One sample per
 *   target, malformed lines included.
 * - `ln_connect_duration_seconds{id,address,target}`: wall time spent on the target, all attempts
 *   included, failures too.
 * - `ln_connect_rtt_seconds{id,address,target,stat}`: only for targets pinged (`--ping N`), three
 *   samples, `stat` = `min`, `median`, `max`. Not a `quantile` label: promtool refuses one on
 *   anything but a summary, and a summary promises `_sum` and `_count` series that a handful of
 *   pings per run does not make meaningful. The family is left out when no target was pinged.
 * - `ln_connect_error_code{id,address,target}`: the JSON-RPC code of the failure (400, 401, 402,
 *   -32602), 0 when up. 0 is no code of the table, so `ln_connect_error_code != 0` selects the
 *   failures, and every target keeps one series whatever happens to it.
 * - `ln_connect_last_run_timestamp_seconds`: `now` as Unix time, no labels; alert on its age to
 *   catch a cron job that stopped running.
 *
 * Labels: `id` is the node id (the result's, or the one the target line starts with, "" when the
 * line has none), `address` the address that answered, "" when none did, `target` the line as
 * written. Because `address` is empty while a peer is down, its up and down samples are two
 * series; group by `target` (`max by (target) (ln_connect_up)`) to follow one target over time.
 *
 * A target written twice in the input is one series: the first line's outcome is kept (two samples
 * with one label set make the whole scrape fail). The JSON Lines output still has both.
 */
export function prometheusExposition(records: readonly TargetRecord[], now: Date): string {
  const targets = firstOfEachTarget(records).map((record) => ({ record, labels: labels(record) }));
  const out: string[] = [];
  const family = (name: string, help: string, samples: readonly string[]): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const s of samples) out.push(s);
  };

  family(
    'ln_connect_up',
    'Whether the target completed the BOLT 8 handshake and BOLT 1 init and confirmed the session (1) or not (0).',
    targets.map((t) => sample('ln_connect_up', t.labels, t.record.result ? 1 : 0)),
  );
  family(
    'ln_connect_duration_seconds',
    'Wall time spent on the target in the last run, all attempts included, in seconds.',
    targets.map((t) => sample('ln_connect_duration_seconds', t.labels, seconds(t.record.durationMs))),
  );
  const rtt = targets.flatMap(({ record: { rttMs }, labels }) =>
    rttMs ? RTT_STATS.map((stat) => sample('ln_connect_rtt_seconds', `${labels},stat="${stat}"`, seconds(rttMs[stat]))) : [],
  );
  if (rtt.length > 0) {
    family(
      'ln_connect_rtt_seconds',
      'Round-trip time of the BOLT 1 pings sent after the session was confirmed (--ping), in seconds: stat is min, median or max.',
      rtt,
    );
  }
  family(
    'ln_connect_error_code',
    "JSON-RPC code of the target's failure, as Core Lightning's connect reports it (400, 401, 402, -32602); 0 when up.",
    targets.map((t) => sample('ln_connect_error_code', t.labels, t.record.error?.code ?? 0)),
  );
  family(
    'ln_connect_last_run_timestamp_seconds',
    'When the run that wrote these metrics ended, in seconds since the Unix epoch.',
    [sample('ln_connect_last_run_timestamp_seconds', '', now.getTime() / 1000)],
  );
  return out.join('\n') + '\n';
}

const RTT_STATS = ['min', 'median', 'max'] as const;

function firstOfEachTarget(records: readonly TargetRecord[]): TargetRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => !seen.has(r.target) && seen.add(r.target));
}

/** JavaScript's shortest round-trip number text is a float Go's ParseFloat reads back exactly. */
function sample(name: string, labelText: string, value: number): string {
  return labelText === '' ? `${name} ${value}` : `${name}{${labelText}} ${value}`;
}

/** Microseconds are finer than any timer here, and rounding keeps 0.52 ms from printing as 0.0005200000000000001. */
function seconds(ms: number): number {
  return Number((ms / 1000).toFixed(6));
}

/** The label set every per-target family shares, in the order the issue names them. */
function labels(r: TargetRecord): string {
  const id = r.result?.id ?? /^(0[23][0-9a-f]{64})(?:@|$)/i.exec(r.target)?.[1]?.toLowerCase() ?? '';
  const address = r.result ? formatAddress(r.result.address) : '';
  return `id="${escapeLabelValue(id)}",address="${escapeLabelValue(address)}",target="${escapeLabelValue(r.target)}"`;
}

/** The three escapes the format defines for label values; every other character stands as itself. */
function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
