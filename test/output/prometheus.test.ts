import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { TargetRecord } from '../../src/batch/record.js';
import { prometheusExposition } from '../../src/output/prometheus.js';
import { AWKWARD, ID_A, ID_B, MALFORMED, NO_ADDRESS, PINGED, REFUSED, UNIX, UP } from '../helpers/records.js';

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));

const HELP = {
  up: '# HELP ln_connect_up Whether the target completed the BOLT 8 handshake and BOLT 1 init and confirmed the session (1) or not (0).\n# TYPE ln_connect_up gauge\n',
  duration: '# HELP ln_connect_duration_seconds Wall time spent on the target in the last run, all attempts included, in seconds.\n# TYPE ln_connect_duration_seconds gauge\n',
  rtt: '# HELP ln_connect_rtt_seconds Round-trip time of the BOLT 1 pings sent after the session was confirmed (--ping), in seconds: stat is min, median or max.\n# TYPE ln_connect_rtt_seconds gauge\n',
  code: "# HELP ln_connect_error_code JSON-RPC code of the target's failure, as Core Lightning's connect reports it (400, 401, 402, -32602); 0 when up.\n# TYPE ln_connect_error_code gauge\n",
  last: '# HELP ln_connect_last_run_timestamp_seconds When the run that wrote these metrics ended, in seconds since the Unix epoch.\n# TYPE ln_connect_last_run_timestamp_seconds gauge\nln_connect_last_run_timestamp_seconds 1767323045.678\n',
};

const UP_LABELS = `id="${ID_A}",address="127.0.0.1:9735",target="${ID_A}@127.0.0.1:9735"`;
const REFUSED_LABELS = `id="${ID_B}",address="",target="${ID_B}@127.0.0.1:1"`;

const CASES: { name: string; records: TargetRecord[]; text: string }[] = [
  {
    name: 'one target up',
    records: [UP],
    text:
      `${HELP.up}ln_connect_up{${UP_LABELS}} 1\n` +
      `${HELP.duration}ln_connect_duration_seconds{${UP_LABELS}} 0.14325\n` +
      `${HELP.code}ln_connect_error_code{${UP_LABELS}} 0\n` +
      HELP.last,
  },
  {
    name: 'one target down: no address label, the id taken from the target',
    records: [REFUSED],
    text:
      `${HELP.up}ln_connect_up{${REFUSED_LABELS}} 0\n` +
      `${HELP.duration}ln_connect_duration_seconds{${REFUSED_LABELS}} 2.0045\n` +
      `${HELP.code}ln_connect_error_code{${REFUSED_LABELS}} 401\n` +
      HELP.last,
  },
  {
    name: 'a list: IPv6, unix socket, bare id, malformed line, in input order',
    records: [UP, PINGED, UNIX, NO_ADDRESS, MALFORMED],
    text:
      HELP.up +
      `ln_connect_up{${UP_LABELS}} 1\n` +
      `ln_connect_up{id="${ID_B}",address="[::1]:19735",target="${ID_B}@[::1]:19735"} 1\n` +
      `ln_connect_up{id="${ID_A}",address="/run/ln.sock",target="${ID_A}@/run/ln.sock"} 1\n` +
      `ln_connect_up{id="${ID_A}",address="",target="${ID_A}"} 0\n` +
      `ln_connect_up{id="",address="",target="xyz@"} 0\n` +
      HELP.duration +
      `ln_connect_duration_seconds{${UP_LABELS}} 0.14325\n` +
      `ln_connect_duration_seconds{id="${ID_B}",address="[::1]:19735",target="${ID_B}@[::1]:19735"} 0.5125\n` +
      `ln_connect_duration_seconds{id="${ID_A}",address="/run/ln.sock",target="${ID_A}@/run/ln.sock"} 0.001\n` +
      `ln_connect_duration_seconds{id="${ID_A}",address="",target="${ID_A}"} 0.00075\n` +
      `ln_connect_duration_seconds{id="",address="",target="xyz@"} 0.00001\n` +
      HELP.rtt +
      `ln_connect_rtt_seconds{id="${ID_B}",address="[::1]:19735",target="${ID_B}@[::1]:19735",stat="min"} 0.00025\n` +
      `ln_connect_rtt_seconds{id="${ID_B}",address="[::1]:19735",target="${ID_B}@[::1]:19735",stat="median"} 0.00052\n` +
      `ln_connect_rtt_seconds{id="${ID_B}",address="[::1]:19735",target="${ID_B}@[::1]:19735",stat="max"} 0.0015\n` +
      HELP.code +
      `ln_connect_error_code{${UP_LABELS}} 0\n` +
      `ln_connect_error_code{id="${ID_B}",address="[::1]:19735",target="${ID_B}@[::1]:19735"} 0\n` +
      `ln_connect_error_code{id="${ID_A}",address="/run/ln.sock",target="${ID_A}@/run/ln.sock"} 0\n` +
      `ln_connect_error_code{id="${ID_A}",address="",target="${ID_A}"} 400\n` +
      `ln_connect_error_code{id="",address="",target="xyz@"} -32602\n` +
      HELP.last,
  },
  {
    name: 'backslash, double quote and newline escaped in a label value',
    records: [AWKWARD],
    text:
      `${HELP.up}ln_connect_up{id="",address="",target="a\\\\b \\"q\\"\\nc|d"} 0\n` +
      `${HELP.duration}ln_connect_duration_seconds{id="",address="",target="a\\\\b \\"q\\"\\nc|d"} 0\n` +
      `${HELP.code}ln_connect_error_code{id="",address="",target="a\\\\b \\"q\\"\\nc|d"} -32602\n` +
      HELP.last,
  },
  {
    name: 'a target written twice is one series, the first line kept',
    records: [REFUSED, UP, { ...UP, durationMs: 99 }, REFUSED],
    text:
      `${HELP.up}ln_connect_up{${REFUSED_LABELS}} 0\nln_connect_up{${UP_LABELS}} 1\n` +
      `${HELP.duration}ln_connect_duration_seconds{${REFUSED_LABELS}} 2.0045\nln_connect_duration_seconds{${UP_LABELS}} 0.14325\n` +
      `${HELP.code}ln_connect_error_code{${REFUSED_LABELS}} 401\nln_connect_error_code{${UP_LABELS}} 0\n` +
      HELP.last,
  },
  {
    name: 'an empty list: the families, no samples but the timestamp',
    records: [],
    text: HELP.up + HELP.duration + HELP.code + HELP.last,
  },
];

