import { Point } from '@noble/secp256k1';

/** A node id: the 33-byte compressed public key of the node's static key. */
export interface NodeId {
  /** Lowercase hex, as Core Lightning prints ids. */
  readonly hex: string;
  readonly bytes: Uint8Array;
}

/**
 * 66 hex digits (either case) that decode to a point on secp256k1, as Core Lightning's
 * node_id_from_hexstr and pubkey_from_node_id accept them; else undefined. The caller words the
 * error, because Core Lightning's message quotes the whole parameter, `@host` part included.
 */
export function parseNodeId(text: string): NodeId | undefined {
  if (!/^[0-9a-f]{66}$/i.test(text)) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, 'hex'));
  try {
    // Rejects a prefix other than 02/03 and an x with no point on the curve.
    Point.fromBytes(bytes);
  } catch {
    return undefined;
  }
  return { hex: text.toLowerCase(), bytes };
}
