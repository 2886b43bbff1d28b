import type { Progress } from '../connect/progress.js';
import { requireLazily } from '../lazy-require.js';

/** What the spinner says at each stage. */
const WORDS: Record<Progress['stage'], string> = {
  resolving: 'Resolving',
  connecting: 'Connecting to',
  proxy: 'Asking the SOCKS5 proxy for',
  handshake: 'Handshake with',
  init: 'Exchanging init with',
  confirming: 'Confirming session with',
  listening: 'Waiting for a connection on',
};

export interface Spinner {
  update(progress: Progress): void;
  /** Clears the line; must run before the result is printed (ora hooks the output streams while spinning). */
  stop(): void;
}

const SILENT: Spinner = { update() {}, stop() {} };

/**
 * A spinner on stderr, only for a person at a terminal: under cron or in a pipe, nothing but the
 * result is written. ora is imported only then, so scripts do not pay for loading it.
 */
export function createSpinner(enabled: boolean): Spinner {
  if (!enabled) return SILENT;
  const { default: ora } = requireLazily('ora') as typeof import('ora');
  // discardStdin would put stdin in raw mode, which makes Ctrl-C harder to deliver.
  const spinner = ora({ stream: process.stderr, discardStdin: false });
  return {
    update(progress) {
      spinner.text = `${WORDS[progress.stage]} ${progress.address}`;
      if (!spinner.isSpinning) spinner.start();
    },
    stop() {
      spinner.stop();
    },
  };
}
