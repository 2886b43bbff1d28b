/**
 * BOLT 1's "it's OK to be odd" rule, shared by message types, TLV types and feature bits: an odd
 * number marks something the sender lets the receiver ignore, an even one something the receiver
 * must understand, so an unknown even number means the two sides cannot talk and the receiver
 * closes the connection.
 */
export function isOdd(n: number | bigint): boolean {
  return typeof n === 'bigint' ? (n & 1n) === 1n : n % 2 === 1;
}
