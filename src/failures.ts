/**
 * The errors of the layers below the commands: the codecs (BOLT 8 in src/noise, BOLT 1, 7 and 9
 * in src/wire, SOCKS5) and the parsers of what a user gives (node ids, hosts, onion names, a
 * proxy, a graph file). Each says what went wrong in words that read on their own, and nothing of
 * what the command makes of it: that is decided where connect() and listen() meet these errors,
 * in the terms of the error table (src/errors.ts). A codec or parser throws one of these, or a
 * RangeError for a value its caller should never have passed it; anything else is a bug.
 *
 * Subclasses name the layer or the parser (WireError, HandshakeError, InvalidHostError...);
 * callers catch the base class.
 */

/** Bytes the other side sent that break its protocol (BOLT 8, BOLT 1, SOCKS5): the connection cannot go on. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}
