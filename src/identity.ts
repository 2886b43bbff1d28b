import { hex } from '@scure/base';
import { readFileSync, statSync } from 'node:fs';
import { InvalidParamsError } from './errors.js';
import { isSystemError } from './failures.js';
import { isSecretKey, randomSecretKey, SECRET_KEY_SIZE } from './noise/crypto.js';

/**
 * Our node identity (the static key of BOLT 8). A reachability check needs no stable identity, so
 * by default it is fresh on every run; `--key-file` gives a stable one, e.g. for a peer that only
 * accepts known nodes. The secret never leaves this module's callers and is never printed.
 */
export function identityKeyOrRandom(key: Uint8Array | undefined): Uint8Array {
  if (key === undefined) return randomSecretKey();
  checkSecretKey(key, 'identityKey');
  return key;
}

/**
 * Refuses, before any I/O, a secret that BOLT 8's handshake could not use: a valid secp256k1
 * secret is 32 bytes holding a number from 1 to the curve order minus 1. `what` names where the
 * key came from; the message never shows the key, which may be a real one with a typo.
 */
export function checkSecretKey(key: unknown, what: string): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== SECRET_KEY_SIZE) {
    throw new InvalidParamsError(`${what}: should be ${SECRET_KEY_SIZE} bytes (a secp256k1 secret key)`);
  }
  if (!isSecretKey(key)) {
    throw new InvalidParamsError(`${what}: not a valid secp256k1 secret key: it must be a number from 1 to the curve order minus 1`);
  }
}

/** Reads a 32-byte hex secret, refusing a file that group or others could read, as ssh does. */
export function readKeyFile(path: string): Uint8Array {
  let mode: number;
  let text: string;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!isSystemError(err)) throw err;
    throw new InvalidParamsError(`key file ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new InvalidParamsError(`key file ${path} is accessible by group or others (mode ${octal}); run: chmod 600 ${path}`);
  }
  const digits = text.trim();
  // The message must not echo the file's content: it may be a secret with a typo.
  if (!/^[0-9a-fA-F]{64}$/.test(digits)) throw new InvalidParamsError(`key file ${path}: expected 64 hex characters (a 32-byte secret)`);
  const key = hex.decode(digits.toLowerCase());
  checkSecretKey(key, `key file ${path}`);
  return key;
}
