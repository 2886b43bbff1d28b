import { InvalidParamsError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60 };

/** `--timeout`: seconds (`10`, `2.5`) or a duration with a unit (`500ms`, `30s`, `2m`), as LND and Nagios users write them. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNITS[match[2] ?? 's']! : NaN;
  if (!(seconds > 0)) throw new InvalidParamsError(`timeout: should be a positive number of seconds (or 500ms, 30s, 2m), got '${text}'`);
  return seconds;
}

/** `--features`: a feature vector in hex, as Core Lightning prints them. */
export function parseFeatureHex(text: string): Uint8Array {
  const hex = text.startsWith('0x') ? text.slice(2) : text;
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new InvalidParamsError(`features: should be hex with an even number of digits, got '${text}'`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
