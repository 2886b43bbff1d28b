import type { Palette } from '../cli/color.js';
import { formatAddress } from '../net/address.js';
import { unquoted } from '../quote.js';
import type { TargetRecord } from './record.js';

/** Wide enough for the longest status, -32602. */
const STATUS_WIDTH = 6;
/** Wide enough for a 100,000 ms run of retries. */
const TIME_WIDTH = 9;

/**
 * `--format text` for a list: one line per target. The status (`up` or the error code) and the
 * time spent come first in fixed-width columns, so a list reads down the page; the target as
 * written and what came of it follow:
 *
 *   up        14 ms  02ab…@127.0.0.1:9735  127.0.0.1:9735 features 0x0222 rtt 0.2/0.3/0.5 ms
 *   401     1002 ms  02ab…@127.0.0.1:1  All addresses failed: 127.0.0.1:1: Connection establishment: Connection refused.
 */
export function textLine(record: TargetRecord, colors: Palette): string {
  const status = record.result ? colors.good('up'.padEnd(STATUS_WIDTH)) : colors.bad(String(record.error?.code).padEnd(STATUS_WIDTH));
  const time = `${Math.round(record.durationMs)} ms`.padStart(TIME_WIDTH);
  const outcome = record.result
    ? `${formatAddress(record.result.address)} features ${colors.dim(`0x${record.result.features || '0'}`)}`
    : (record.error?.message.trimEnd() ?? '');
  // A line of the list is the user's text: control characters are escaped so that it stays one line.
  return `${status} ${time}  ${unquoted(record.target.trim())}  ${[outcome, ...extras(record)].join(' ')}\n`;
}

/** What `--ping`, `--timings` and `--retries` add, after the outcome. */
export function extras(record: TargetRecord): string[] {
  const out: string[] = [];
  if (record.rttMs) out.push(`rtt ${record.rttMs.min}/${record.rttMs.median}/${record.rttMs.max} ms`);
  if (record.timings && Object.keys(record.timings).length > 0) out.push(`timings ${Object.entries(record.timings).map(([stage, ms]) => `${stage} ${ms}`).join(', ')} ms`);
  if (record.attempts > 1) out.push(`(${record.attempts} attempts)`);
  return out;
}
