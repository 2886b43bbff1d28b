import { InvalidParamsError } from '../errors.js';

/**
 * A threshold range of the Monitoring Plugins development guidelines, `[@]start:end`:
 * `10` is 0..10, `10:` is 10..∞, `~:10` is -∞..10, `10:20` is 10..20, endpoints included. A value
 * outside the range raises the alert; with a leading `@`, a value inside it does.
 */
export interface NagiosRange {
  /** -Infinity for `~`. */
  readonly start: number;
  /** Infinity when nothing follows the colon. */
  readonly end: number;
  /** `@`: alert when the value is inside the range instead of outside. */
  readonly inside: boolean;
  /** The range as the user wrote it, which perfdata repeats in its warn and crit fields. */
  readonly text: string;
}

/** The guidelines' class for values, [-0-9.], as a number: an optional minus, digits, one dot. */
const NUMBER = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)`;
const RANGE = new RegExp(`^(@?)(?:(${NUMBER}|~):)?(${NUMBER})?$`);

/**
 * Reads `--warning`/`--critical`. Beyond the guidelines' examples: `~:` (no bound: never alerts, or
 * always with `@`) and `10:10` (start equal to end) are accepted; an empty start before the colon
 * (`:10`), a unit (`0.5s`), an exponent and spaces are refused, so a typo never passes as a range.
 */
export function parseRange(text: string): NagiosRange {
  const m = RANGE.exec(text);
  // Without a colon the one number is the end; a bare `@` or nothing at all is no range.
  if (!m || (m[2] === undefined && m[3] === undefined)) {
    throw new InvalidParamsError(`invalid threshold range '${text}': expected [@]start:end as in 10, 10:, ~:10, 10:20 or @10:20`);
  }
  const start = m[2] === undefined ? 0 : m[2] === '~' ? -Infinity : Number(m[2]);
  const end = m[3] === undefined ? Infinity : Number(m[3]);
  if (start > end) throw new InvalidParamsError(`invalid threshold range '${text}': start ${m[2] ?? '0 (implied)'} is greater than end ${m[3]}`);
  return { start, end, inside: m[1] === '@', text };
}

/** Whether `value` raises the range's alert. */
export function rangeAlerts(range: NagiosRange, value: number): boolean {
  const outside = value < range.start || value > range.end;
  return range.inside ? !outside : outside;
}
