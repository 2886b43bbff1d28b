import type { ProgressListener } from './connect/progress.js';
import { InvalidParamsError } from './errors.js';
import { identityKeyOrRandom } from './identity.js';
import { isNetwork, type Network } from './network.js';
import { MAX_MESSAGE_SIZE } from './noise/index.js';
import { DEFAULT_FEATURES, encodeMessage } from './wire/index.js';

/**
 * The options connect() and listen() share, declared and checked once here so that the two
 * cannot drift apart. Both check them before any I/O: a wrong value is -32602, never a socket
 * opened and then an internal error.
 */
export interface SharedOptions {
  /** Picks the chain hash our init announces (and connect's default port). Default `mainnet`. */
  readonly network?: Network;
  /**
   * Seconds for the whole run, counted from `startedAt`: more than 0 and at most
   * MAX_TIMEOUT_SECONDS; less than a millisecond counts as one. Each of connect() and listen()
   * documents its default.
   */
  readonly timeout?: number;
  /**
   * When the run started, on the performance.now() clock (milliseconds); `timeout` counts from
   * here. Default: the call. The CLI passes 0, the process start, so that its start-up is inside
   * `--timeout`; it must not be later than the call.
   */
  readonly startedAt?: number;
  /** Our node's 32-byte secret (1 to the secp256k1 order minus 1); a fresh random key when absent. */
  readonly identityKey?: Uint8Array;
  /** The feature bits our init advertises; DEFAULT_FEATURES when absent. At most MAX_FEATURES_BYTES. */
  readonly features?: Uint8Array;
  /** Aborting it ends the run as the deadline would. */
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}

/** Which side of the connection we are: an init from the accepting side may carry one more record. */
export type Role = 'connect' | 'listen';

/**
 * The longest timeout, about 24.8 days: Node's timers hold at most 2^31-1 ms, and a longer one
 * fires after 1 ms instead (a false "Connection timed out" against a healthy peer).
 */
export const MAX_TIMEOUT_SECONDS = 2_147_483;

/**
 * The longest feature vector that fits in our init: BOLT 8 carries at most 65535 bytes per
 * message, and the init around the features takes the type, the two length prefixes, the
 * `networks` record and, when we accepted the connection, the largest `remote_addr` (an IPv6
 * descriptor). Measured on the encoder itself so that it follows the encoding: 65495 and 65474.
 */
export const MAX_FEATURES_BYTES: Readonly<Record<Role, number>> = {
  connect: MAX_MESSAGE_SIZE - initSizeWithoutFeatures(false),
  listen: MAX_MESSAGE_SIZE - initSizeWithoutFeatures(true),
};

function initSizeWithoutFeatures(withRemoteAddr: boolean): number {
  const empty = new Uint8Array(0);
  return encodeMessage({
    kind: 'init',
    globalFeatures: empty,
    features: empty,
    networks: [new Uint8Array(32)],
    remoteAddr: withRemoteAddr ? { type: 'ipv6', address: '::', port: 0 } : undefined,
  }).length;
}

/** The shared options checked, with their defaults filled in. */
export interface RunSettings {
  readonly network: Network;
  readonly identityKey: Uint8Array;
  readonly features: Uint8Array;
  /** Checked; undefined leaves the default to the caller (connect's depends on the target). */
  readonly timeout: number | undefined;
  /** When the run started, on the performance.now() clock: the call unless the options say earlier. */
  readonly startedAt: number;
}

/** Checks the shared options for `role` and fills in the defaults. Throws InvalidParamsError, and does no I/O. */
export function checkSharedOptions(options: SharedOptions, role: Role): RunSettings {
  // Read first: the run's clock starts at the call, not after the checks.
  const now = performance.now();
  const network = options.network ?? 'mainnet';
  if (!isNetwork(network)) throw new InvalidParamsError(`Unknown network name '${String(network)}'`);
  const timeout = options.timeout === undefined ? undefined : checkTimeout(options.timeout);
  const startedAt = options.startedAt ?? now;
  if (!Number.isFinite(startedAt) || startedAt > now) {
    throw new InvalidParamsError(`startedAt: should be a performance.now() time no later than now, got ${String(startedAt)}`);
  }
  const features = options.features ?? DEFAULT_FEATURES;
  if (!(features instanceof Uint8Array)) throw new InvalidParamsError('features: should be a Uint8Array of feature bits');
  if (features.length > MAX_FEATURES_BYTES[role]) {
    throw new InvalidParamsError(`features: ${features.length} bytes do not fit in an init message (at most ${MAX_FEATURES_BYTES[role]} bytes)`);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new InvalidParamsError('signal: should be an AbortSignal');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new InvalidParamsError('onProgress: should be a function');
  return { network, identityKey: identityKeyOrRandom(options.identityKey), features, timeout, startedAt };
}

/**
 * A timeout in seconds that the run can honour, or InvalidParamsError: a positive number up to
 * MAX_TIMEOUT_SECONDS. Exported for the CLI to check `--timeout` once parsed, with the text the
 * user typed as `shown`, so that the refusal quotes the user's words.
 */
export function checkTimeout(seconds: number, shown: string = String(seconds)): number {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidParamsError(`timeout: should be a positive number of seconds, got ${shown}`);
  }
  if (seconds > MAX_TIMEOUT_SECONDS) {
    throw new InvalidParamsError(`timeout: should be at most ${MAX_TIMEOUT_SECONDS} seconds (about 24.8 days), got ${shown}`);
  }
  return seconds;
}
