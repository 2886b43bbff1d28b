import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TargetRecord } from '../../src/batch/record.js';
import { InvalidParamsError } from '../../src/errors.js';
import { rangeAlerts } from '../../src/output/nagios-range.js';
import { nagiosReport, nagiosUsageError, parseRange, type NagiosThresholds } from '../../src/output/nagios.js';
import { AWKWARD, ID_A, ID_B, MALFORMED, NO_ADDRESS, PINGED, REFUSED, UP } from '../helpers/records.js';

const RANGES: [string, { start: number; end: number; inside: boolean }][] = [
  ['10', { start: 0, end: 10, inside: false }],
  ['10:', { start: 10, end: Infinity, inside: false }],
  ['~:10', { start: -Infinity, end: 10, inside: false }],
  ['10:20', { start: 10, end: 20, inside: false }],
  ['@10:20', { start: 10, end: 20, inside: true }],
  ['@10', { start: 0, end: 10, inside: true }],
  ['@~:0.5', { start: -Infinity, end: 0.5, inside: true }],
  ['~:', { start: -Infinity, end: Infinity, inside: false }],
  ['0.5', { start: 0, end: 0.5, inside: false }],
  ['.25:2.', { start: 0.25, end: 2, inside: false }],
  ['-10:-5', { start: -10, end: -5, inside: false }],
  ['3:3', { start: 3, end: 3, inside: false }],
];

for (const [text, expected] of RANGES) {
  test(`parseRange('${text}')`, () => {
    assert.deepEqual(parseRange(text), { ...expected, text });
  });
}

const SYNTAX = "expected [@]start:end as in 10, 10:, ~:10, 10:20 or @10:20";
const BAD_RANGES: [string, string][] = [
  ['', `invalid threshold range '': ${SYNTAX}`],
  ['@', `invalid threshold range '@': ${SYNTAX}`],
  [':', `invalid threshold range ':': ${SYNTAX}`],
  [':10', `invalid threshold range ':10': ${SYNTAX}`],
  ['~', `invalid threshold range '~': ${SYNTAX}`],
  ['~:~', `invalid threshold range '~:~': ${SYNTAX}`],
  ['@@10', `invalid threshold range '@@10': ${SYNTAX}`],
  ['10:20:30', `invalid threshold range '10:20:30': ${SYNTAX}`],
  ['0.5s', `invalid threshold range '0.5s': ${SYNTAX}`],
  ['1e3', `invalid threshold range '1e3': ${SYNTAX}`],
  ['+5', `invalid threshold range '+5': ${SYNTAX}`],
  [' 10', `invalid threshold range ' 10': ${SYNTAX}`],
  ['10-20', `invalid threshold range '10-20': ${SYNTAX}`],
  ['1..2', `invalid threshold range '1..2': ${SYNTAX}`],
  ['20:10', "invalid threshold range '20:10': start 20 is greater than end 10"],
  ['-5', "invalid threshold range '-5': start 0 (implied) is greater than end -5"],
];

for (const [text, message] of BAD_RANGES) {
  test(`parseRange('${text}') is a -32602 error`, () => {
    assert.throws(() => parseRange(text), (err: unknown) => err instanceof InvalidParamsError && err.code === -32602 && err.message === message);
  });
}

/** The guidelines' table of example ranges, at and around each endpoint. */
const ALERTS: [string, [number, boolean][]][] = [
  ['10', [[-0.001, true], [0, false], [10, false], [10.001, true]]],
  ['10:', [[9.999, true], [10, false], [1e12, false]]],
  ['~:10', [[-1e12, false], [10, false], [10.001, true]]],
  ['10:20', [[9.999, true], [10, false], [20, false], [20.001, true]]],
  ['@10:20', [[9.999, false], [10, true], [15, true], [20, true], [20.001, false]]],
  ['~:', [[-1e12, false], [0, false], [1e12, false]]],
  ['@~:', [[-1e12, true], [1e12, true]]],
];

for (const [text, cases] of ALERTS) {
  test(`range ${text} alerts at exactly the guidelines' values`, () => {
    assert.deepEqual(
      cases.map(([value]) => [value, rangeAlerts(parseRange(text), value)]),
      cases,
    );
  });
}

const r = parseRange;
const ADDR_A = `${ID_A}@127.0.0.1:9735`;
const REFUSED_TEXT = `${ID_B}@127.0.0.1:1`;

