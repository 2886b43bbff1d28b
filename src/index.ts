/**
 * ln-connect as a library: one connection to a Lightning node (BOLT 8 handshake, BOLT 1 init),
 * with Core Lightning's `connect` result or one of its errors.
 */
export { connect } from './connect/connect.js';
export type { ConnectOptions } from './connect/options.js';
export { MAX_FEATURES_BYTES, MAX_TIMEOUT_SECONDS, type SharedOptions } from './options.js';
export type { ConnectResult } from './connect/result.js';
export type { Progress, ProgressListener, ProgressStage } from './connect/progress.js';
export { DEFAULT_LISTEN_TIMEOUT_SECONDS, listen, type InboundSession, type ListenOptions, type ListeningInfo } from './listen/listen.js';
export {
  AllAddressesFailedError,
  ConnectError,
  DisconnectedError,
  EXIT_STATUS,
  InvalidParamsError,
  NoAddressError,
  NoPeerError,
  exitStatusFor,
  type AttemptFailure,
  type RejectedConnection,
  type Stage,
} from './errors.js';
export type { Address } from './net/address.js';
export { NETWORKS, type Network } from './network.js';
export { readKeyFile } from './identity.js';
export { readGraph, type Graph } from './net/graph.js';
export type { LiveSession, SessionHook } from './session/latency.js';
