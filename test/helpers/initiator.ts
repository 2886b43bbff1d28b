import { hex } from '@scure/base';
import { Initiator } from '../../src/noise/index.js';
import { SocketReader } from '../../src/net/socket-reader.js';
import { PeerChannel } from '../../src/session/channel.js';
import { openConnection } from './listener.js';

export const REGTEST_CHAIN = hex.decode('06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f');

/**
 * An initiator that completes BOLT 8 with the listener at `port` (node id `id`) and hands back the
 * channel, for tests that script what a peer does after the handshake. Bounded by `seconds`.
 */
export async function handshakeWith(port: number, id: string, localKey: Uint8Array, seconds = 20): Promise<PeerChannel> {
  const socket = await openConnection(port);
  const reader = new SocketReader(socket, AbortSignal.timeout(seconds * 1000));
  const initiator = new Initiator({ localStaticKey: localKey, remoteStaticKey: hex.decode(id) });
  socket.write(initiator.actOne());
  initiator.actTwo(await reader.read(50));
  socket.write(initiator.actThree());
  return new PeerChannel(socket, reader, initiator.transport);
}
