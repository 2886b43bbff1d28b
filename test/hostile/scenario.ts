import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstStderrLine, keyFile } from '../helpers/cli.js';
import { dialFaultPeer, GOOD_INIT, INITIATOR_ID, PeerGone, startFaultResponder, WHOLE, type Delivery, type FaultPeer, type FaultScript } from '../helpers/fault-peer.js';
import { PEER_ID } from '../helpers/fake-peer.js';
import { hex, unhex } from '../helpers/fixtures.js';
import { spawnMeasured, type MeasuredRun } from '../helpers/measured-cli.js';
import type { Stage } from '../../src/errors.js';

/**
 * The hostile scenarios' runner (issue 9): ln-connect against a fault peer, in either role, and
 * the bounds every run must keep whatever the peer does. `npm test` runs the scenarios marked
 * `fast`; `npm run test:hostile` sets LN_CONNECT_HOSTILE=all and runs every one.
 */
export const ALL = process.env['LN_CONNECT_HOSTILE'] === 'all';

/**
 * How far past `--timeout` (counted from process start) the process may exit. The issue's bound
 * is 0.5 s; the fast subset inside `npm test`, which shares the machine with the other test files,
 * gets more.
 */
const EXIT_SLACK_MS = ALL ? 500 : 1500;
/** How long the process may live after printing its outcome ("within a second, whatever the peer does"). */
const AFTER_OUTCOME_MS = ALL ? 1000 : 2000;
const MAX_RSS_BYTES = 100 * 2 ** 20;

/** Secrets handed to ln-connect with --key-file, so that the tests can look for them in the output. */
const CONNECTOR_SECRET = '0123456789abcdef'.repeat(4);
const LISTENER_SECRET = 'fedcba9876543210'.repeat(4);
const SECRETS = [CONNECTOR_SECRET, LISTENER_SECRET];

/** What the run must end with. A 401's single record is checked against `stage` and `reason`. */
export type Expected =
  | { readonly exit: 0 }
  | { readonly exit: 1; readonly stage?: Stage; readonly reason?: RegExp }
  | { readonly exit: 4; readonly reason?: RegExp };

interface ScenarioBase {
  readonly name: string;
  /** Part of the subset inside `npm test`. */
  readonly fast?: boolean;
  /** `--timeout`, in seconds. */
  readonly timeout: number;
  readonly args?: readonly string[];
  /** Acceptable outcomes: one, or several where the issue leaves the choice open (said where used). */
  readonly expect: Expected | readonly Expected[];
  readonly check?: (run: MeasuredRun) => void;
}

/** ln-connect dials a fault peer that runs `peer` on each connection. */
export interface ConnectScenario extends ScenarioBase {
  readonly peer: FaultScript;
  /** Connections the fault peer must have seen (the default run makes one per address). */
  readonly connections?: number;
}

/** `ln-connect --listen`'s id, and a way to dial it. */
export interface ListenTarget {
  readonly id: Uint8Array;
  /**
   * A connection to the listener. It is destroyed when the listener exits: a socket that has
   * stopped reading does not see the close, and would not even keep the test's event loop alive.
   */
  dial(): Promise<FaultPeer>;
}

/** Fault peers dial `ln-connect --listen`. `initiators` resolves with the local port of the peer that must win, if any. */
export interface ListenScenario extends ScenarioBase {
  readonly initiators: (target: ListenTarget) => Promise<number | void>;
}

export function connectScenario(s: ConnectScenario): void {
  if (!selected(s)) return;
  test(s.name, testOptions(s), async (t) => {
    const peer = await startFaultResponder(s.peer);
    let run: MeasuredRun;
    try {
      const args = [peer.uri, '--network', 'regtest', '--timeout', String(s.timeout), '--key-file', keyFile(CONNECTOR_SECRET), ...(s.args ?? [])];
      run = await spawnMeasured(args, killAfterMs(s.timeout)).done;
    } finally {
      await peer.close();
    }
    const context = describe(run, peer.errors.map((e) => `connection ${e.index}: ${String(e.error)}`));
    t.diagnostic(measured(run));
    assertBounded(run, s.timeout, context);
    assertOutcome(run, s.expect, { address: new RegExp(`^127\\.0\\.0\\.1:${peer.port}$`), id: PEER_ID, direction: 'out', port: peer.port }, context);
    if (s.connections !== undefined) assert.equal(peer.connections, s.connections, `connections made to the peer\n${context}`);
    // The first connection's script must have run as written (later ones may meet a TLS probe).
    assert.deepEqual(peer.errors.filter((e) => e.index === 0), [], context);
    s.check?.(run);
  });
}

