/**
 * What crosses between a worker pool (workers.ts) and its threads (worker.ts). Errors cross as
 * data: a structured clone keeps an Error's message but not its class, so a ConnectError is sent
 * as its name and constructor arguments and built again on the other side.
 */
import { AllAddressesFailedError, DisconnectedError, InvalidParamsError, NoAddressError, type AttemptFailure, type ConnectError } from '../errors.js';
import type { ConnectOptions } from '../connect/options.js';
import type { Progress } from '../connect/progress.js';
import type { ConnectResult } from '../connect/result.js';

/**
 * connect()'s options without the two that cannot be cloned, and what the caller gave for them:
 * a signal (aborted already, or to be followed by an abort request), a progress listener (for
 * progress events).
 */
export type CheckRequest = {
  readonly kind: 'check';
  readonly id: number;
  readonly options: Omit<ConnectOptions, 'signal' | 'onProgress'>;
  readonly signal: 'none' | 'live' | 'aborted';
  readonly progress: boolean;
};
export type AbortRequest = { readonly kind: 'abort'; readonly id: number };
export type ToWorker = CheckRequest | AbortRequest;

export type SentError =
  | { readonly name: 'InvalidParamsError' | 'NoAddressError'; readonly message: string }
  | { readonly name: 'AllAddressesFailedError'; readonly failures: readonly AttemptFailure[] }
  | { readonly name: 'DisconnectedError'; readonly detail: string | undefined }
  /** Anything else is a bug, sent as the Error itself: its clone keeps message and stack. */
  | { readonly name: 'bug'; readonly error: unknown };

export type FromWorker =
  | { readonly kind: 'result'; readonly id: number; readonly result: ConnectResult }
  | { readonly kind: 'error'; readonly id: number; readonly error: SentError }
  | { readonly kind: 'progress'; readonly id: number; readonly progress: Progress };

export function sendableError(err: unknown): SentError {
  if (err instanceof AllAddressesFailedError) return { name: 'AllAddressesFailedError', failures: err.failures };
  if (err instanceof DisconnectedError) return { name: 'DisconnectedError', detail: err.detail };
  if (err instanceof InvalidParamsError) return { name: 'InvalidParamsError', message: err.message };
  if (err instanceof NoAddressError) return { name: 'NoAddressError', message: err.message };
  return { name: 'bug', error: err };
}

export function receivedError(sent: SentError): ConnectError | unknown {
  switch (sent.name) {
    case 'InvalidParamsError':
      return new InvalidParamsError(sent.message);
    case 'NoAddressError':
      // Its constructor words the message from a detail it does not keep; the message is what it made.
      return Object.assign(new NoAddressError(), { message: sent.message });
    case 'AllAddressesFailedError':
      return new AllAddressesFailedError(sent.failures);
    case 'DisconnectedError':
      return new DisconnectedError(sent.detail);
    case 'bug':
      return sent.error;
  }
}
