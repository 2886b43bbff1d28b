import { AttemptError } from '../errors.js';

/**
 * The peer sent bytes that break BOLT 1's rules: a truncated message, a bad TLV stream, an
 * unknown even type. BOLT 1 says to close the connection, so this fails the attempt; the message
 * is the ERR part of the 401 record, after `Exchanging init messages: `.
 */
export class WireError extends AttemptError {
  override name = 'WireError';
}
