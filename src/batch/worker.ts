/** A worker thread of a pool (workers.ts): runs connect() for each request its pool sends. */
import { parentPort } from 'node:worker_threads';
import { connect } from '../connect/connect.js';
import type { Progress } from '../connect/progress.js';
import { sendableError, type FromWorker, type ToWorker } from './worker-messages.js';

const port = parentPort!;
/** The checks that can still be aborted, by request id. */
const abortable = new Map<number, AbortController>();
const send = (message: FromWorker): void => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.kind === 'abort') {
    abortable.get(message.id)?.abort();
    return;
  }
  const { id } = message;
  const controller = message.signal === 'none' ? undefined : new AbortController();
  if (message.signal === 'aborted') controller!.abort();
  else if (controller) abortable.set(id, controller);
  connect({
    ...message.options,
    signal: controller?.signal,
    onProgress: message.progress ? (progress: Progress) => send({ kind: 'progress', id, progress }) : undefined,
  })
    .then(
      (result) => send({ kind: 'result', id, result }),
      (err: unknown) => send({ kind: 'error', id, error: sendableError(err) }),
    )
    .finally(() => abortable.delete(id));
});
