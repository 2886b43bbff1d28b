/**
 * connect() on several threads, for long lists: a handshake is CPU-bound (scalar multiplications,
 * hashing, the AEAD), so one thread saturates one core.
 */
import { Worker } from 'node:worker_threads';
import type { ConnectOptions } from '../connect/options.js';
import type { ConnectResult } from '../connect/result.js';
import { receivedError, type FromWorker, type ToWorker } from './worker-messages.js';

export interface WorkerPool {
  /**
   * connect(options) on the least busy thread, with the same result or the same ConnectError
   * (class, code, message, failures). A signal aborts the check on its thread; progress events
   * reach `onProgress` on this one.
   */
  check(options: ConnectOptions): Promise<ConnectResult>;
  /** Waits for the checks under way, then ends the threads; check() is refused after. */
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (result: ConnectResult) => void;
  readonly reject: (err: unknown) => void;
  readonly onProgress: ConnectOptions['onProgress'];
  readonly settled: Promise<unknown>;
}

class Thread {
  readonly pending = new Map<number, Pending>();
  readonly worker = new Worker(new URL('./worker.js', import.meta.url));

  constructor() {
    // An idle pool does not keep the process alive; a thread with checks under way does.
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => {
      const check = this.pending.get(message.id);
      if (!check) return;
      if (message.kind === 'progress') return check.onProgress?.(message.progress);
      this.settle(message.id);
      if (message.kind === 'result') check.resolve(message.result);
      else check.reject(receivedError(message.error));
    });
    // A thread that dies takes its checks with it: each fails with what killed it.
    const fail = (err: unknown): void => {
      for (const [id, check] of this.pending) {
        this.settle(id);
        check.reject(err);
      }
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`worker thread exited with status ${code}`)));
  }

  send(id: number, pending: Pending, message: ToWorker): void {
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(id, pending);
    this.worker.postMessage(message);
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

/** `size` threads, each running connect() for the checks it is given. */
export function createWorkerPool(size: number): WorkerPool {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker pool size: expected a positive integer, got ${size}`);
  const threads = Array.from({ length: size }, () => new Thread());
  let nextId = 0;
  let closed = false;

  return {
    check(options) {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      const { signal, onProgress, ...cloneable } = options;
      const thread = threads.reduce((least, t) => (t.pending.size < least.pending.size ? t : least));
      const id = nextId++;
      let resolve!: Pending['resolve'];
      let reject!: Pending['reject'];
      const result = new Promise<ConnectResult>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const settled = result.then(
        () => undefined,
        () => undefined,
      );
      const request: ToWorker = {
        kind: 'check',
        id,
        options: cloneable,
        signal: signal === undefined ? 'none' : signal.aborted ? 'aborted' : 'live',
        progress: onProgress !== undefined,
      };
      thread.send(id, { resolve, reject, onProgress, settled }, request);
      if (request.signal === 'live') {
        const abort = (): void => thread.worker.postMessage({ kind: 'abort', id } satisfies ToWorker);
        signal!.addEventListener('abort', abort, { once: true });
        void settled.then(() => signal!.removeEventListener('abort', abort));
      }
      return result;
    },
    async close() {
      closed = true;
      await Promise.all(threads.flatMap((t) => [...t.pending.values()].map((p) => p.settled)));
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
