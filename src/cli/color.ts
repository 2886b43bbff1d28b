import { requireLazily } from '../lazy-require.js';

/**
 * Whether to colour, decided here because chalk alone ignores NO_COLOR. Precedence: NO_COLOR
 * (no-color.org: present and non-empty), then --color/--no-color, then FORCE_COLOR, then
 * whether the stream is a terminal that is not `dumb`.
 */
export function useColor(
  flag: boolean | undefined,
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env['NO_COLOR']) return false;
  if (flag !== undefined) return flag;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** The few styles the output uses; identity functions when colour is off, so callers never branch. */
export interface Palette {
  key(text: string): string;
  string(text: string): string;
  number(text: string): string;
  good(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
}

const plain = (text: string): string => text;
export const PLAIN: Palette = { key: plain, string: plain, number: plain, good: plain, bad: plain, dim: plain };

/** chalk is loaded only when colour is on: a cron run never pays for it. */
export function palette(enabled: boolean): Palette {
  if (!enabled) return PLAIN;
  const { Chalk } = requireLazily('chalk') as typeof import('chalk');
  const chalk = new Chalk({ level: 1 });
  return {
    key: chalk.blue,
    string: chalk.green,
    number: chalk.yellow,
    good: chalk.green,
    bad: chalk.red,
    dim: chalk.dim,
  };
}
