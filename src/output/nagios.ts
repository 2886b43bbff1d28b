import type { TargetRecord } from '../batch/record.js';
import { formatAddress } from '../net/address.js';
import { parseRange, rangeAlerts, type NagiosRange } from './nagios-range.js';

export { parseRange, type NagiosRange } from './nagios-range.js';

/** The plugin exit statuses: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
export type NagiosStatus = 0 | 1 | 2 | 3;

export interface NagiosReport {
  /** The plugin's one line of output, without its newline. */
  readonly line: string;
  readonly status: NagiosStatus;
}

export interface NagiosThresholds {
  readonly warning?: NagiosRange;
  readonly critical?: NagiosRange;
  /** The records are a list (`--input`, `--graph --all`) even if there is only one of them. */
  readonly list?: boolean;
}

const STATUS_NAMES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
/** How many targets down a list's line names before it says "and N more": the line must stay short for NRPE. */
const NAMED_DOWN = 5;

/**
 * `--format nagios`: the run as one line of a Nagios, Icinga, Naemon or Sensu check, as the
 * Monitoring Plugins guidelines define it, `LN-CONNECT STATUS - text | perfdata`, with the exit
 * status that goes with it: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 *
 * One target (one record, `list` unset): `--warning` and `--critical` are ranges on its connect
 * time in seconds (the wall time spent on it, retries included, to the millisecond shown).
 * - Connected: CRITICAL if the critical range alerts, else WARNING if the warning range alerts,
 *   else OK; OK when no range is given.
 *   `LN-CONNECT OK - 02ab…@203.0.113.5:9735 connected in 0.143s | time=0.143s;0.5;2;0;`
 *   With `--ping`, `rtt_min`, `rtt_median` and `rtt_max` (seconds) follow `time`.
 * - Not connected (no address known, all addresses failed, disconnected): CRITICAL whatever the
 *   ranges, with Core Lightning's error message and no perfdata.
 * - A malformed target (-32602) is a usage error: UNKNOWN.
 *
 * A list (`list` set, or any number of records but one): the ranges apply to the number of
 * targets down, which is every target that did not connect, malformed lines included.
 * - CRITICAL if the critical range alerts, else WARNING if the warning range alerts, else OK.
 *   Neither range given means `--critical 0`: any target down is CRITICAL. `--warning 0
 *   --critical 5`: 1 to 5 down is WARNING, 6 or more CRITICAL. Only `--warning 2`: 3 or more
 *   down is WARNING, never CRITICAL.
 *   `LN-CONNECT WARNING - 2 of 10 peers down: 02ab…@203.0.113.5 (401), junk (-32602) | down=2;0;5;0;10 up=8;;;0;10`
 *   The line names the first five targets down, then says how many more there are.
 * - An empty list checked nothing: UNKNOWN.
 *
 * perfdata is `label=value[UOM];[warn];[crit];[min];[max]`, warn and crit being the ranges as
 * typed. A `|` in a target or a message is written `¦`, since the first `|` starts perfdata.
 */
export function nagiosReport(records: readonly TargetRecord[], thresholds: NagiosThresholds): NagiosReport {
  if (records.length === 1 && !thresholds.list) return singleTarget(records[0]!, thresholds);
  if (records.length === 0) return report(3, 'no targets to check');

  const total = records.length;
  const down = records.filter((r) => !r.result);
  const critical = thresholds.critical ?? (thresholds.warning ? undefined : DEFAULT_LIST_CRITICAL);
  const status = statusFor(down.length, thresholds.warning, critical);
  let text = down.length === 0 ? `${total} of ${total} peers up` : `${down.length} of ${total} peers down: `;
  text += down
    .slice(0, NAMED_DOWN)
    .map((r) => `${r.target} (${r.error?.code})`)
    .join(', ');
  if (down.length > NAMED_DOWN) text += ` and ${down.length - NAMED_DOWN} more`;
  return report(status, text, [
    perfdata('down', String(down.length), thresholds.warning, critical, `0;${total}`),
    perfdata('up', String(total - down.length), undefined, undefined, `0;${total}`),
  ]);
}

/** A usage error (bad option, unreadable input) as the guidelines want it: UNKNOWN, status 3. */
export function nagiosUsageError(message: string): NagiosReport {
  return report(3, message);
}

const DEFAULT_LIST_CRITICAL = parseRange('0');

function singleTarget(record: TargetRecord, { warning, critical }: NagiosThresholds): NagiosReport {
  const { result, error } = record;
  if (!result) return report(error?.code === -32602 ? 3 : 2, `${record.target}: ${error?.message}`);

  const seconds = (record.durationMs / 1000).toFixed(3);
  const data = [perfdata('time', `${seconds}s`, warning, critical, '0;')];
  if (record.rttMs) {
    for (const stat of ['min', 'median', 'max'] as const) {
      data.push(perfdata(`rtt_${stat}`, `${(record.rttMs[stat] / 1000).toFixed(6)}s`, undefined, undefined, '0;'));
    }
  }
  // The status follows the time shown, so that 0.5004 s, shown as 0.500s, is not over a 0.5 limit.
  const status = statusFor(Number(seconds), warning, critical);
  return report(status, `${result.id}@${formatAddress(result.address)} connected in ${seconds}s`, data);
}

function statusFor(value: number, warning: NagiosRange | undefined, critical: NagiosRange | undefined): NagiosStatus {
  if (critical && rangeAlerts(critical, value)) return 2;
  if (warning && rangeAlerts(warning, value)) return 1;
  return 0;
}

/** One perfdata item; `minMax` is the min and max fields with the semicolon between them. */
function perfdata(label: string, value: string, warning: NagiosRange | undefined, critical: NagiosRange | undefined, minMax: string): string {
  return `${label}=${value};${warning?.text ?? ''};${critical?.text ?? ''};${minMax}`;
}

function report(status: NagiosStatus, text: string, data: readonly string[] = []): NagiosReport {
  const clean = text.trim().replace(/\s*[\r\n]+\s*/g, ' ').replaceAll('|', '¦');
  return { line: `LN-CONNECT ${STATUS_NAMES[status]} - ${clean}${data.length > 0 ? ` | ${data.join(' ')}` : ''}`, status };
}
