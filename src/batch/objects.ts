import type { TargetRecord } from './record.js';

/**
 * The JSON objects printed for a target, keys in the order shown. A success is Core Lightning's
 * result, plus `rtt_ms` (`--ping`) and `timings` (`--timings`) when asked for. A failure is
 * lightning-cli's `{code, message}`, plus `data.timings` with `--timings`: `data` is where
 * JSON-RPC 2.0 puts what an error object carries beyond its code and message.
 * schema/connect.json documents both (`response`, `error`).
 */
export function resultObject(record: TargetRecord): object {
  const out: Record<string, unknown> = { ...record.result };
  if (record.rttMs) out['rtt_ms'] = record.rttMs;
  if (record.timings) out['timings'] = record.timings;
  return out;
}

export function errorObject(record: TargetRecord): object {
  const out: Record<string, unknown> = { code: record.error?.code, message: record.error?.message };
  if (record.timings) out['data'] = { timings: record.timings };
  return out;
}

/**
 * One line of a list's JSON Lines output (schema/connect.json, `list_line`): the target as
 * written, then `result` or `error` (JSON-RPC's own split), then `attempts` when it took more than one.
 */
export function jsonLine(record: TargetRecord): string {
  const line: Record<string, unknown> = { target: record.target };
  if (record.result) line['result'] = resultObject(record);
  else line['error'] = errorObject(record);
  if (record.attempts > 1) line['attempts'] = record.attempts;
  return `${JSON.stringify(line)}\n`;
}
