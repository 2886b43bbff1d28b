import type { ChildProcess } from 'node:child_process';

/** Resolves with the first line the child writes on stdout (a peer's port); rejects if it exits first. */
export function firstStdoutLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (d: Buffer | string) => {
      stdout += String(d);
      const newline = stdout.indexOf('\n');
      if (newline !== -1) resolve(stdout.slice(0, newline));
    });
    child.on('close', () => reject(new Error(`process exited before printing a line; stdout: ${stdout}`)));
  });
}

/**
 * Resolves once ln-connect has printed a whole JSON document on stdout, or has exited. A listener
 * serves its peer until the peer leaves: a one-shot peer leaves once the result is out.
 */
export function printedResult(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    let stdout = '';
    child.stdout?.on('data', (d: Buffer | string) => (stdout += String(d)).endsWith('}\n') && resolve());
    child.on('close', () => resolve());
  });
}
