// STUB for the batch branch only: helper "monitor-formats" owns this file; take theirs at the merge.
import type { TargetRecord } from '../batch/record.js';
import { InvalidParamsError } from '../errors.js';

export interface NagiosRange {
  readonly text: string;
}
export type NagiosStatus = 0 | 1 | 2 | 3;
export interface NagiosReport {
  readonly line: string;
  readonly status: NagiosStatus;
}
export interface NagiosThresholds {
  readonly warning?: NagiosRange;
  readonly critical?: NagiosRange;
  readonly list?: boolean;
}

export function parseRange(text: string): NagiosRange {
  if (!/^@?[\d.~:]+$/.test(text)) throw new InvalidParamsError(`invalid threshold range '${text}'`);
  return { text };
}

export function nagiosReport(records: readonly TargetRecord[], _thresholds: NagiosThresholds): NagiosReport {
  const down = records.filter((r) => !r.result).length;
  return down === 0 ? { line: 'LN-CONNECT OK', status: 0 } : { line: `LN-CONNECT CRITICAL - ${down} down`, status: 2 };
}

export function nagiosUsageError(message: string): NagiosReport {
  return { line: `LN-CONNECT UNKNOWN - ${message}`, status: 3 };
}
