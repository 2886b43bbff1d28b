/**
 * One deadline for the whole run (resolve, dial, handshake, init, confirmation; for a listener,
 * the wait for a peer too): every wait takes this signal, so a stalled peer cannot stretch a run
 * past `--timeout`.
 *
 * The deadline is an instant on the performance.now() clock, counted from when the run started.
 * By default that is the library call; the CLI counts from the process start (performance.now()
 * is 0 there), so that loading the program is inside the user's `--timeout 2`, not added to it.
 */

/** The shortest deadline: a timer cannot fire sooner, so a shorter timeout is rounded up to it. */
const MIN_TIMEOUT_MS = 1;

/** The run's deadline in performance.now() milliseconds: `seconds` after `startedAt`. */
export function deadlineAt(seconds: number, startedAt: number): number {
  return startedAt + Math.max(MIN_TIMEOUT_MS, seconds * 1000);
}

/**
 * A signal that aborts at `at` (performance.now() milliseconds), or when `outer` does. A deadline
 * already past gives a signal that is aborted now, so that no socket is opened for it.
 */
export function deadlineSignal(at: number, outer?: AbortSignal): AbortSignal {
  const remaining = Math.ceil(at - performance.now());
  const timer = remaining > 0 ? AbortSignal.timeout(remaining) : AbortSignal.abort(new DOMException('The deadline has passed', 'TimeoutError'));
  return outer ? AbortSignal.any([outer, timer]) : timer;
}
