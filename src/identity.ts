import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { InvalidParamsError } from './errors.js';

/**
 * Our node identity (the static key of BOLT 8). A reachability check needs no stable identity, so
 * by default it is fresh on every run; `--key-file` gives a stable one, e.g. for a peer that only
 * accepts known nodes. The secret never leaves this module's callers and is never printed.
 */
export function randomIdentityKey(): Uint8Array {
  // A 32-byte value is a valid secp256k1 secret unless it is 0 or >= n: odds of 2^-128.
  return new Uint8Array(randomBytes(32));
}

/** Reads a 32-byte hex secret, refusing a file that group or others could read, as ssh does. */
export function readKeyFile(path: string): Uint8Array {
  let mode: number;
  let text: string;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidParamsError(`key file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new InvalidParamsError(`key file ${path} is accessible by group or others (mode ${octal}); run: chmod 600 ${path}`);
  }
  const hex = text.trim();
  // The message must not echo the file's content: it may be a secret with a typo.
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new InvalidParamsError(`key file ${path}: expected 64 hex characters (a 32-byte secret)`);
  const key = new Uint8Array(Buffer.from(hex, 'hex'));
  if (key.every((b) => b === 0)) throw new InvalidParamsError(`key file ${path}: the secret must not be zero`);
  return key;
}
