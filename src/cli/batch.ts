import { setMaxListeners } from 'node:events';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createChecker, type CheckOne } from '../batch/check.js';
import { LIST_ALL_UP, LIST_SOME_DOWN } from '../batch/exit-status.js';
import { graphTargets, inputTargets } from '../batch/input.js';
import { errorObject, jsonLine, resultObject } from '../batch/objects.js';
import type { TargetRecord } from '../batch/record.js';
import { runInOrder } from '../batch/runner.js';
import { extras, textLine } from '../batch/text-line.js';
import { checkRunOptions } from '../connect/connect.js';
import type { Progress } from '../connect/progress.js';
import { asConnectError, EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_STATUS, InvalidParamsError } from '../errors.js';
import { GraphFileError, readGraph, type Graph } from '../net/graph.js';
import { requireLazily } from '../lazy-require.js';
import { checkSharedOptions, type SharedOptions } from '../options.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { reachOptions } from './reach-options.js';
import { nagiosReport, parseRange, type NagiosThresholds } from '../output/nagios.js';
import { prometheusExposition } from '../output/prometheus.js';
import { quote, unquoted } from '../quote.js';
import { palette, useColor, type Palette } from './color.js';
import { formatJson } from './format/json.js';
import { formatErrorText, formatResultText } from './format/text.js';
import { isUsableTerminal, type Io } from './main.js';
import type { Output } from './output.js';
import type { CliArgs } from './parse-args.js';
import { createSpinner } from './spinner.js';
import { StageLog } from './stage-log.js';
import { parseDuration } from './values.js';

/**
 * `--jobs` when not given. Measured with `npm run bench:jobs` against loopback peers holding each
 * reply 20 ms and 100 ms, on this project's 2-core machine: 32 is within a few per cent of the
 * best at both, where 16 loses a third at 100 ms. See the README, "Lists".
 */
export const DEFAULT_JOBS = 32;
const MAX_JOBS = 1000;
/**
 * Results wait for the targets before them; one slow target (a silent peer at its deadline) may
 * hold back this many finished ones per job before no further line is read.
 */
const WINDOW_PER_JOB = 64;
const MAX_RETRIES = 100;
const MAX_PINGS = 1000;
const DEFAULT_RETRY_DELAY_SECONDS = 1;

/**
 * The crontab line the README and the man page show, as written there (a test runs it): every
 * peer in a file, flaky ones retried, and the lines of those down printed, which cron mails.
 */
export const CRON_LIST = `*/5 * * * * ln-connect --input "$HOME/peers.txt" --retries 2 >"$HOME/peers.jsonl" || grep -v '"result":{' "$HOME/peers.jsonl"`;

/** The library options main reads from the command line for every run. */
export type SharedCliOptions = Pick<SharedOptions, 'network' | 'startedAt' | 'timeout' | 'identityKey' | 'features'>;

/** What a run through records came to: its exit status, and whether any target connected (for the code cache). */
export interface Outcome {
  readonly status: number;
  readonly connected: boolean;
}

/**
 * Whether the run goes through records (src/batch): a list, or one target with something only
 * records carry (retries, pings, timings, a monitoring format, an output file). Without any of
 * these, a single target keeps main's own path and output, unchanged.
 */
export function wantsRecords(args: CliArgs): boolean {
  return (
    args.input !== undefined ||
    args.all === true ||
    args.jobs !== undefined ||
    args.retries !== undefined ||
    args.retryDelay !== undefined ||
    args.ping !== undefined ||
    args.timings === true ||
    args.output !== undefined ||
    args.warning !== undefined ||
    args.critical !== undefined ||
    args.format === 'prometheus' ||
    args.format === 'nagios'
  );
}

interface Plan {
  /** `--input` or `--graph --all`: JSON Lines, list exit statuses. */
  readonly list: boolean;
  readonly targets: AsyncIterable<string>;
  /** The stream `--input` reads, closed when the run ends, however it ends. */
  readonly input?: Readable;
  readonly check: CheckOne;
  readonly jobs: number;
  readonly thresholds: NagiosThresholds;
}

/**
 * Runs a list, or one target, through createChecker and prints the records as `--format` says.
 * Usage errors are thrown for main to print (-32602, exit 2: "the run is unusable"; with
 * `--format nagios`, the plugin's UNKNOWN).
 */
export async function runRecords(args: CliArgs, io: Io, output: Output, shared: () => SharedCliOptions): Promise<Outcome> {
  return run(args, io, output, plan(args, shared()));
}

