import { Writable } from 'node:stream';
import { main, type Io } from '../../src/cli/main.js';

export interface MainRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface FakeStreams {
  /** stdout is a terminal this many columns wide. */
  readonly columns?: number;
  /** stderr is a terminal, of unknown width (so no spinner draws on it). */
  readonly stderrIsTerminal?: boolean;
  /** Every write to stdout fails with this error code (EPIPE, ENOSPC). */
  readonly stdoutError?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** A stream that keeps what is written, or fails every write with the error code `fails`. */
function sink(chunks: string[], terminal: { isTTY: boolean; columns?: number }, fails?: string): NodeJS.WriteStream {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (fails === undefined) {
        chunks.push(chunk.toString('utf8'));
        done();
      } else {
        done(Object.assign(new Error(`${fails}: simulated failure, write`), { code: fails }));
      }
    },
  });
  return Object.assign(stream, terminal) as unknown as NodeJS.WriteStream;
}

/** Runs the CLI in this process, as the bin would, with streams that are not terminals unless asked. */
export async function runMain(argv: readonly string[], streams: FakeStreams = {}): Promise<MainRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = {
    stdout: sink(stdout, { isTTY: streams.columns !== undefined, columns: streams.columns }, streams.stdoutError),
    stderr: sink(stderr, { isTTY: streams.stderrIsTerminal === true, columns: 0 }),
    env: streams.env ?? {},
  };
  const code = await main(argv, io);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
