// STUB for the batch branch only: helper "monitor-formats" owns this file; take theirs at the merge.
import type { TargetRecord } from '../batch/record.js';

export function prometheusExposition(records: readonly TargetRecord[], now: Date): string {
  const up = records.map((r) => `ln_connect_up{target=${JSON.stringify(r.target)}} ${r.result ? 1 : 0}\n`).join('');
  return `${up}ln_connect_last_run_timestamp_seconds ${now.getTime() / 1000}\n`;
}