function plan(args: CliArgs, shared: SharedCliOptions): Plan {
  if (args.listen !== undefined) {
    throw new InvalidParamsError('--listen accepts one inbound connection: it takes no list, retries, pings, timings, output file or monitoring format');
  }
  const list = args.input !== undefined || args.all === true;
  if (args.input !== undefined && args.all) throw new InvalidParamsError('--input and --all are two lists: give one of them');
  if (list && args.id !== undefined) throw new InvalidParamsError(`a target and ${args.all ? '--all' : '--input'}: give one or the other`);
  if (args.all && args.graph === undefined) throw new InvalidParamsError('--all needs --graph FILE, whose nodes it checks');
  if (list && (args.host !== undefined || args.port !== undefined)) {
    throw new InvalidParamsError('--host and --port apply to one target: in a list, write id@host:port on each line');
  }
  if (!list && args.id === undefined) throw new InvalidParamsError('missing required parameter: id');
  if ((args.warning !== undefined || args.critical !== undefined) && args.format !== 'nagios') {
    throw new InvalidParamsError('--warning and --critical are thresholds of --format nagios');
  }
  const thresholds: NagiosThresholds = {
    warning: args.warning === undefined ? undefined : parseRange(args.warning),
    critical: args.critical === undefined ? undefined : parseRange(args.critical),
    list,
  };
  const jobs = count('jobs', args.jobs, 1, MAX_JOBS) ?? DEFAULT_JOBS;
  const retries = count('retries', args.retries, 0, MAX_RETRIES) ?? 0;
  const pings = count('ping', args.ping, 1, MAX_PINGS) ?? 0;
  const retryDelay = args.retryDelay === undefined ? DEFAULT_RETRY_DELAY_SECONDS : duration('retry-delay', args.retryDelay);

  // A single target's deadline counts from the process start, as without these options; in a
  // list, each target's --timeout counts from its own start.
  const connect = {
    ...shared,
    startedAt: list ? undefined : shared.startedAt,
    ...reachOptions(args),
  };
  checkSharedOptions(connect, 'connect');
  try {
    checkRunOptions(connect);
  } catch (err) {
    // What the parsers refused (the proxy, the DNS server) is -32602, as connect() makes it.
    throw asConnectError(err);
  }
  const graph = args.graph === undefined ? undefined : loadGraph(args.graph);
  const input = args.input === undefined ? undefined : openInput(args.input);
  let targets: AsyncIterable<string>;
  if (args.all) targets = graphTargets(graph!);
  else if (input) targets = inputTargets(input, args.input === '-' ? 'standard input' : args.input!);
  else targets = oneTarget(args.id!);
  const check = createChecker({ connect, retries, retryDelay, pings, timings: args.timings === true }, { graph });
  return { list, targets, input, check, jobs, thresholds };
}

async function* oneTarget(target: string): AsyncGenerator<string> {
  yield target;
}

/** A whole number option within bounds; undefined when not given. */
function count(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new InvalidParamsError(`${name}: should be a whole number from ${min} to ${max}, got ${quote(text)}`);
  return value;
}

function duration(name: string, text: string): number {
  if (/^0+(\.0*)?(ms|s|m)?$/.test(text.trim())) return 0;
  try {
    return parseDuration(text);
  } catch {
    throw new InvalidParamsError(`${name}: should be a number of seconds (or 500ms, 30s, 2m), got ${quote(text)}`);
  }
}

function loadGraph(path: string): Graph {
  try {
    return readGraph(path);
  } catch (err) {
    if (err instanceof GraphFileError) throw new InvalidParamsError(err.message);
    throw err;
  }
}

function openInput(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path);
}

