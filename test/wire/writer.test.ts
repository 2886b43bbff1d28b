import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Writer } from '../../src/wire/writer.js';
import { hex } from '../helpers/fixtures.js';

describe('Writer', () => {
  it('writes big-endian integers and byte strings in order', () => {
    const bytes = new Writer()
      .u8(1)
      .u16(0x0203)
      .u32(0x04050607)
      .u64(0x08090a0b0c0d0e0fn)
      .u16Prefixed(Uint8Array.of(0xaa, 0xbb))
      .bytes(Uint8Array.of(0xcc))
      .finish();
    assert.equal(hex(bytes), '0102030405060708090a0b0c0d0e0f0002aabbcc');
  });

  it('builds with a callback', () => {
    assert.equal(hex(Writer.build((w) => w.u16(0xffff))), 'ffff');
    assert.equal(hex(Writer.build(() => {})), '');
  });

  it('refuses values that do not fit, as our own bug', () => {
    assert.throws(() => new Writer().u8(256), { name: 'RangeError', message: 'u8 out of range: 256' });
    assert.throws(() => new Writer().u16(-1), { message: 'u16 out of range: -1' });
    assert.throws(() => new Writer().u32(2 ** 32), { message: 'u32 out of range: 4294967296' });
    assert.throws(() => new Writer().u16(1.5), RangeError);
    assert.throws(() => new Writer().u64(2n ** 64n), { message: 'u64 out of range: 18446744073709551616' });
    assert.throws(() => new Writer().u16Prefixed(new Uint8Array(65536)), {
      message: '65536 bytes do not fit a u16 length',
    });
  });
});