export function listenScenario(s: ListenScenario): void {
  if (!selected(s)) return;
  test(s.name, testOptions(s), async (t) => {
    const args = ['--listen', '127.0.0.1:0', '--network', 'regtest', '--timeout', String(s.timeout), '--key-file', keyFile(LISTENER_SECRET), ...(s.args ?? [])];
    const listener = spawnMeasured(args, killAfterMs(s.timeout));
    const problems: string[] = [];
    const peers = new Set<FaultPeer>();
    const initiators = (async () => {
      const uri = await firstStderrLine(listener.child);
      const match = /^([0-9a-f]{66})@127\.0\.0\.1:(\d+)$/.exec(uri);
      if (!match) throw new Error(`listener printed ${JSON.stringify(uri)}`);
      const port = Number(match[2]);
      const dial = async (): Promise<FaultPeer> => {
        const peer = await dialFaultPeer(port);
        peers.add(peer);
        return peer;
      };
      return s.initiators({ id: unhex(match[1]!), dial });
    })().catch((err: unknown) => {
      if (!(err instanceof PeerGone)) problems.push(`initiators: ${String(err)}`);
    });
    const run = await listener.done;
    for (const peer of peers) peer.socket.destroy();
    const winner = await initiators;
    const context = describe(run, problems);
    t.diagnostic(measured(run));
    assertBounded(run, s.timeout, context);
    const address = /^127\.0\.0\.1:[1-9]\d*$/;
    assertOutcome(run, s.expect, { address, id: hex(INITIATOR_ID), direction: 'in', port: winner ?? undefined }, context);
    assert.deepEqual(problems, [], context);
    s.check?.(run);
  });
}

/** `npm test` runs the fast scenarios only; the others are not registered there at all, rather than reported as skipped. */
function selected(s: ScenarioBase): boolean {
  return s.fast === true || ALL;
}

function testOptions(s: ScenarioBase): { timeout: number } {
  return { timeout: killAfterMs(s.timeout) + 10_000 };
}

/** When a run that should be over is killed: well past the bound, since this is wall time from the spawn. */
function killAfterMs(timeoutSeconds: number): number {
  return timeoutSeconds * 1000 + EXIT_SLACK_MS + 4000;
}

/** The bounds of issue 9, for every scenario: exit by the deadline, soon after the outcome, in bounded memory, no crash, no secret. */
function assertBounded(run: MeasuredRun, timeoutSeconds: number, context: string): void {
  assert.ok(!run.killed && run.report, `the process did not exit by itself and was killed\n${context}`);
  const { exitMs, outcomeMs, maxRssKiB } = run.report;
  assert.ok(exitMs <= timeoutSeconds * 1000 + EXIT_SLACK_MS, `exited ${exitMs.toFixed(0)} ms after start; --timeout ${timeoutSeconds}\n${context}`);
  if (outcomeMs !== undefined) {
    assert.ok(exitMs - outcomeMs <= AFTER_OUTCOME_MS, `exited ${(exitMs - outcomeMs).toFixed(0)} ms after printing its outcome\n${context}`);
  }
  assert.ok(maxRssKiB * 1024 < MAX_RSS_BYTES, `peak RSS ${(maxRssKiB / 1024).toFixed(0)} MiB\n${context}`);
  assert.doesNotMatch(run.stderr, /^\s+at\s/m, `a stack trace on stderr\n${context}`);
  assert.doesNotMatch(run.stderr, /internal error/, context);
  for (const secret of SECRETS) {
    for (const form of [secret, secret.toUpperCase(), Buffer.from(secret, 'hex').toString('base64')]) {
      assert.ok(!run.stdout.includes(form) && !run.stderr.includes(form), `a secret key in the output\n${context}`);
    }
  }
}