const REPORTS: [string, TargetRecord[], NagiosThresholds, string, 0 | 1 | 2 | 3][] = [
  ['one target up, no thresholds', [UP], {}, `LN-CONNECT OK - ${ADDR_A} connected in 0.143s | time=0.143s;;;0;`, 0],
  ['under both', [UP], { warning: r('0.5'), critical: r('2') }, `LN-CONNECT OK - ${ADDR_A} connected in 0.143s | time=0.143s;0.5;2;0;`, 0],
  ['over warning', [UP], { warning: r('0.1'), critical: r('2') }, `LN-CONNECT WARNING - ${ADDR_A} connected in 0.143s | time=0.143s;0.1;2;0;`, 1],
  ['over both: critical wins', [UP], { warning: r('0.1'), critical: r('0.1') }, `LN-CONNECT CRITICAL - ${ADDR_A} connected in 0.143s | time=0.143s;0.1;0.1;0;`, 2],
  ['inside an @ range', [UP], { critical: r('@0:0.2') }, `LN-CONNECT CRITICAL - ${ADDR_A} connected in 0.143s | time=0.143s;;@0:0.2;0;`, 2],
  ['0.5004 s is shown 0.500s and is not over 0.5', [{ ...UP, durationMs: 500.4 }], { warning: r('0.5') }, `LN-CONNECT OK - ${ADDR_A} connected in 0.500s | time=0.500s;0.5;;0;`, 0],
  ['0.5006 s is shown 0.501s and is over 0.5', [{ ...UP, durationMs: 500.6 }], { warning: r('0.5') }, `LN-CONNECT WARNING - ${ADDR_A} connected in 0.501s | time=0.501s;0.5;;0;`, 1],
  [
    'pinged over IPv6: rtt perfdata',
    [PINGED],
    {},
    `LN-CONNECT OK - ${ID_B}@[::1]:19735 connected in 0.512s | time=0.512s;;;0; rtt_min=0.000250s;;;0; rtt_median=0.000520s;;;0; rtt_max=0.001500s;;;0;`,
    0,
  ],
  [
    'one target refused: CRITICAL, no perfdata',
    [REFUSED],
    {},
    `LN-CONNECT CRITICAL - ${REFUSED_TEXT}: All addresses failed: 127.0.0.1:1: Connection establishment: Connection refused.`,
    2,
  ],
  [
    'one target down is CRITICAL whatever the ranges',
    [REFUSED],
    { warning: r('~:'), critical: r('~:') },
    `LN-CONNECT CRITICAL - ${REFUSED_TEXT}: All addresses failed: 127.0.0.1:1: Connection establishment: Connection refused.`,
    2,
  ],
  ['no address known: CRITICAL', [NO_ADDRESS], {}, `LN-CONNECT CRITICAL - ${ID_A}: Unable to connect, no address known for peer`, 2],
  [
    'disconnected: CRITICAL',
    [{ ...UP, result: undefined, error: { code: 402, message: 'disconnected during connection' } }],
    {},
    `LN-CONNECT CRITICAL - ${ADDR_A}: disconnected during connection`,
    2,
  ],
  ['a malformed target is a usage error: UNKNOWN', [MALFORMED], {}, `LN-CONNECT UNKNOWN - xyz@: id: should be a node id: invalid token '"xyz@"'`, 3],
  ['a newline and a | in the text cannot break the line or start perfdata', [AWKWARD], {}, 'LN-CONNECT UNKNOWN - a\\b "q" c¦d: malformed host @part', 3],
  ['a list all up', [UP, PINGED], {}, 'LN-CONNECT OK - 2 of 2 peers up | down=0;;0;0;2 up=2;;;0;2', 0],
  [
    'a list, no thresholds: any target down is CRITICAL, malformed lines counted',
    [UP, REFUSED, MALFORMED],
    {},
    `LN-CONNECT CRITICAL - 2 of 3 peers down: ${REFUSED_TEXT} (401), xyz@ (-32602) | down=2;;0;0;3 up=1;;;0;3`,
    2,
  ],
  [
    'a list within --warning 0 --critical 5: WARNING',
    [UP, REFUSED, MALFORMED],
    { warning: r('0'), critical: r('5') },
    `LN-CONNECT WARNING - 2 of 3 peers down: ${REFUSED_TEXT} (401), xyz@ (-32602) | down=2;0;5;0;3 up=1;;;0;3`,
    1,
  ],
  [
    'a list over --critical 1: CRITICAL',
    [UP, REFUSED, MALFORMED],
    { warning: r('0'), critical: r('1') },
    `LN-CONNECT CRITICAL - 2 of 3 peers down: ${REFUSED_TEXT} (401), xyz@ (-32602) | down=2;0;1;0;3 up=1;;;0;3`,
    2,
  ],
  [
    'a list with only --warning: no default critical',
    [UP, REFUSED, MALFORMED],
    { warning: r('1') },
    `LN-CONNECT WARNING - 2 of 3 peers down: ${REFUSED_TEXT} (401), xyz@ (-32602) | down=2;1;;0;3 up=1;;;0;3`,
    1,
  ],
  [
    'a list within its only threshold: OK, the targets down still named',
    [UP, REFUSED, MALFORMED],
    { critical: r('2') },
    `LN-CONNECT OK - 2 of 3 peers down: ${REFUSED_TEXT} (401), xyz@ (-32602) | down=2;;2;0;3 up=1;;;0;3`,
    0,
  ],
  ['a list of one: counted, not timed', [UP], { list: true, critical: r('0.01') }, 'LN-CONNECT OK - 1 of 1 peers up | down=0;;0.01;0;1 up=1;;;0;1', 0],
  ['a list of one down', [REFUSED], { list: true }, `LN-CONNECT CRITICAL - 1 of 1 peers down: ${REFUSED_TEXT} (401) | down=1;;0;0;1 up=0;;;0;1`, 2],
  [
    'a long list names five targets down, then how many more',
    [UP, ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((target) => ({ ...MALFORMED, target }))],
    { warning: r('10') },
    'LN-CONNECT OK - 7 of 8 peers down: a (-32602), b (-32602), c (-32602), d (-32602), e (-32602) and 2 more | down=7;10;;0;8 up=1;;;0;8',
    0,
  ],
  ['an empty list checked nothing: UNKNOWN', [], {}, 'LN-CONNECT UNKNOWN - no targets to check', 3],
];

for (const [name, records, thresholds, line, status] of REPORTS) {
  test(`nagios: ${name}`, () => {
    assert.deepEqual(nagiosReport(records, thresholds), { line, status });
  });
}

test('nagios: a usage error is UNKNOWN (3), on one line', () => {
  assert.deepEqual(nagiosUsageError('Unknown argument: frob'), { line: 'LN-CONNECT UNKNOWN - Unknown argument: frob', status: 3 });
  assert.deepEqual(nagiosUsageError('Missing value\n  for --warning | --critical\n'), {
    line: 'LN-CONNECT UNKNOWN - Missing value for --warning ¦ --critical',
    status: 3,
  });
});
