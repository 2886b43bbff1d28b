/** How a list is worked through. */
export interface RunLimits {
  /** At most this many items are being worked on at once (`--jobs`). */
  readonly jobs: number;
  /**
   * At most this many items are started and not yet emitted: results wait for the ones before
   * them, so one slow item holds up to this many behind it in memory, and no more are read.
   */
  readonly window: number;
  /**
   * Once aborted, no further item is read or started; the run ends when those started are done,
   * without emitting them, and without waiting for an item being read.
   */
  readonly signal?: AbortSignal;
}

/**
 * Works through `items` with `work`, `limits.jobs` at a time, and hands each result to `emit` in
 * the items' order as soon as it and every one before it are done. Items are read only when
 * there is room for them, so a list of any length runs in bounded memory; `emit` may return a
 * promise (a full output pipe), and reading waits for it.
 *
 * `work` is expected to turn failures into results: a rejection is a bug, and rejects the run
 * (items already started still finish, unemitted).
 */
export function runInOrder<I, R>(
  items: AsyncIterable<I>,
  work: (item: I) => Promise<R>,
  emit: (result: R) => void | Promise<void>,
  limits: RunLimits,
): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  const finished = new Map<number, R>();
  let started = 0;
  let emitted = 0;
  let active = 0;
  let reading = false;
  let emitting = false;
  let inputDone = false;
  let failure: { error: unknown } | undefined;

  return new Promise<void>((resolve, reject) => {
    const stopped = (): boolean => failure !== undefined || limits.signal?.aborted === true;

    const fail = (error: unknown): void => {
      failure ??= { error };
      settleIfDone();
    };

    const settleIfDone = (): void => {
      if (active > 0 || emitting) return;
      // Stopping does not wait for a line the input may never send (standard input left open).
      const ending = failure !== undefined || stopped();
      if (!ending && (reading || !inputDone || finished.size > 0)) return;
      // The rest of the input is not wanted: let its source close (a file, standard input).
      if (!inputDone) void iterator.return?.().catch(() => {});
      if (failure) reject(failure.error);
      else resolve();
    };

    const readMore = (): void => {
      if (reading || inputDone || stopped() || active >= limits.jobs || started - emitted >= limits.window) return settleIfDone();
      reading = true;
      iterator.next().then(({ done, value }) => {
        reading = false;
        if (done) inputDone = true;
        else if (!stopped()) start(value, started++);
        readMore();
      }, (error: unknown) => {
        reading = false;
        fail(error);
      });
    };

    const start = (item: I, index: number): void => {
      active++;
      work(item).then((result) => {
        active--;
        finished.set(index, result);
        void emitReady();
      }, (error: unknown) => {
        active--;
        fail(error);
      });
    };

    const emitReady = async (): Promise<void> => {
      if (emitting) return;
      emitting = true;
      try {
        while (!stopped() && finished.has(emitted)) {
          const result = finished.get(emitted)!;
          finished.delete(emitted);
          emitted++;
          await emit(result);
        }
      } catch (error) {
        failure ??= { error };
      } finally {
        emitting = false;
      }
      readMore();
    };

    limits.signal?.addEventListener('abort', () => settleIfDone(), { once: true });
    readMore();
  });
}
