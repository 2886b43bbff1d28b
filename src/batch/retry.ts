import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The wait before retry `n` (1 for the first), in milliseconds: `base` doubled at each retry, less
 * a random part of up to half of it, so that targets that failed together (a network blip, a
 * restarting proxy) do not all try again at the same moment.
 */
export function retryDelayMs(baseSeconds: number, n: number, random: () => number = Math.random): number {
  const full = baseSeconds * 1000 * 2 ** (n - 1);
  return full * (1 - random() / 2);
}

/** Waits `ms`; false when the signal aborted the wait (the run is stopping). */
export async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch (err) {
    if (signal?.aborted) return false;
    throw err;
  }
}
