import { hex } from '@scure/base';
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import { InvalidParamsError } from '../errors.js';

/**
 * `--output FILE`: replaces `path` with `text` so that a reader, such as node_exporter's textfile
 * collector, sees the old content or the new, never a part. The text goes to a temporary file in
 * the same folder (a rename is atomic only within one file system), is flushed to disk, then
 * renamed over `path`; on failure the temporary file is removed. The file gets the mode a new file
 * gets (0666 less the umask); a symbolic link at `path` is replaced, not followed.
 *
 * The temporary name starts with a dot and ends in `.tmp`, so the collector, which reads `*.prom`,
 * never picks it up. Failures are InvalidParamsError: `cannot write out/peers.prom: no such file
 * or directory (ENOENT)`.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${hex.encode(randomBytes(6))}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(text);
      // Without it, a crash soon after the rename can leave `path` empty on some file systems.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (err) {
    // The original failure is what the user needs; a temporary file that never existed is fine.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new InvalidParamsError(`cannot write ${path}: ${reason(err as NodeJS.ErrnoException)}`);
  }
}

/** `permission denied (EACCES)`: the system's words without the temporary file's name that Node's message holds. */
function reason(err: NodeJS.ErrnoException): string {
  const known = err.errno === undefined ? undefined : getSystemErrorMap().get(err.errno);
  return known ? `${known[1]} (${known[0]})` : err.message;
}
