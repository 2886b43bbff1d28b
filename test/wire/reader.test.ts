import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireError } from '../../src/wire/errors.js';
import { Reader } from '../../src/wire/reader.js';
import { ProtocolError } from '../../src/failures.js';
import { hex, unhex } from '../helpers/fixtures.js';

describe('Reader', () => {
  it('reads big-endian integers and byte strings in order', () => {
    const r = new Reader(unhex('01 0203 04050607 08090a0b0c0d0e0f 0002 aabb cc'.replace(/ /g, '')), 'test');
    assert.equal(r.u8(), 1);
    assert.equal(r.u16(), 0x0203);
    assert.equal(r.u32(), 0x04050607);
    assert.equal(r.u64(), 0x08090a0b0c0d0e0fn);
    assert.equal(hex(r.u16Prefixed()), 'aabb');
    assert.equal(r.offset, 19);
    assert.equal(r.remaining, 1);
    assert.equal(hex(r.rest()), 'cc');
    r.end();
  });

  it('reads a view into a larger buffer correctly', () => {
    const buffer = unhex('ff00010203ff');
    const r = new Reader(buffer.subarray(1, 5), 'view');
    assert.equal(r.u32(), 0x00010203);
    assert.throws(() => r.u8(), { message: 'view: truncated at byte 4: 1 byte needed, 0 left' });
  });

  it('returns copies, so the source buffer can be reused', () => {
    const source = unhex('0102');
    const bytes = new Reader(source, 'copy').bytes(2);
    source.fill(0);
    assert.equal(hex(bytes), '0102');
  });

  it('counts positions from a start offset', () => {
    const r = new Reader(unhex('0010ab'), 'init', 2);
    assert.throws(() => r.u16(), { message: 'init: truncated at byte 2: 2 bytes needed, 1 left' });
  });

  it('fails with WireError, a ProtocolError naming the bytes', () => {
    const r = new Reader(unhex('0102'), 'thing');
    r.u8();
    assert.throws(() => r.end(), { name: 'WireError', message: 'thing: 1 unexpected byte at the end' });
    assert.throws(() => r.fail('bad'), (e) => e instanceof WireError && e instanceof ProtocolError);
  });

  it('reads a whole buffer or fails', () => {
    assert.equal(Reader.readAll(unhex('0102'), 'pair', (r) => r.u16()), 0x0102);
    assert.throws(() => Reader.readAll(unhex('010203'), 'pair', (r) => r.u16()), {
      message: 'pair: 1 unexpected byte at the end',
    });
  });
});
