import * as secp from '@noble/secp256k1';

/** A node id: the 33-byte compressed public key of the node's static key. */
export interface NodeId {
  /** Lowercase hex, as Core Lightning prints ids. */
  readonly hex: string;
  readonly bytes: Uint8Array;
}

/** 66 hex digits (either case) that decode to a point on secp256k1, else undefined. */
export function parseNodeId(text: string): NodeId | undefined {
  if (!/^[0-9a-fA-F]{66}$/.test(text)) return undefined;
  const hex = text.toLowerCase();
  try {
    secp.Point.fromHex(hex);
  } catch {
    return undefined;
  }
  return { hex, bytes: new Uint8Array(Buffer.from(hex, 'hex')) };
}
