import { WireError } from './errors.js';
import { plural } from './text.js';

/**
 * A cursor over bytes received from the peer. Every read checks the length first, and every
 * failure is a WireError prefixed with `what`, so a truncated field says where it was found.
 */
export class Reader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #offset: number;

  /**
   * `what` names the bytes in error messages: `init`, `BigSize`, `init TLV type 3 (remote_addr)`.
   * Starting at `offset` keeps reported positions those of the whole message.
   */
  constructor(
    bytes: Uint8Array,
    readonly what: string,
    offset = 0,
  ) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#offset = offset;
  }

  /** Reads all of `bytes` with `read`; bytes left over are an error. */
  static readAll<T>(bytes: Uint8Array, what: string, read: (r: Reader) => T): T {
    const r = new Reader(bytes, what);
    const value = read(r);
    r.end();
    return value;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  u8(): number {
    return this.#view.getUint8(this.#advance(1));
  }

  u16(): number {
    return this.#view.getUint16(this.#advance(2));
  }

  u32(): number {
    return this.#view.getUint32(this.#advance(4));
  }

  u64(): bigint {
    return this.#view.getBigUint64(this.#advance(8));
  }

  /** A copy, so that decoded values do not alias a buffer the transport may reuse. */
  bytes(n: number): Uint8Array {
    const start = this.#advance(n);
    return this.#bytes.slice(start, start + n);
  }

  /** BOLT 1's `u16 len ‖ len × byte`, the layout of features, error data and ping/pong padding. */
  u16Prefixed(): Uint8Array {
    return this.bytes(this.u16());
  }

  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }

  /** Asserts that every byte was read. */
  end(): void {
    if (this.remaining > 0) this.fail(`${plural(this.remaining, 'unexpected byte')} at the end`);
  }

  fail(detail: string): never {
    throw this.error(detail);
  }

  /** The WireError `fail` throws, for a caller that throws it itself. */
  error(detail: string): WireError {
    return new WireError(`${this.what}: ${detail}`);
  }

  /** Checks that `n` bytes are left, moves past them and returns where they start. */
  #advance(n: number): number {
    const start = this.#offset;
    if (n > this.remaining) {
      this.fail(`truncated at byte ${start}: ${plural(n, 'byte')} needed, ${this.remaining} left`);
    }
    this.#offset += n;
    return start;
  }
}
