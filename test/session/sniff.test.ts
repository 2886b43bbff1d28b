import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeForeignReply } from '../../src/session/sniff.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('names the services that answer on wrong ports', () => {
  assert.equal(
    describeForeignReply(bytes('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')),
    'not a Lightning node: it answered like an HTTP server ("HTTP/1.1 400 Bad Request")',
  );
  assert.equal(
    describeForeignReply(bytes('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n')),
    'not a Lightning node: it answered like an SSH server ("SSH-2.0-OpenSSH_9.2p1 Debian-2")',
  );
  assert.equal(describeForeignReply(new Uint8Array([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46])), 'not a Lightning node: it answered like a TLS server');
  assert.equal(describeForeignReply(bytes('220 mail.example.com ESMTP\r\n')), 'not a Lightning node: it answered like an SMTP or FTP server ("220 mail.example.com ESMTP")');
});

test('a first line is cut short and escaped', () => {
  assert.equal(
    describeForeignReply(bytes('HTTP/1.1 200 OK \x1b[2J and a very long status line that goes on')),
    'not a Lightning node: it answered like an HTTP server ("HTTP/1.1 200 OK \\x1b[2J and a very long sta")',
  );
});

test('an unknown first byte is reported as not handshake version 0; version 0 or nothing says nothing', () => {
  assert.equal(describeForeignReply(new Uint8Array([0x7f, 1, 2])), 'not a Lightning node: its reply starts with byte 0x7f, not handshake version 0');
  assert.equal(describeForeignReply(new Uint8Array([0, 2, 3])), undefined);
  assert.equal(describeForeignReply(new Uint8Array(0)), undefined);
});