interface Side {
  /** The peer's address as the 401 record must name it. */
  readonly address: RegExp;
  readonly id: string;
  readonly direction: 'in' | 'out';
  /** The port of the peer that must be in a success, when known. */
  readonly port: number | undefined;
}

const CODE_OF_EXIT = { 1: 401, 4: 402 } as const;

function assertOutcome(run: MeasuredRun, expect: Expected | readonly Expected[], side: Side, context: string): void {
  const options = Array.isArray(expect) ? (expect as readonly Expected[]) : [expect as Expected];
  const failures: string[] = [];
  for (const expected of options) {
    try {
      assertOneOutcome(run, expected, side);
      return;
    } catch (err) {
      failures.push((err as Error).message);
    }
  }
  assert.fail(`${failures.join('\n-- or --\n')}\n${context}`);
}

function assertOneOutcome(run: MeasuredRun, expected: Expected, side: Side): void {
  assert.equal(run.code, expected.exit, 'exit status');
  let output: Record<string, unknown>;
  try {
    output = JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    assert.fail(`stdout is not one JSON value: ${JSON.stringify(run.stdout.slice(0, 300))}`);
  }
  if (expected.exit === 0) {
    assert.equal(output['id'], side.id, 'id');
    assert.equal(output['direction'], side.direction, 'direction');
    const address = output['address'] as { address: string; port: number };
    assert.equal(address.address, '127.0.0.1');
    if (side.port !== undefined) assert.equal(address.port, side.port, 'the peer in the result');
    return;
  }
  assert.equal(output['code'], CODE_OF_EXIT[expected.exit], 'code');
  const message = String(output['message']);
  if (expected.exit === 4) {
    if (expected.reason) assert.match(message.replace(/^disconnected during connection: /, ''), expected.reason);
    return;
  }
  if (expected.stage === undefined && expected.reason === undefined) return;
  const record = /^All addresses failed: (.+?): (Connection establishment|Cryptographic handshake|Exchanging init messages): (.*)\. $/s.exec(message);
  assert.ok(record, `not a single 401 record: ${message}`);
  assert.match(record[1]!, side.address, 'the address in the record');
  if (expected.stage) assert.equal(record[2], expected.stage, 'stage');
  if (expected.reason) assert.match(record[3]!, expected.reason, 'reason');
}

/** The exit time, outcome time and peak RSS the run reported, or what its kill found. */
function measured(run: MeasuredRun): string {
  const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;
  if (!run.report) return `killed: no exit report${run.maxRssAtKillKiB === undefined ? '' : `, peak RSS ${mib(run.maxRssAtKillKiB)} when killed`}`;
  const { exitMs, outcomeMs, maxRssKiB } = run.report;
  return `exit ${exitMs.toFixed(0)} ms, outcome ${outcomeMs?.toFixed(0) ?? '-'} ms, peak RSS ${mib(maxRssKiB)}`;
}

function describe(run: MeasuredRun, problems: readonly string[]): string {
  const excerpt = (text: string): string => JSON.stringify(text.length > 600 ? `${text.slice(0, 600)}…` : text);
  return [`  status ${run.code}, ${measured(run)}`, `  stdout ${excerpt(run.stdout)}`, `  stderr ${excerpt(run.stderr)}`, ...problems.map((p) => `  ${p}`)].join('\n');
}

/**
 * A well-behaved initiator, as `ln-connect` itself dials: handshake (its Act One delivered as
 * asked), init, a ping whose pong
 * confirms the session, then a short linger answering the listener's own ping before hanging
 * up. Resolves with its local port, which the listener's result must name.
 */
export async function goodInitiator(target: ListenTarget, deliverActOne: Delivery = WHOLE): Promise<number> {
  const peer = await target.dial();
  const port = peer.socket.localPort!;
  const { initiator, actOne } = peer.startInitiator(target.id);
  await peer.deliver(actOne, deliverActOne);
  await peer.writeFlushed(await peer.takeActTwo(initiator));
  await peer.send(GOOD_INIT);
  await peer.send({ kind: 'ping', numPongBytes: 4, ignored: new Uint8Array(0) });
  await peer.serve((m) => m.kind === 'pong');
  const lingering = peer.serve();
  await Promise.race([lingering, sleep(300)]);
  peer.socket.end();
  await lingering;
  return port;
}
