import type { Socket } from 'node:net';
import type { Transport } from '../noise/index.js';
import { LENGTH_HEADER_SIZE, MAC_SIZE } from '../noise/index.js';
import { decodeMessage, encodeMessage, isOdd, pongFor, type KnownMessage, type Message } from '../wire/index.js';
import type { SocketReader } from '../net/socket-reader.js';

/**
 * The encrypted message stream after the handshake: BOLT 8 framing on one side, BOLT 1 messages
 * on the other. It also does the chores BOLT 1 asks of every connection, so callers only see
 * messages they must act on: pings are answered, unknown odd types are skipped ("it's OK to be odd").
 */
export class PeerChannel {
  constructor(
    private readonly socket: Socket,
    private readonly reader: SocketReader,
    private readonly transport: Transport,
  ) {}

  send(message: KnownMessage): void {
    this.socket.write(this.transport.encrypt(encodeMessage(message)));
  }

  /** The next message worth the caller's attention. */
  async receive(): Promise<Message> {
    for (;;) {
      const length = this.transport.decryptLength(await this.reader.read(LENGTH_HEADER_SIZE));
      const message = decodeMessage(this.transport.decryptBody(await this.reader.read(length + MAC_SIZE)));
      if (message.kind === 'ping') {
        const pong = pongFor(message);
        if (pong) this.send(pong);
        continue;
      }
      if (message.kind === 'unknown' && isOdd(message.type)) continue;
      return message;
    }
  }

  close(): void {
    hangUp(this.socket);
  }
}

/**
 * Closes gracefully: what we wrote last (a warning saying why) is still delivered, where an
 * abrupt close with unread input would send a reset that can discard it. The socket no longer
 * holds the process open, so a peer that never closes its side cannot delay our exit.
 */
export function hangUp(socket: Socket): void {
  socket.end();
  socket.unref();
}
