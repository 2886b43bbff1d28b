import { EXIT_OUTPUT } from '../errors.js';

/** Streams that already have our 'error' listener: one per stream, however many runs share it. */
const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * Everything the CLI writes, with what became of it. A write error must never look like a peer's
 * status: an unhandled 'error' event would crash with a stack trace and exit 1, which the error
 * table says means 401. A reader that went away (`| head`, `| true`: EPIPE) is the reader's
 * choice, and the run ends with the connection's status; any other failure of stdout (a full
 * disk: ENOSPC) is one line on stderr and EXIT_OUTPUT. stderr failing has nowhere to be told.
 */
export class Output {
  /** Writes not yet taken by stdout; a list writes a line per target, so each leaves once done. */
  private readonly pending = new Set<Promise<void>>();
  private failure: NodeJS.ErrnoException | undefined;

  constructor(
    private readonly stdoutStream: NodeJS.WritableStream,
    private readonly stderrStream: NodeJS.WritableStream,
  ) {
    for (const stream of [stdoutStream, stderrStream]) {
      if (guarded.has(stream)) continue;
      // The write callbacks below see every error; this only keeps the event from throwing.
      stream.on('error', () => {});
      guarded.add(stream);
    }
  }

  /** Resolves once stdout took the text (or failed): a run over a list waits, so a slow reader holds it back. */
  stdout(text: string): Promise<void> {
    const written: Promise<void> = new Promise<void>((resolve) =>
      this.stdoutStream.write(text, (err) => {
        this.failure ??= err ?? undefined;
        resolve();
      }),
    ).then(() => void this.pending.delete(written));
    this.pending.add(written);
    return written;
  }

  /** Whether a write to stdout failed (the reader went away, the disk is full): nothing more should be written. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  stderr(text: string): void {
    this.stderrStream.write(text, () => {});
  }

  /** Waits for stdout to take every write, then gives the exit status: `status`, unless stdout failed. */
  async settle(status: number): Promise<number> {
    await Promise.all(this.pending);
    if (this.failure === undefined || this.failure.code === 'EPIPE') return status;
    this.stderr(`ln-connect: cannot write the output: ${this.failure.message}\n`);
    return EXIT_OUTPUT;
  }
}
