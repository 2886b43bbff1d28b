import { InputError } from '../failures.js';
import { quote } from '../quote.js';

/** Text that names no host we could dial, or that a DNS descriptor must not carry; the message says why. */
export class InvalidHostError extends InputError {
  override name = 'InvalidHostError';
}

/** A BOLT 7 DNS descriptor has one length byte; Core Lightning's DNS_ADDRLEN is the same. */
const MAX_NAME_BYTES = 255;
const MAX_LABEL_CHARS = 63;

/**
 * A host name in RFC 1123 syntax: what `connect` takes as a name, and what a BOLT 7 DNS
 * descriptor may carry (BOLT 7 asks for ASCII, punycode for the rest). A typo is reported as one,
 * not as a failed lookup later, and a name from a peer cannot put escape sequences in our output.
 * Returns the name, or throws InvalidHostError naming the first problem.
 */
export function checkHostname(name: string): string {
  if (name === '') throw new InvalidHostError('the host name is empty');
  const bad = /[^a-z0-9.-]/iu.exec(name);
  if (bad) throw new InvalidHostError(`${quote(bad[0])} is not allowed in a host name (only letters, digits, '-' and '.')`);
  if (name.length > MAX_NAME_BYTES) throw new InvalidHostError(`DNS address too long (${name.length} bytes, at most ${MAX_NAME_BYTES})`);
  // A single trailing dot marks an absolute name.
  const labels = name.replace(/\.$/, '').split('.');
  for (const label of labels) {
    if (label === '') throw new InvalidHostError("a host name has no empty labels ('..', or a '.' at the start)");
    if (label.length > MAX_LABEL_CHARS) {
      throw new InvalidHostError(`the label '${label}' is ${label.length} characters long, more than ${MAX_LABEL_CHARS}`);
    }
    if (label.startsWith('-') || label.endsWith('-')) throw new InvalidHostError(`the label '${label}' starts or ends with '-'`);
  }
  // No top-level domain is all digits, and a resolver reads `127.1` as 127.0.0.1 (inet_aton's short form).
  if (/^\d+$/.test(labels.at(-1)!)) throw new InvalidHostError('not an IPv4 address (four numbers 0-255), and a host name never ends in a number');
  return name;
}
