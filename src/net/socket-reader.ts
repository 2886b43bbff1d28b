import type { Socket } from 'node:net';
import { AttemptError, TimeoutError } from '../errors.js';
import { LENGTH_HEADER_SIZE, MAC_SIZE, MAX_MESSAGE_SIZE } from '../noise/index.js';
import { socketError } from './socket-errors.js';

/**
 * The peer hung up before sending what we waited for. Keeps the bytes it did send: a short reply
 * is often the best clue to what is really listening on that port.
 */
export class PeerClosedError extends AttemptError {
  override name = 'PeerClosedError';
  constructor(readonly received: Uint8Array) {
    super('peer closed connection');
  }
}

/**
 * The most a reader holds unread: two of BOLT 8's largest frames, so the next frame can always be
 * completed. Past it the socket is paused and the peer's further bytes wait in the kernel, whose
 * buffers TCP flow control bounds: a peer that sends faster than we read, or keeps sending after
 * we stopped reading, cannot grow our memory.
 */
export const MAX_BUFFERED_BYTES = 2 * (LENGTH_HEADER_SIZE + MAX_MESSAGE_SIZE + MAC_SIZE);

/**
 * Exact-length reads from a socket, bounded by the run's deadline.
 *
 * TCP delivers arbitrary chunks while BOLT 8 frames have fixed sizes (50, 66, 18, len+16 bytes),
 * so bytes are buffered here and handed out only in the sizes asked for. Every read settles on
 * one of: enough bytes, the peer closing, a socket error, or the deadline.
 */
export class SocketReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private released = false;
  private failure: AttemptError | undefined;
  private wake: (() => void) | undefined;
  private readonly listeners: Record<'data' | 'end' | 'error' | 'close', (arg?: never) => void>;

  constructor(
    private readonly socket: Socket,
    /** The run's deadline, which every read obeys. */
    readonly signal: AbortSignal,
    /** Prefixed to socket errors, e.g. to say they came from the proxy. */
    context = '',
  ) {
    const onEnd = (): void => {
      this.ended = true;
      this.notify();
    };
    this.listeners = {
      data: (chunk?: Buffer) => {
        this.chunks.push(chunk!);
        this.buffered += chunk!.length;
        if (this.buffered > MAX_BUFFERED_BYTES) socket.pause();
        this.notify();
      },
      end: onEnd,
      close: onEnd,
      error: (err?: NodeJS.ErrnoException) => {
        this.failure ??= socketError(err!, context);
        this.notify();
      },
    };
    for (const [event, listener] of Object.entries(this.listeners)) socket.on(event, listener);
    // A socket paused by a previous reader (see release) flows again.
    socket.resume();
  }

  /**
   * Hands the socket on to another reader (a SOCKS5 tunnel to the Lightning session): stops
   * reading, and returns unread bytes to the socket so the next reader sees them first.
   */
  release(): void {
    this.released = true;
    this.socket.pause();
    for (const [event, listener] of Object.entries(this.listeners)) this.socket.off(event, listener);
    if (this.buffered > 0) this.socket.unshift(this.take(this.buffered));
  }

  /**
   * Resolves with exactly `size` bytes or, when `complete` is given, with fewer as soon as
   * `complete` says the bytes received so far are a whole answer of another kind (a banner line).
   */
  async read(size: number, complete?: (received: Uint8Array) => boolean): Promise<Uint8Array> {
    // Checked even when the bytes are here: a peer that keeps us busy must not outlive the deadline.
    if (this.signal.aborted) throw new TimeoutError();
    while (this.buffered < size) {
      if (this.signal.aborted) throw new TimeoutError();
      if (this.failure) throw this.failure;
      if (this.ended) throw new PeerClosedError(this.take(this.buffered));
      if (complete && this.buffered > 0 && complete(this.unread())) return this.take(this.buffered);
      await this.nextEvent();
    }
    return this.take(size);
  }

  /** A copy of the bytes received and not yet read: what a peer said before the deadline cut it short. */
  unread(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks, this.buffered));
  }

  private take(size: number): Uint8Array {
    const out = new Uint8Array(size);
    for (let filled = 0; filled < size; ) {
      const chunk = this.chunks[0]!;
      const n = Math.min(chunk.length, size - filled);
      out.set(chunk.subarray(0, n), filled);
      filled += n;
      if (n === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(n);
    }
    this.buffered -= size;
    if (!this.released && this.buffered <= MAX_BUFFERED_BYTES && this.socket.isPaused()) this.socket.resume();
    return out;
  }

  private nextEvent(): Promise<void> {
    return new Promise((resolve) => {
      const onAbort = (): void => this.notify();
      this.signal.addEventListener('abort', onAbort, { once: true });
      this.wake = () => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      };
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
