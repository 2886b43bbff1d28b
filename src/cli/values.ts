import { InvalidParamsError } from '../errors.js';
import { featuresFromHex } from '../wire/index.js';
import { MAX_TIMEOUT_SECONDS } from '../options.js';
import { quote } from '../quote.js';

/** Milliseconds per unit of `--timeout`. */
const UNIT_MS: Readonly<Record<string, bigint>> = { ms: 1n, s: 1000n, m: 60_000n };

/**
 * `--timeout`: seconds (`10`, `2.5`) or a duration with a unit (`500ms`, `30s`, `2m`), as LND and
 * Nagios users write them. Read as an exact decimal and rounded up to a whole millisecond, the
 * timers' unit, so `0.0005` and `1.5ms` wait 1 and 2 ms; above MAX_TIMEOUT_SECONDS it is refused,
 * naming the maximum, before anything is sent.
 */
export function parseDuration(text: string): number {
  const match = /^(\d*)(?:\.(\d*))?(ms|s|m)?$/.exec(text.trim());
  const digits = match ? `${match[1]}${match[2] ?? ''}` : '';
  if (!match || digits === '' || /^0*$/.test(digits)) {
    throw new InvalidParamsError(`timeout: should be a positive number of seconds (or 500ms, 30s, 2m), got ${quote(text)}`);
  }
  const scale = 10n ** BigInt(match[2]?.length ?? 0);
  const exact = BigInt(digits) * UNIT_MS[match[3] ?? 's']!;
  const ms = (exact + scale - 1n) / scale;
  if (ms > BigInt(MAX_TIMEOUT_SECONDS) * 1000n) {
    throw new InvalidParamsError(`timeout: should be at most ${MAX_TIMEOUT_SECONDS} seconds (about 24.8 days), got ${quote(text)}`);
  }
  return Number(ms) / 1000;
}

/** `--features`: a feature vector in hex, as Core Lightning prints them. */
export function parseFeatureHex(text: string): Uint8Array {
  const digits = text.startsWith('0x') ? text.slice(2) : text;
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new InvalidParamsError(`features: should be hex with an even number of digits, got ${quote(text)}`);
  return featuresFromHex(digits);
}
