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
 * the result is written. ora is imported at the first stage, so neither a script nor a run that
 * fails on its parameters pays for loading it, and a spinner that never started writes nothing.
 */
export function createSpinner(enabled: boolean, stream: NodeJS.WriteStream): Spinner {
  if (!enabled) return SILENT;
  let spinner: import('ora').Ora | undefined;
  return {
    update(progress) {
      const described = describeProgress(progress);
      const text = described.charAt(0).toUpperCase() + described.slice(1);
      if (spinner) {
        spinner.text = text;
        return;
      }
      const { default: ora } = requireLazily('ora') as typeof import('ora');
      // discardStdin would put stdin in raw mode, which makes Ctrl-C harder to deliver.
      spinner = ora({ stream, text, discardStdin: false }).start();
    },
    stop() {
      spinner?.stop();
    },
  };
}
