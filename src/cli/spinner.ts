import type { Progress } from '../connect/progress.js';
import { requireLazily } from '../lazy-require.js';
import { describeProgress } from './stage-log.js';

export interface Spinner {
  update(progress: Progress): void;
  /** Clears the line; must run before the result is printed (ora hooks the output streams while spinning). */
  stop(): void;
}

const SILENT: Spinner = { update() {}, stop() {} };

/**
 * A spinner on `stream`, only for a person at a terminal: under cron or in a pipe, nothing but
 * the result is written. ora is imported only then, so scripts do not pay for loading it.
 */
export function createSpinner(enabled: boolean, stream: NodeJS.WriteStream): Spinner {
  if (!enabled) return SILENT;
  const { default: ora } = requireLazily('ora') as typeof import('ora');
  // discardStdin would put stdin in raw mode, which makes Ctrl-C harder to deliver.
  const spinner = ora({ stream, discardStdin: false });
  return {
    update(progress) {
      const text = describeProgress(progress);
      spinner.text = text.charAt(0).toUpperCase() + text.slice(1);
      if (!spinner.isSpinning) spinner.start();
    },
    stop() {
      spinner.stop();
    },
  };
}
