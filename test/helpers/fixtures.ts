import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root: tests run from dist/test/..., fixtures live in the source tree. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A JSON fixture under test/, e.g. `vectors/bolt8-handshake.json`. */
export function readFixture<T = any>(relative: string): T {
  return JSON.parse(readFileSync(new URL(`../../../test/${relative}`, import.meta.url), 'utf8')) as T;
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
