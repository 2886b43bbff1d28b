import type { Socket } from 'node:net';
import { AttemptError, TimeoutError } from '../errors.js';
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
  private failure: AttemptError | undefined;
  private wake: (() => void) | undefined;
  private readonly listeners: Record<'data' | 'end' | 'error' | 'close', (arg?: never) => void>;

  constructor(
    private readonly socket: Socket,
    private readonly signal: AbortSignal,
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
    this.socket.pause();
    for (const [event, listener] of Object.entries(this.listeners)) this.socket.off(event, listener);
    if (this.buffered > 0) this.socket.unshift(this.take(this.buffered));
  }

  /** Resolves with exactly `size` bytes. */
  async read(size: number): Promise<Uint8Array> {
    while (this.buffered < size) {
      if (this.signal.aborted) throw new TimeoutError();
      if (this.failure) throw this.failure;
      if (this.ended) throw new PeerClosedError(this.take(this.buffered));
      await this.nextEvent();
    }
    return this.take(size);
  }

  private take(size: number): Uint8Array {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const out = new Uint8Array(all.subarray(0, size));
    const rest = all.subarray(size);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
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
