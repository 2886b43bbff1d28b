import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  REPLY_HEAD_LENGTH,
  connectRequest,
  greeting,
  parseAuthReply,
  parseConnectReply,
  parseMethodChoice,
  passwordRequest,
  proxyHostName,
  replyText,
  Socks5Error,
  type ProxyConfig,
} from '../../src/net/socks5.js';
import { TEST_OPTIONS, assertPrintable, bytes, dialableAddress, fixedBytes, runs } from './arbitraries.js';

/**
 * The codec of src/net/socks5.ts, without sockets. Its parsers return a Problem instead of
 * throwing, so the property is that they never throw at all, and that a Problem, which quotes the
 * proxy's bytes, is printable. Each parser gets the number of bytes its driver reads (at least).
 */

const proxy = fc.oneof(
  fc.constant<ProxyConfig>({ host: '127.0.0.1', port: 9050 }),
  fc.constant<ProxyConfig>({ host: '127.0.0.1', port: 9050, username: 'u', password: 'p' }),
);

/** Replies that start with the version byte, or with text as an HTTP server answers. */
const reply = (length: number) =>
  fc.oneof(
    fixedBytes(length - 1).map((rest) => Uint8Array.from([5, ...rest])),
    fc.tuple(fc.constantFrom('HTTP/1.1 400 Bad Request\r\n', 'SSH-2.0-OpenSSH_9.6\r\n', '\x1b[2J\x1b]0;x\x07'), bytes(8)).map(([text, rest]) => Uint8Array.from([...Buffer.from(text), ...rest])),
    fc.uint8Array({ minLength: length, maxLength: length + 40 }),
  );

/** What `parse` returns, or undefined when it refused the reply with a Socks5Error in printable words: nothing else may be thrown. */
function refusedOr<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    assert.ok(err instanceof Socks5Error, String(err));
    assertPrintable(err.message);
    return undefined;
  }
}

describe('SOCKS5 codec', () => {
  it('the method choice throws nothing but a printable Socks5Error; password only when offered', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(reply(2), proxy, (r, p) => {
        const choice = refusedOr(() => parseMethodChoice(r, p));
        if (choice === 'password') assert.ok(p.username !== undefined);
      }),
      runs(),
    );
  });

  it('the authentication reply is accepted exactly when its status is 0, else a printable Socks5Error', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fixedBytes(2), (r) => assert.equal(refusedOr(() => parseAuthReply(r)) === 'accepted', r[1] === 0)),
      runs(),
    );
  });

  it('the CONNECT reply head gives the whole length or a printable Socks5Error', TEST_OPTIONS, () => {
    const head = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.constantFrom(1, 3, 4), fc.integer({ min: 0, max: 255 })).map(([code, atyp, first]) => Uint8Array.of(5, code % 3 === 0 ? 0 : code, 0, atyp, first)),
      fixedBytes(REPLY_HEAD_LENGTH),
    );
    fc.assert(
      fc.property(head, (h) => {
        const parsed = refusedOr(() => parseConnectReply(h));
        if (parsed !== undefined) {
          // BND.ADDR is 4, 16 or 1 + up to 255 bytes: the driver reads the rest of the reply with this.
          assert.ok(parsed >= REPLY_HEAD_LENGTH && parsed <= 4 + 1 + 255 + 2, String(parsed));
          assert.equal(parsed, 4 + (h[3] === 1 ? 4 : h[3] === 4 ? 16 : 1 + h[4]!) + 2);
        }
      }),
      runs(),
    );
  });

  it('every reply code has printable words', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (code) => assertPrintable(replyText(code))),
      runs(),
    );
  });

  it('requests follow RFC 1928 and RFC 1929 byte for byte', TEST_OPTIONS, () => {
    const credential = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => Buffer.byteLength(s) <= 255);
    fc.assert(
      fc.property(dialableAddress, credential, credential, (address, user, pass) => {
        const host = Buffer.from(proxyHostName(address));
        const request = connectRequest(proxyHostName(address), address.port);
        assert.deepEqual([...request], [5, 1, 0, 3, host.length, ...host, address.port >> 8, address.port & 0xff]);
        const u = Buffer.from(user);
        const p = Buffer.from(pass);
        assert.deepEqual([...passwordRequest(user, pass)], [1, u.length, ...u, p.length, ...p]);
        assert.deepEqual([...greeting({ host: '::1', port: 1, username: user, password: pass })], [5, 2, 0, 2]);
      }),
      runs(),
    );
  });
});
