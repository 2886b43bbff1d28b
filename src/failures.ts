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
  /**
   * The other side answered that this time it cannot (a proxy whose circuit failed), rather than
   * breaking its protocol: trying again could succeed.
   */
  readonly transient: boolean;
  constructor(message: string, options: { transient?: boolean } = {}) {
    super(message);
    this.transient = options.transient === true;
  }
}

/** Input we were given (a parameter, an option, a file it names) that cannot be used; the message says why. */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * `parse()`, with an InputError it throws replaced by `instead(err)`: for a caller that says where
 * the text came from, or in its own words what it expected. Anything else passes as it is.
 */
export function reworded<T>(parse: () => T, instead: (err: InputError) => Error): T {
  try {
    return parse();
  } catch (err) {
    throw err instanceof InputError ? instead(err) : err;
  }
}

/**
 * Whether `err` is a failure the system reported (a missing file, a refused read, a name that
 * does not resolve), which Node marks with a code such as ENOENT, rather than one of Node's own
 * ERR_... errors, which only a bug of ours causes.
 */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  const code: unknown = (err as NodeJS.ErrnoException | undefined)?.code;
  return err instanceof Error && typeof code === 'string' && !code.startsWith('ERR_');
}
