import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { InvalidParamsError } from '../errors.js';
import { GraphFileError, type Graph } from '../net/graph.js';

/**
 * The targets of `--input`: one per line, as the positional target is written; blank lines and
 * lines starting with `#` are skipped. Lines are yielded as written, one at a time as they are
 * read (readline pauses the stream while they wait), so a list of any length is never held
 * whole. A read failure is the run's -32602, naming the file.
 */
export async function* inputTargets(input: Readable, name: string): AsyncGenerator<string> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const text = line.trim();
      if (text !== '' && !text.startsWith('#')) yield line;
    }
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new InvalidParamsError(`input: cannot read ${name}: ${reason}`);
  } finally {
    lines.close();
    input.destroy();
  }
}

/** `--graph FILE --all`: every node of the dump with an address to dial, by id, in the dump's order. */
export async function* graphTargets(graph: Graph): AsyncGenerator<string> {
  try {
    for (const node of graph.nodes()) yield node.id;
  } catch (err) {
    throw err instanceof GraphFileError ? new InvalidParamsError(err.message) : err;
  }
}