async function run(args: CliArgs, io: Io, output: Output, plan: Plan): Promise<Outcome> {
  const format = args.format ?? 'json';
  const colors = palette(useColor(args.color, io.stdout, io.env));
  const sink = new Sink(output, args.output, args.quiet === true);
  const stop = new AbortController();
  // Each target at work listens to it, and the run itself: more than Node's default of 10 is expected.
  setMaxListeners(plan.jobs + 1, stop.signal);
  // The log and a progress line would write over each other on one terminal: the log wins.
  const terminal = !args.quiet && !args.verbose && isUsableTerminal(io.stderr);
  const counter = new Counter(plan.list && terminal ? listSpinner(io.stderr) : undefined);
  const spinner = createSpinner(!plan.list && terminal, io.stderr);
  const wholeRun = format === 'prometheus' || format === 'nagios';
  const records: TargetRecord[] = [];

  const onProgress = (target: string): ((progress: Progress) => void) => {
    const log = args.verbose ? new StageLog((text) => output.stderr(text), plan.list ? `${unquoted(target.trim())}: ` : '') : undefined;
    return (progress) => {
      spinner.update(progress);
      log?.progress(progress);
    };
  };
  try {
    await runInOrder(
      counter.reading(plan.targets),
      (target) => plan.check(target, { signal: stop.signal, onProgress: onProgress(target) }),
      async (record) => {
        counter.add(record);
        spinner.stop();
        if (wholeRun) records.push(record);
        else await sink.write(plan.list ? listLine(record, format, colors) : singleOutput(record, format, colors));
        // A reader that went away, or a full disk: nothing more can be told, so nothing more is checked.
        if (output.failed) stop.abort();
      },
      { jobs: plan.jobs, window: plan.jobs * WINDOW_PER_JOB, signal: stop.signal },
    );
  } finally {
    plan.input?.destroy();
    spinner.stop();
    counter.finish(io.stderr);
  }

  let status = plan.list ? (counter.down > 0 ? LIST_SOME_DOWN : LIST_ALL_UP) : singleStatus(counter.last);
  if (format === 'prometheus') await sink.write(prometheusExposition(records, new Date()));
  if (format === 'nagios') {
    const report = nagiosReport(records, plan.thresholds);
    await sink.write(`${report.line}\n`);
    status = report.status;
  }
  const problem = await sink.close();
  if (problem) {
    output.stderr(`ln-connect: cannot write ${args.output}: ${problem}\n`);
    status = EXIT_OUTPUT;
  }
  // main's Output.settle turns a failed stdout into EXIT_OUTPUT (EPIPE excepted).
  return { status, connected: counter.up > 0 };
}

/** A single target's exit status: the error table's, as without records. */
function singleStatus(record: TargetRecord | undefined): number {
  if (!record?.error) return EXIT_OK;
  const code = record.error.code;
  return EXIT_STATUS.find((row) => row.code === code)?.exit ?? EXIT_INTERNAL;
}

function listLine(record: TargetRecord, format: string, colors: Palette): string {
  return format === 'text' ? textLine(record, colors) : jsonLine(record);
}

/** One target: the same output as without records, plus what was asked for (`rtt_ms`, `timings`). */
function singleOutput(record: TargetRecord, format: string, colors: Palette): string {
  if (format !== 'text') return formatJson(record.result ? resultObject(record) : errorObject(record), colors);
  const line = record.result ? formatResultText(record.result, colors) : formatErrorText(record.error!, colors);
  return `${[line.trimEnd(), ...extras(record)].join(' ')}\n`;
}

interface ListSpinner {
  set(text: string): void;
  stop(): void;
}

/** ora, loaded only for a person at a terminal. */
function listSpinner(stream: NodeJS.WriteStream): ListSpinner {
  const { default: ora } = requireLazily('ora') as typeof import('ora');
  const spinner = ora({ stream, discardStdin: false });
  return {
    set(text) {
      spinner.text = text;
      if (!spinner.isSpinning) spinner.start();
    },
    stop: () => spinner.stop(),
  };
}

/** Counts a list's targets as they are read and done, for the progress line and the summary on a terminal. */
class Counter {
  read = 0;
  up = 0;
  down = 0;
  last: TargetRecord | undefined;
  private inputDone = false;
  private readonly started = performance.now();

  constructor(private readonly spinner: ListSpinner | undefined) {}

  async *reading(targets: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const target of targets) {
      this.read++;
      yield target;
    }
    this.inputDone = true;
  }

  add(record: TargetRecord): void {
    this.last = record;
    if (record.result) this.up++;
    else this.down++;
    this.spinner?.set(`${this.up + this.down}/${this.read}${this.inputDone ? '' : '+'} checked: ${this.up} up, ${this.down} down`);
  }

  finish(stderr: NodeJS.WritableStream): void {
    if (!this.spinner) return;
    this.spinner.stop();
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    stderr.write(`${this.up + this.down} targets checked in ${seconds} s: ${this.up} up, ${this.down} down\n`);
  }
}

/**
 * Where the records' text goes: standard output (main's Output, which reports its failures), or,
 * with `--output FILE`, a text written whole and atomically at the end, or nowhere with `--quiet`.
 */
class Sink {
  private readonly collected: string[] = [];

  constructor(
    private readonly output: Output,
    private readonly file: string | undefined,
    private readonly quiet: boolean,
  ) {}

  async write(text: string): Promise<void> {
    if (this.file !== undefined) this.collected.push(text);
    else if (!this.quiet && !this.output.failed) await this.output.stdout(text);
  }

  /** Writes the file, if there is one; what went wrong, if anything did. */
  async close(): Promise<string | undefined> {
    if (this.file === undefined) return undefined;
    try {
      await writeFileAtomic(this.file, this.collected.join(''));
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }
}
