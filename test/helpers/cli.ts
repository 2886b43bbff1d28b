import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';

export const BIN = join(ROOT, 'bin', 'ln-connect.js');

/**
 * The environment for running the binary: the code cache (src/launch/compile-cache.ts) of a test
 * file's runs goes to a temporary directory, not to $HOME.
 */
export const BIN_ENV: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'ln-connect-xdg-')) };

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real binary as a user would, with no terminal and no colour in the environment. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return collect(spawnCli(args, env));
}

export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const clean = { ...BIN_ENV };
  delete clean['NO_COLOR'];
  delete clean['FORCE_COLOR'];
  return spawn(process.execPath, [BIN, ...args], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function collect(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves with the first line the child writes on stderr (a listener's `id@host:port`). */
export function firstStderrLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (d: Buffer): void => {
      buffer += d.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline !== -1) {
        child.stderr?.off('data', onData);
        resolve(buffer.slice(0, newline));
      }
    };
    child.stderr?.on('data', onData);
    child.on('close', () => reject(new Error(`process exited before printing a line; stderr: ${buffer}`)));
  });
}

/** A key file with mode 600 holding `secret` (32 bytes of hex), in a fresh temp dir. */
export function keyFile(secretHex: string, mode = 0o600): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ln-connect-key-')), 'node.key');
  writeFileSync(path, `${secretHex}\n`, { mode });
  return path;
}

/** lightning-cli's JSON layout, for expected outputs. */
export const cliJson = (value: unknown): string => JSON.stringify(value, null, 3) + '\n';

/** The short usage a terminal gets when ln-connect is run with no arguments, written out as the user sees it. */
export const SHORT_USAGE = [
  'Usage:',
  '  ln-connect <id>[@host[:port]] [options]',
  '  ln-connect <id> <host> [<port>] [options]',
  '  ln-connect id=<id> host=<host> [port=<port>] [options]',
  '  ln-connect --input FILE [options]',
  '  ln-connect --graph FILE --all [options]',
  '  ln-connect --listen [host:]port|path [options]',
  '  ln-connect completion [bash|zsh|fish]',
  "Try 'ln-connect --help' for more.",
  '',
].join('\n');
