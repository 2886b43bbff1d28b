/**
 * Writes the shell completion scripts that the package ships in completions/, under the names
 * each shell looks for.
 *
 *   node dist/scripts/gen-completions.js [DIR]     (default: completions/ in the source tree)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPLETION_INSTALL, completionScript, SHELLS } from '../src/cli/completion.js';

const dir = process.argv[2] ?? fileURLToPath(new URL('../../completions/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const shell of SHELLS) writeFileSync(join(dir, COMPLETION_INSTALL[shell].file), completionScript(shell));
