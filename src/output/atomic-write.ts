// STUB for the batch branch only: helper "monitor-formats" owns this file; take theirs at the merge.
import { renameSync, writeFileSync } from 'node:fs';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