for (const { name, records, text } of CASES) {
  test(`prometheus: ${name}`, () => {
    assert.equal(prometheusExposition(records, NOW), text);
  });
}

test('prometheus: no label set appears twice in a family, whatever the duplicates in the input', () => {
  const text = prometheusExposition([UP, PINGED, UP, REFUSED, PINGED, { ...REFUSED, error: { code: 402, message: 'x' } }], NOW);
  const series = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.slice(0, line.lastIndexOf(' ')));
  assert.equal(series.length, new Set(series).size);
  assert.equal(series.length, 3 * 3 + 3 + 1);
});

const promtool = spawnSync('promtool', ['--version']).error ? 'promtool is not installed (.ci/run installs it: Debian package prometheus)' : false;

/** promtool's parser and linter over one exposition: nothing to say, exit 0. */
function promtoolCheck(text: string): void {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.deepEqual({ status: result.status, stdout: result.stdout, stderr: result.stderr }, { status: 0, stdout: '', stderr: '' });
}

for (const { name, records } of CASES) {
  test(`promtool check metrics accepts: ${name}`, { skip: promtool }, () => {
    promtoolCheck(prometheusExposition(records, NOW));
  });
}

test('promtool check metrics: the check itself fails on a quantile label on a gauge, an unknown escape and a missing final newline', { skip: promtool }, () => {
  const good = prometheusExposition([UP], NOW);
  for (const bad of [good.replace('ln_connect_up{', 'ln_connect_up{quantile="0.5",'), good.replace('127.0.0.1:9735"', '127.0.0.1\\x"'), good.slice(0, -1)]) {
    const result = spawnSync('promtool', ['check', 'metrics'], { input: bad, encoding: 'utf8' });
    assert.notEqual(result.status, 0, bad);
  }
});
