import { encodeBigSize, readBigSize } from './bigsize.js';
import { isOdd } from './parity.js';
import { Reader } from './reader.js';
import { plural } from './text.js';
import { Writer } from './writer.js';

/**
 * One known record type of a TLV namespace. `read` gets a Reader over exactly the record's value
 * and must consume all of it: a value that is too short fails inside `read`, one that is too
 * long fails when the stream checks that nothing is left.
 */
export interface TlvRecord<T> {
  readonly type: bigint;
  read(r: Reader): T;
  write(w: Writer, value: T): void;
}

/** A TLV namespace: record names (the spec's, so error messages quote them) to record types. */
export type TlvSchema = Readonly<Record<string, TlvRecord<unknown>>>;

/** The decoded stream: one optional member per record type of the namespace. */
export type TlvValues<S extends TlvSchema> = {
  -readonly [K in keyof S]?: S[K] extends TlvRecord<infer T> ? T : never;
};

/**
 * Decodes a TLV stream under BOLT 1's reader rules. Unknown odd records are skipped; everything
 * else that is wrong throws WireError, naming `what` (the message the stream belongs to).
 */
export function decodeTlvStream<S extends TlvSchema>(schema: S, bytes: Uint8Array, what: string): TlvValues<S> {
  const known = new Map(Object.entries(schema).map(([name, record]) => [record.type, { name, record }]));
  const values: Record<string, unknown> = {};
  const r = new Reader(bytes, `${what} TLV stream`);
  let previous: bigint | undefined;
  while (r.remaining > 0) {
    const type = readBigSize(r);
    // Increasing types make the encoding canonical and rule out duplicates, ignored ones included.
    if (previous !== undefined && type <= previous) {
      r.fail(type === previous ? `duplicate type ${type}` : `type ${type} after type ${previous}`);
    }
    previous = type;
    const length = readBigSize(r);
    if (length > BigInt(r.remaining)) {
      r.fail(`type ${type} has length ${length}, past the end (${plural(r.remaining, 'byte')} left)`);
    }
    const value = r.bytes(Number(length));
    const entry = known.get(type);
    if (entry) {
      values[entry.name] = Reader.readAll(value, `${what} TLV type ${type} (${entry.name})`, entry.record.read);
    } else if (!isOdd(type)) {
      r.fail(`unknown even type ${type}`);
    }
  }
  return values as TlvValues<S>;
}

/** Encodes the records present in `values`, in increasing type order, with minimal BigSizes. */
export function encodeTlvStream<S extends TlvSchema>(schema: S, values: TlvValues<S>): Uint8Array {
  const records = Object.entries(schema).sort(([, a], [, b]) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const w = new Writer();
  for (const [name, record] of records) {
    const value = values[name];
    if (value === undefined) continue;
    const bytes = Writer.build((v) => record.write(v, value));
    w.bytes(encodeBigSize(record.type)).bytes(encodeBigSize(bytes.length)).bytes(bytes);
  }
  return w.finish();
}
