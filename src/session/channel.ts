import type { Socket } from 'node:net';
import { AttemptError } from '../errors.js';
import type { Transport } from '../noise/index.js';
import { LENGTH_HEADER_SIZE, MAC_SIZE } from '../noise/index.js';
import { decodeMessage, encodeMessage, isOdd, pongFor, type KnownMessage, type Message, type PongMessage } from '../wire/index.js';
import type { SocketReader } from '../net/socket-reader.js';

/**
 * How many pings we hold unanswered while our previous pong has not left for the kernel. A peer
 * that reads sees each pong go out at once; one that keeps pinging without reading (the kernel's
 * buffers full of our pongs) would otherwise have us queue up to 64 KiB per ping.
 */
export const MAX_UNANSWERED_PINGS = 16;

/** How many skipped messages (pings, odd types, channel errors) are read in a row before the deadline gets a chance to fire. */
const YIELD_EVERY_MESSAGES = 32;

/**
 * The encrypted message stream after the handshake: BOLT 8 framing on one side, BOLT 1 messages
 * on the other. It also does the chores BOLT 1 asks of every connection, so callers only see
 * messages they must act on: pings are answered, unknown odd types are skipped ("it's OK to be
 * odd"), and an `error` or `warning` naming a specific channel is dropped: BOLT 1 has the receiver
 * ignore one that refers to no channel it has, and we never have channels. An all-zero channel id
 * is about the whole connection; the caller gets those.
 */
export class PeerChannel {
  /** Pongs owed to the peer, sent in order as soon as what we wrote before has been flushed. */
  private readonly owedPongs: PongMessage[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly reader: SocketReader,
    private readonly transport: Transport,
  ) {}

  send(message: KnownMessage): void {
    // Frames are encrypted in the order they are written: the nonces must match the wire order.
    this.socket.write(this.transport.encrypt(encodeMessage(message)), this.answerPings);
  }

  /** The next message worth the caller's attention. */
  async receive(): Promise<Message> {
    for (let skipped = 1; ; skipped++) {
      // Messages already buffered are read without a turn of the event loop, so a flood of odd
      // messages or pings would starve the deadline's timer: let it run now and then.
      if (skipped % YIELD_EVERY_MESSAGES === 0) await new Promise((resolve) => setImmediate(resolve));
      const length = this.transport.decryptLength(await this.reader.read(LENGTH_HEADER_SIZE));
      const message = decodeMessage(this.transport.decryptBody(await this.reader.read(length + MAC_SIZE)));
      switch (message.kind) {
        case 'ping': {
          const pong = pongFor(message);
          if (pong) this.owe(pong);
          // One turn of the event loop before the next message, so a peer that reads can take our
          // pong (its last bytes go out in the loop's poll phase) before its next ping counts as unanswered.
          if (this.owedPongs.length > 0) await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        case 'error':
        case 'warning':
          if (message.channelId.some((byte) => byte !== 0)) continue;
          return message;
        case 'unknown':
          if (isOdd(message.type)) continue;
          return message;
        default:
          return message;
      }
    }
  }

  close(): void {
    hangUp(this.socket, this.reader.signal);
  }

  private owe(pong: PongMessage): void {
    if (this.owedPongs.length >= MAX_UNANSWERED_PINGS) {
      throw new AttemptError(`peer flooded us with pings: ${MAX_UNANSWERED_PINGS + 1} unanswered while it does not read our pongs`);
    }
    this.owedPongs.push(pong);
    this.answerPings();
  }

  /** Called after every write completes too, which is when an owed pong may go. */
  private readonly answerPings = (): void => {
    while (this.owedPongs.length > 0 && this.socket.writable && this.socket.writableLength === 0) this.send(this.owedPongs.shift()!);
  };
}

/** How long a hang-up waits for what we wrote last to reach the peer before it cuts the connection. */
export const CLOSE_GRACE_MS = 250;

/**
 * Closes gracefully, then for sure. `end()` lets what we wrote last (a warning saying why) reach
 * the peer, where an abrupt close with unread input would send a reset that can discard it; but
 * unflushed writes to a peer that does not read would hold the process (and the memory) forever,
 * so the socket is destroyed after CLOSE_GRACE_MS, at the deadline if that comes first, and at
 * once when the deadline has passed. Neither the socket nor the timer holds the process open: with
 * nothing left to flush, the CLI exits at once and the kernel finishes the close.
 */
export function hangUp(socket: Socket, deadline?: AbortSignal): void {
  socket.unref();
  if (socket.destroyed) return;
  if (deadline?.aborted) {
    socket.destroy();
    return;
  }
  if (socket.writableEnded) return;
  socket.end();
  const destroy = (): void => {
    socket.destroy();
  };
  const timer = setTimeout(destroy, CLOSE_GRACE_MS).unref();
  deadline?.addEventListener('abort', destroy, { once: true });
  socket.once('close', () => {
    clearTimeout(timer);
    deadline?.removeEventListener('abort', destroy);
  });
}
