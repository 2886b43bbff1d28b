import { ProtocolError } from '../failures.js';

/**
 * The peer sent bytes that break BOLT 1's rules: a truncated message, a bad TLV stream, an
 * unknown even type. BOLT 1 says to close the connection.
 */
export class WireError extends ProtocolError {
  override name = 'WireError';
}
