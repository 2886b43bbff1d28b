/**
 * Collects the bytes of a message we send. Values out of range are our own bug, not the peer's,
 * so they throw RangeError rather than WireError.
 */
export class Writer {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  /** The bytes that `write` produces. */
  static build(write: (w: Writer) => void): Uint8Array {
    const w = new Writer();
    write(w);
    return w.finish();
  }

  u8(n: number): this {
    return this.#put(1, n, (v) => v.setUint8(0, n));
  }

  u16(n: number): this {
    return this.#put(2, n, (v) => v.setUint16(0, n));
  }

  u32(n: number): this {
    return this.#put(4, n, (v) => v.setUint32(0, n));
  }

  u64(n: bigint): this {
    if (n < 0n || n > 0xffff_ffff_ffff_ffffn) throw new RangeError(`u64 out of range: ${n}`);
    const chunk = new Uint8Array(8);
    new DataView(chunk.buffer).setBigUint64(0, n);
    return this.bytes(chunk);
  }

  /** Kept by reference until `finish`, which copies. */
  bytes(b: Uint8Array): this {
    this.#chunks.push(b);
    this.#length += b.length;
    return this;
  }

  /** BOLT 1's `u16 len ‖ len × byte`. */
  u16Prefixed(b: Uint8Array): this {
    if (b.length > 0xffff) throw new RangeError(`${b.length} bytes do not fit a u16 length`);
    return this.u16(b.length).bytes(b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  #put(size: 1 | 2 | 4, n: number, set: (view: DataView) => void): this {
    if (!Number.isInteger(n) || n < 0 || n >= 2 ** (8 * size)) {
      throw new RangeError(`u${8 * size} out of range: ${n}`);
    }
    const chunk = new Uint8Array(size);
    set(new DataView(chunk.buffer));
    return this.bytes(chunk);
  }
}
