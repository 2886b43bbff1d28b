import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeForeignReply, describeStalledReply, isBannerLine } from '../../src/session/sniff.js';

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

test('an unknown service that sent a line of text is quoted', () => {
  assert.equal(describeForeignReply(bytes('+OK POP3 server ready\r\n')), 'not a Lightning node: it sent a line of text ("+OK POP3 server ready")');
  // Not a whole printable line: the first byte is all that can be said.
  assert.equal(describeForeignReply(bytes('+OK POP3 server ready')), 'not a Lightning node: its reply starts with byte 0x2b, not handshake version 0');
  assert.equal(describeForeignReply(bytes('+OK\x01\n')), 'not a Lightning node: its reply starts with byte 0x2b, not handshake version 0');
});

test('a banner line is complete at its newline, unless it starts like Act Two', () => {
  assert.equal(isBannerLine(bytes('SSH-2.0-OpenSSH_9.2p1\r\n')), true);
  assert.equal(isBannerLine(bytes('SSH-2.0-OpenSSH_9.2p1')), false);
  assert.equal(isBannerLine(new Uint8Array([0, 0x0a, 3])), false);
  assert.equal(isBannerLine(new Uint8Array(0)), false);
});

test('the deadline names what the port sent, after Core Lightning\'s words', () => {
  assert.equal(
    describeStalledReply(new Uint8Array(0), 50),
    'Connection timed out (the port accepted the connection but sent nothing back: probably not a Lightning node)',
  );
  assert.equal(
    describeStalledReply(bytes('SSH-2.0-Open'), 50),
    'Connection timed out (not a Lightning node: it answered like an SSH server ("SSH-2.0-Open"))',
  );
  assert.equal(describeStalledReply(new Uint8Array(20), 50), 'Connection timed out (after 20 of the 50 bytes of act two)');
});
