import type { TargetRecord } from '../../src/batch/record.js';

/** Fixed TargetRecords, one of each outcome, for the output formats' tests. */
export const ID_A = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
export const ID_B = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';

export const UP: TargetRecord = {
  target: `${ID_A}@127.0.0.1:9735`,
  result: { id: ID_A, features: '0800002200', direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port: 9735 } },
  attempts: 1,
  durationMs: 143.25,
};

/** Connected over IPv6 on the second attempt, then pinged (`--ping`). */
export const PINGED: TargetRecord = {
  target: `${ID_B}@[::1]:19735`,
  result: { id: ID_B, features: '08', direction: 'out', address: { type: 'ipv6', address: '::1', port: 19735 } },
  attempts: 2,
  durationMs: 512.5,
  rttMs: { min: 0.25, median: 0.52, max: 1.5 },
};

export const UNIX: TargetRecord = {
  target: `${ID_A}@/run/ln.sock`,
  result: { id: ID_A, features: '', direction: 'out', address: { type: 'local socket', socket: '/run/ln.sock' } },
  attempts: 1,
  durationMs: 1,
};

export const REFUSED: TargetRecord = {
  target: `${ID_B}@127.0.0.1:1`,
  error: { code: 401, message: 'All addresses failed: 127.0.0.1:1: Connection establishment: Connection refused. ' },
  attempts: 3,
  durationMs: 2004.5,
};

/** A bare id that no address source knew. */
export const NO_ADDRESS: TargetRecord = {
  target: ID_A,
  error: { code: 400, message: 'Unable to connect, no address known for peer' },
  attempts: 1,
  durationMs: 0.75,
};

export const MALFORMED: TargetRecord = {
  target: 'xyz@',
  error: { code: -32602, message: `id: should be a node id: invalid token '"xyz@"'` },
  attempts: 1,
  durationMs: 0.01,
};

/** Every character a label value must escape, and Nagios' perfdata separator. */
export const AWKWARD: TargetRecord = {
  target: 'a\\b "q"\nc|d',
  error: { code: -32602, message: 'malformed host @part' },
  attempts: 1,
  durationMs: 0,
};
