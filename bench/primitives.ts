/**
 * The floor under a handshake's CPU: the scalar multiplications one BOLT 8 initiator needs, called
 * in a tight loop with nothing around them, in microseconds of CPU per handshake's worth.
 *
 * - `ours`: what src/noise/crypto.ts calls per handshake: two public keys (the static key's, for
 *   act three, and the ephemeral key's) and three ECDHs (es, ee, se), each one OpenSSL
 *   multiplication.
 * - `issue`: the floor issue 10 measures against, node:crypto's ECDH object used as well as it
 *   can be: one key generation, one key set for the k+1 parity trick, six computeSecret calls.
 */
import { createECDH } from 'node:crypto';
import { multiplyInOpenSsl, publicKeyOf, randomSecretKey } from '../src/noise/crypto.js';

export interface PrimitiveCosts {
  readonly oursMicros: number;
  readonly issueMicros: number;
}

const cpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Median over `rounds` of `handshakes` handshakes' worth each, the two sets interleaved round by round. */
export function measurePrimitives(handshakes = 40, rounds = 5): PrimitiveCosts {
  const keys = Array.from({ length: 8 }, randomSecretKey);
  const points = keys.map(publicKeyOf);
  const ours = (i: number): void => {
    publicKeyOf(keys[i % 8]!);
    publicKeyOf(keys[(i + 1) % 8]!);
    for (let j = 0; j < 3; j++) multiplyInOpenSsl(keys[(i + j) % 8]!, points[(i + j + 3) % 8]!);
  };
  const issue = (i: number): void => {
    createECDH('secp256k1').generateKeys();
    const parity = createECDH('secp256k1');
    parity.setPrivateKey(keys[i % 8]!);
    for (let j = 0; j < 6; j++) parity.computeSecret(points[(i + j + 1) % 8]!);
  };
  const timed = (run: (i: number) => void): number => {
    const start = cpuMicros();
    for (let i = 0; i < handshakes; i++) run(i);
    return (cpuMicros() - start) / handshakes;
  };
  timed(ours);
  timed(issue);
  const oursRuns: number[] = [];
  const issueRuns: number[] = [];
  for (let r = 0; r < rounds; r++) {
    oursRuns.push(timed(ours));
    issueRuns.push(timed(issue));
  }
  return { oursMicros: median(oursRuns), issueMicros: median(issueRuns) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
