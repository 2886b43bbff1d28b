/**
 * One deadline for the whole run (resolve, dial, handshake, init, confirmation): every wait takes
 * this signal, so a stalled peer cannot stretch a run past `--timeout`.
 */
export function deadline(seconds: number, outer?: AbortSignal): AbortSignal {
  const timer = AbortSignal.timeout(seconds * 1000);
  return outer ? AbortSignal.any([outer, timer]) : timer;
}
