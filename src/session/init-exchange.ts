import { equalBytes } from '@noble/ciphers/utils.js';
import { hex } from '@scure/base';
import { AttemptError } from '../errors.js';
import type { NetworkAddress } from '../net/address.js';
import { NETWORK_PARAMS, NETWORKS } from '../network.js';
import { checkPeerFeatures, MESSAGE_TYPE, orFeatures, printable, WireError, type Message } from '../wire/index.js';
import type { PeerChannel } from './channel.js';

/** What we put in our init, and what we accept in theirs. */
export interface InitPolicy {
  readonly features: Uint8Array;
  readonly chainHash: Uint8Array;
  /** BOLT 1: set by the side that accepted the connection, so the peer learns its public address. */
  readonly remoteAddr?: NetworkAddress;
}

/** The peer's init, reduced to what the result reports. */
export interface PeerInit {
  /** `features` OR'ed with the legacy `globalfeatures`, as Core Lightning reports them. */
  readonly features: Uint8Array;
}

const ALL_CHANNELS = new Uint8Array(32);

/**
 * BOLT 1: init is the first message in each direction. Ours goes out at once, without waiting for
 * theirs, in both roles: some initiators wait for the responder's init before sending their own,
 * and two such sides would wait for each other until the deadline.
 */
export async function exchangeInit(channel: PeerChannel, policy: InitPolicy): Promise<PeerInit> {
  channel.send({
    kind: 'init',
    globalFeatures: new Uint8Array(0),
    features: policy.features,
    networks: [policy.chainHash],
    remoteAddr: policy.remoteAddr,
  });
  const init = expectInit(await channel.receive());
  const features = orFeatures(init.globalFeatures, init.features);
  try {
    checkPeerFeatures(features);
  } catch (err) {
    if (err instanceof WireError) refuse(channel, err.message, err.message);
    throw err;
  }
  // BOLT 1 only says MAY close; we do, as Core Lightning does, because a peer on another chain is
  // not the peer the user meant. A peer that sends no `networks` says nothing about its chains.
  const { networks } = init;
  if (networks && !networks.some((hash) => equalBytes(hash, policy.chainHash))) {
    // The peer is told in Core Lightning's words; the user also learns which chains it is on.
    refuse(channel, `No common network: ${chainsOf(networks)}`, 'No common network');
  }
  return { features };
}

/** Core Lightning tells the peer why before hanging up; a peer operator reading its logs deserves the same. */
function refuse(channel: PeerChannel, reason: string, told: string): never {
  channel.send({ kind: 'warning', channelId: ALL_CHANNELS, data: new TextEncoder().encode(told) });
  throw new AttemptError(reason);
}

/**
 * A warning before init ends the attempt like an error does. BOLT 1 only asks that a warning be
 * logged, but one sent instead of init is in practice followed by a hang-up (Core Lightning's on a
 * bad feature vector, for instance), and the peer's words are the best reason the user can get.
 * A notice naming a specific channel never gets here (PeerChannel drops it).
 */
function expectInit(message: Message): Extract<Message, { kind: 'init' }> {
  switch (message.kind) {
    case 'init':
      return message;
    case 'warning':
    case 'error':
      throw new AttemptError(`peer sent ${message.kind}: ${printable(message.data)}`);
    default:
      throw new AttemptError(`peer sent message type ${messageType(message)} instead of init`);
  }
}

/** `peer is on regtest`, `peer is on testnet, signet`; a chain we do not know by its hash in hex, as sent. */
function chainsOf(networks: readonly Uint8Array[]): string {
  if (networks.length === 0) return 'peer lists no chain';
  const names = networks.map((hash) => {
    const text = hex.encode(hash);
    return NETWORKS.find((network) => NETWORK_PARAMS[network].chainHash === text) ?? text;
  });
  return `peer is on ${names.join(', ')}`;
}

function messageType(message: Message): number {
  return message.kind === 'unknown' ? message.type : MESSAGE_TYPE[message.kind];
}
