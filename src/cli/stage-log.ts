import type { Progress } from '../connect/progress.js';

/** What a run is doing at each stage, as the spinner and --verbose say it. */
const WORDS: Readonly<Record<Progress['stage'], string>> = {
  resolving: 'resolving',
  connecting: 'connecting to',
  proxy: 'asking the SOCKS5 proxy for',
  handshake: 'handshake with',
  init: 'exchanging init with',
  confirming: 'confirming session with',
  listening: 'waiting for a connection on',
  rejected: 'closed a connection from',
};

/** `connecting to 127.0.0.1:9735`; details such as a rejected connection's reason follow in parentheses. */
export function describeProgress(progress: Progress): string {
  const { stage, address, ...rest } = progress;
  const details = Object.entries(rest).filter(([, value]) => value !== undefined);
  const suffix = details.length === 0 ? '' : ` (${details.map(([key, value]) => `${key}: ${String(value)}`).join(', ')})`;
  return `${WORDS[stage]} ${address}${suffix}`;
}

/**
 * `--verbose`: one line per event on stderr, `+12ms connecting to 127.0.0.1:9735`, the time in
 * milliseconds since the process started (the clock the deadline counts from), so a slow stage
 * shows without a terminal, in a cron mail or the journal. `prefix` goes between the time and the
 * event: a run over several targets names the target there.
 */
export class StageLog {
  constructor(
    private readonly write: (line: string) => void,
    private readonly prefix = '',
    private readonly now: () => number = () => performance.now(),
  ) {}

  event(text: string): void {
    this.write(`+${Math.round(this.now())}ms ${this.prefix}${text}\n`);
  }

  progress(progress: Progress): void {
    this.event(describeProgress(progress));
  }
}
