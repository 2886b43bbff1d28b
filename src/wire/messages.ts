import { decodeAddressDescriptor, writeAddressDescriptor, type NetworkAddress } from './address-descriptor.js';
import { WireError } from './errors.js';
import { Reader } from './reader.js';
import { decodeTlvStream, encodeTlvStream, type TlvRecord } from './tlv.js';
import { Writer } from './writer.js';

/**
 * The BOLT 1 messages a connection needs: `init`, `error`, `warning`, `ping`, `pong`. A message
 * is a u16 type, the fields, then optionally a TLV stream that extends it.
 */

export const MESSAGE_TYPE = { warning: 1, init: 16, error: 17, ping: 18, pong: 19 } as const;

export interface InitMessage {
  readonly kind: 'init';
  /** Legacy bits, ORed with `features` by the receiver. */
  readonly globalFeatures: Uint8Array;
  readonly features: Uint8Array;
  /** TLV 1: the chains the sender uses, 32-byte chain hashes in wire order. Absent: it did not say. */
  readonly networks?: readonly Uint8Array[];
  /** TLV 3: the address the accepting side saw the connection come from. */
  readonly remoteAddr?: NetworkAddress;
}

/** `error` and `warning` share a layout. An all-zero channel id means every channel, or none. */
export interface Notice<Kind extends 'error' | 'warning'> {
  readonly kind: Kind;
  readonly channelId: Uint8Array;
  /** Peer-chosen bytes: show them through `printable`. */
  readonly data: Uint8Array;
}
export type ErrorMessage = Notice<'error'>;
export type WarningMessage = Notice<'warning'>;

export interface PingMessage {
  readonly kind: 'ping';
  readonly numPongBytes: number;
  /** Padding (zeros when we send it). */
  readonly ignored: Uint8Array;
}

export interface PongMessage {
  readonly kind: 'pong';
  readonly ignored: Uint8Array;
}

/** The messages this module can encode. */
export type KnownMessage = InitMessage | ErrorMessage | WarningMessage | PingMessage | PongMessage;

/**
 * A type this module does not know. BOLT 1 has the receiver ignore it if the type is odd and
 * close the connection if it is even: test it with `isOdd`.
 */
export interface UnknownMessage {
  readonly kind: 'unknown';
  readonly type: number;
}

/** What `decodeMessage` returns. */
export type Message = KnownMessage | UnknownMessage;

const CHAIN_HASH_BYTES = 32;
const CHANNEL_ID_BYTES = 32;

const networksTlv: TlvRecord<readonly Uint8Array[]> = {
  type: 1n,
  read(r) {
    if (r.remaining % CHAIN_HASH_BYTES !== 0) {
      r.fail(`${r.remaining} bytes are not a whole number of ${CHAIN_HASH_BYTES}-byte chain hashes`);
    }
    const hashes: Uint8Array[] = [];
    while (r.remaining > 0) hashes.push(r.bytes(CHAIN_HASH_BYTES));
    return hashes;
  },
  write(w, hashes) {
    for (const hash of hashes) {
      if (hash.length !== CHAIN_HASH_BYTES) {
        throw new RangeError(`a chain hash is ${CHAIN_HASH_BYTES} bytes, not ${hash.length}`);
      }
      w.bytes(hash);
    }
  },
};

/**
 * An address we cannot parse (a descriptor type newer than ours, a bad onion checksum) is dropped
 * rather than failing the connection, as Core Lightning does: the record is advisory, and ours to
 * use or not (ln-connect never uses it). The TLV stream around it is still checked.
 */
const remoteAddrTlv: TlvRecord<NetworkAddress | undefined> = {
  type: 3n,
  read(r) {
    try {
      return decodeAddressDescriptor(r.rest());
    } catch (err) {
      if (err instanceof WireError) return undefined;
      throw err;
    }
  },
  write(w, address) {
    if (address) writeAddressDescriptor(w, address);
  },
};

/** `init_tlvs`, under the spec's record names. */
const INIT_TLVS = { networks: networksTlv, remote_addr: remoteAddrTlv };

const KIND_OF_TYPE = new Map(
  Object.entries(MESSAGE_TYPE).map(([kind, type]) => [type as number, kind as KnownMessage['kind']]),
);

/** Decodes one message; a known message that breaks BOLT 1 throws WireError. */
export function decodeMessage(bytes: Uint8Array): Message {
  const type = new Reader(bytes, 'message').u16();
  const kind = KIND_OF_TYPE.get(type);
  if (kind === undefined) return { kind: 'unknown', type };
  const r = new Reader(bytes, kind, 2);
  switch (kind) {
    case 'init': {
      const globalFeatures = r.u16Prefixed();
      const features = r.u16Prefixed();
      const tlvs = decodeTlvStream(INIT_TLVS, r.rest(), kind);
      return {
        kind,
        globalFeatures,
        features,
        // Absent, not undefined, when not sent: a decoded init deep-equals the message encoded.
        ...(tlvs.networks && { networks: tlvs.networks }),
        ...(tlvs.remote_addr && { remoteAddr: tlvs.remote_addr }),
      };
    }
    case 'error':
    case 'warning': {
      const channelId = r.bytes(CHANNEL_ID_BYTES);
      const data = r.u16Prefixed();
      checkExtension(r);
      return { kind, channelId, data };
    }
    case 'ping': {
      const numPongBytes = r.u16();
      const ignored = r.u16Prefixed();
      checkExtension(r);
      return { kind, numPongBytes, ignored };
    }
    case 'pong': {
      const ignored = r.u16Prefixed();
      checkExtension(r);
      return { kind, ignored };
    }
  }
}

/**
 * Bytes after the fields of a known message are an extension TLV stream (BOLT 1), which must be
 * well formed even when, as here, none of its records are known.
 */
function checkExtension(r: Reader): void {
  decodeTlvStream({}, r.rest(), r.what);
}

export function encodeMessage(m: KnownMessage): Uint8Array {
  const w = new Writer().u16(MESSAGE_TYPE[m.kind]);
  switch (m.kind) {
    case 'init':
      w.u16Prefixed(m.globalFeatures).u16Prefixed(m.features);
      w.bytes(encodeTlvStream(INIT_TLVS, { networks: m.networks, remote_addr: m.remoteAddr }));
      break;
    case 'error':
    case 'warning':
      if (m.channelId.length !== CHANNEL_ID_BYTES) {
        throw new RangeError(`a channel id is ${CHANNEL_ID_BYTES} bytes, not ${m.channelId.length}`);
      }
      w.bytes(m.channelId).u16Prefixed(m.data);
      break;
    case 'ping':
      w.u16(m.numPongBytes).u16Prefixed(m.ignored);
      break;
    case 'pong':
      w.u16Prefixed(m.ignored);
      break;
  }
  return w.finish();
}

/** The largest pong payload: 65535 bytes minus the type and the length field. */
export const MAX_PONG_BYTES = 65531;

/**
 * The pong a ping is owed, or undefined: BOLT 1 makes a receiver answer with exactly
 * `num_pong_bytes` bytes when that fits in a message, and lets a sender ask for no answer with
 * a larger number.
 */
export function pongFor(ping: PingMessage): PongMessage | undefined {
  return ping.numPongBytes <= MAX_PONG_BYTES ? { kind: 'pong', ignored: new Uint8Array(ping.numPongBytes) } : undefined;
}
