import { BlockList } from 'node:net';

/**
 * BOLT 1 asks the accepting side to tell the peer the address it came from (init's remote_addr)
 * only when that address is worth learning: not a loopback, private, link-local or shared one.
 */
const UNROUTABLE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  UNROUTABLE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  UNROUTABLE.addSubnet(network, prefix, 'ipv6');
}

export function isRoutable(address: string, family: 'ipv4' | 'ipv6'): boolean {
  return !UNROUTABLE.check(address, family);
}
