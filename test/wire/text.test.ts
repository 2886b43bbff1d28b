import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plural, printable } from '../../src/wire/text.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('printable', () => {
  it('keeps printable ASCII as it is', () => {
    assert.equal(printable(bytes('Unsupported feature 20 ~!')), 'Unsupported feature 20 ~!');
    assert.equal(printable(new Uint8Array(0)), '');
  });

  it('escapes control bytes, so a peer cannot fake a line of output', () => {
    assert.equal(printable(bytes('ok\nAll addresses failed\r\t')), 'ok\\x0aAll addresses failed\\x0d\\x09');
    assert.equal(printable(Uint8Array.of(0, 0x1f, 0x7f)), '\\x00\\x1f\\x7f');
  });

  it('escapes ESC, so a peer cannot drive the terminal', () => {
    assert.equal(printable(bytes('\x1b[2J\x1b]0;pwned\x07')), '\\x1b[2J\\x1b]0;pwned\\x07');
  });

  it('escapes bytes above 126, UTF-8 included', () => {
    assert.equal(printable(bytes('é')), '\\xc3\\xa9');
    assert.equal(printable(Uint8Array.of(0x80, 0xff)), '\\x80\\xff');
  });

  it('escapes the backslash, so escapes in the output are always ours', () => {
    assert.equal(printable(bytes('\\x1b')), '\\\\x1b');
    assert.notEqual(printable(bytes('\\x1b')), printable(Uint8Array.of(0x1b)));
  });

  it('leaves only printable ASCII in its output', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.match(printable(all), /^[\x20-\x7e]*$/);
  });
});

describe('plural', () => {
  it('counts nouns', () => {
    assert.equal(plural(0, 'byte'), '0 bytes');
    assert.equal(plural(1, 'byte'), '1 byte');
    assert.equal(plural(1n, 'byte'), '1 byte');
    assert.equal(plural(2, 'byte'), '2 bytes');
  });
});
