import { hexByte } from '../quote.js';
import { quoteFirstLine } from '../wire/index.js';

/**
 * Names the service behind a port from the first bytes it sent instead of Act Two.
 *
 * A Lightning responder answers Act One with a 50-byte Act Two starting with version 0. Anything
 * else is usually a wrong port: a web server answering our bytes with `HTTP/1.1 400`, a TLS server
 * with an alert record, an SSH server with its banner. Saying so saves the user a packet capture
 * (lnd #1173 shows the same confusion from the other side: "invalid handshake version: 22").
 */
const SIGNATURES: ReadonlyArray<{ service: string; text: boolean; matches: (b: Uint8Array) => boolean }> = [
  { service: 'an HTTP server', text: true, matches: (b) => startsWithText(b, 'HTTP/') || startsWithText(b, '<') },
  { service: 'an SSH server', text: true, matches: (b) => startsWithText(b, 'SSH-') },
  { service: 'an SMTP or FTP server', text: true, matches: (b) => startsWithText(b, '220') },
  // TLS records: handshake (22) or alert (21), then protocol version 3.x.
  { service: 'a TLS server', text: false, matches: (b) => (b[0] === 0x15 || b[0] === 0x16) && b[1] === 0x03 },
];

const NEWLINE = 0x0a;

/** A reason for the 401 record, or undefined when the bytes say nothing recognisable. */
export function describeForeignReply(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const known = SIGNATURES.find((s) => s.matches(bytes));
  if (known) return notLightning(known.service, known.text ? quoteFirstLine(bytes) : undefined);
  if (bytes[0] === 0) return undefined;
  if (startsWithTextLine(bytes)) return `not a Lightning node: it sent a line of text (${quoteFirstLine(bytes)})`;
  return `not a Lightning node: its reply starts with byte 0x${hexByte(bytes[0]!)}, not handshake version 0`;
}

/** The reason for a 401 record when another service answered; `evidence` is what it said. */
export function notLightning(service: string, evidence?: string): string {
  return `not a Lightning node: it answered like ${service}${evidence ? ` (${evidence})` : ''}`;
}

/**
 * Whether a reply shorter than Act Two is already complete as something else: a line ending in a
 * newline, as services that greet first send (SSH, SMTP, FTP) before waiting for the client's.
 * Act Two starts with byte 0, so a reply that does not can never become one.
 */
export function isBannerLine(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] !== 0 && bytes.includes(NEWLINE);
}

/**
 * The reason for a 401 record when the deadline ends the wait for Act Two: Core Lightning's
 * "Connection timed out" first, so that scripts matching it still do, then what the port did.
 */
export function describeStalledReply(received: Uint8Array, actSize: number): string {
  const detail =
    received.length === 0
      ? 'the port accepted the connection but sent nothing back: probably not a Lightning node'
      : (describeForeignReply(received) ?? `after ${received.length} of the ${actSize} bytes of act two`);
  return `Connection timed out (${detail})`;
}

function startsWithText(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** Printable ASCII (tabs allowed) up to a newline, optionally after a carriage return. */
function startsWithTextLine(bytes: Uint8Array): boolean {
  const end = bytes.indexOf(NEWLINE);
  if (end <= 0) return false;
  const line = bytes.subarray(0, bytes[end - 1] === 0x0d ? end - 1 : end);
  return line.length > 0 && line.every((b) => (b >= 0x20 && b <= 0x7e) || b === 0x09);
}
