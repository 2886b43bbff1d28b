import { hex } from '@scure/base';
import { InputError } from './failures.js';
import { isPublicKey } from './noise/crypto.js';
import { quote } from './quote.js';

/** A node id: the 33-byte compressed public key of the node's static key. */
export interface NodeId {
  /** Lowercase hex, as Core Lightning prints ids. */
  readonly hex: string;
  readonly bytes: Uint8Array;
}

/** What a node id looks like, for messages that must say it. */
export const NODE_ID_FORM = '66 hex digits (33 bytes) starting 02 or 03';

/** Text that is not a node id; the message says what is wrong with it, in a few words. */
export class InvalidNodeIdError extends InputError {
  override name = 'InvalidNodeIdError';
}

/**
 * 66 hex digits (either case) that decode to a point on secp256k1, as Core Lightning's
 * node_id_from_hexstr and pubkey_from_node_id accept them. Throws InvalidNodeIdError naming the
 * first problem; the caller words the whole message, because Core Lightning's quotes the whole
 * parameter, `@host` part included.
 */
export function parseNodeId(text: string): NodeId {
  if (text === '') throw new InvalidNodeIdError('the id is empty');
  if (/^0x/i.test(text)) throw new InvalidNodeIdError('drop the 0x prefix');
  // Code points, so that a position counts what a person sees in a non-ASCII typo.
  const chars = [...text];
  const bad = chars.findIndex((c) => !/^[0-9a-f]$/i.test(c));
  if (bad >= 0) throw new InvalidNodeIdError(`${quote(chars[bad]!)} at position ${bad + 1} is not a hex digit`);
  if (text.length === 130 && text.startsWith('04')) throw new InvalidNodeIdError('this is an uncompressed key (130 digits): give its 33-byte compressed form');
  if (text.length !== 66) throw new InvalidNodeIdError(`this one has ${text.length} digits`);
  const prefix = text.slice(0, 2);
  if (prefix !== '02' && prefix !== '03') {
    throw new InvalidNodeIdError(`this one starts with ${prefix}`);
  }
  const bytes = hex.decode(text);
  if (!isPublicKey(bytes)) throw new InvalidNodeIdError('this one is not a point on the secp256k1 curve');
  return { hex: text.toLowerCase(), bytes };
}
