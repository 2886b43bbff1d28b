import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireError } from '../../src/wire/errors.js';
import { decodeBigSize, encodeBigSize } from '../../src/wire/bigsize.js';
import { hex, readFixture, unhex } from '../helpers/fixtures.js';

interface BigSizeCase {
  name: string;
  value: string;
  bytes: string;
  exp_error?: string;
}

interface Vectors {
  bigsize_decoding: BigSizeCase[];
  bigsize_encoding: BigSizeCase[];
}
const vectors = readFixture<Vectors>('vectors/bolt1-tlv.json');

describe('BigSize (BOLT 1 Appendix A)', () => {
  for (const v of vectors.bigsize_decoding) {
    it(`decodes: ${v.name}`, () => {
      if (v.exp_error === undefined) assert.equal(decodeBigSize(unhex(v.bytes)), BigInt(v.value));
      else assert.throws(() => decodeBigSize(unhex(v.bytes)), WireError);
    });
  }

  for (const v of vectors.bigsize_encoding) {
    it(`encodes: ${v.name}`, () => assert.equal(hex(encodeBigSize(BigInt(v.value))), v.bytes));
  }

  it('says why it rejects', () => {
    assert.throws(() => decodeBigSize(unhex('fd00fc')), { message: 'BigSize: non-minimal encoding of 252 in 3 bytes' });
    assert.throws(() => decodeBigSize(unhex('ff00000000ffffffff')), {
      message: 'BigSize: non-minimal encoding of 4294967295 in 9 bytes',
    });
    assert.throws(() => decodeBigSize(unhex('fd00')), {
      message: 'BigSize: truncated at byte 1: 2 bytes needed, 1 left',
    });
    assert.throws(() => decodeBigSize(unhex('')), { message: 'BigSize: truncated at byte 0: 1 byte needed, 0 left' });
    assert.throws(() => decodeBigSize(unhex('0100')), { message: 'BigSize: 1 unexpected byte at the end' });
  });

  it('encodes numbers too, and refuses values outside 0..2^64-1', () => {
    assert.equal(hex(encodeBigSize(65536)), 'fe00010000');
    assert.throws(() => encodeBigSize(-1), RangeError);
    assert.throws(() => encodeBigSize(2 ** 53), RangeError);
    assert.throws(() => encodeBigSize(1.5), RangeError);
    assert.throws(() => encodeBigSize(2n ** 64n), RangeError);
  });
});
