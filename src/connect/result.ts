import type { Address } from '../net/address.js';

/** Core Lightning's `connect` result, keys in its order. */
export interface ConnectResult {
  /** The peer's node id, lowercase hex. */
  readonly id: string;
  /** The peer's init `features` OR'ed with its `globalfeatures`, lowercase hex, not trimmed. */
  readonly features: string;
  /** `out` when we dialled, `in` when the peer dialled our listener. */
  readonly direction: 'in' | 'out';
  /** The address that worked (a resolved IP for a host name). */
  readonly address: Address;
}
