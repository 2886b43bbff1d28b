import { ProtocolError } from '../failures.js';

/** The spec's labels for the ways a handshake fails (08-transport.md, Appendix A). */
export type HandshakeErrorCode =
  | `ACT${1 | 2 | 3}_READ_FAILED`
  | `ACT${1 | 2 | 3}_BAD_VERSION`
  | `ACT${1 | 2 | 3}_BAD_PUBKEY`
  | `ACT${1 | 2 | 3}_BAD_TAG`
  | 'ACT3_BAD_CIPHERTEXT';

/** The peer failed an act. BOLT 8: terminate the connection without another message. */
export class HandshakeError extends ProtocolError {
  override name = 'HandshakeError';
  constructor(
    readonly code: HandshakeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A transport message failed its MAC: the bytes were altered, or the peer lost track of its nonces. */
export class TransportError extends ProtocolError {
  override name = 'TransportError';
}
