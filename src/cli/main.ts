import { connect } from '../connect/connect.js';
import type { Progress } from '../connect/progress.js';
import type { ConnectResult } from '../connect/result.js';
import { nagiosUsageError } from '../output/nagios.js';
import { ConnectError, EXIT_INTERNAL, EXIT_OK, exitStatusFor, InvalidParamsError } from '../errors.js';
import { readKeyFile } from '../identity.js';
import { listen } from '../listen/listen.js';
import { palette, PLAIN, useColor, type Palette } from './color.js';
import { formatJson } from './format/json.js';
import { formatErrorText, formatResultText } from './format/text.js';
import { helpWidth } from './help.js';
import { Output } from './output.js';
import { runRecords, wantsRecords, type SharedCliOptions } from './batch.js';
import { optionWords, parseArgs, shortUsage, type CliArgs } from './parse-args.js';
import { reachOptions } from './reach-options.js';
import { createSpinner, type Spinner } from './spinner.js';
import { StageLog } from './stage-log.js';
import { unusedOptions } from './unused-options.js';
import { parseDuration, parseFeatureHex } from './values.js';

export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
}

const REPORT_URL = 'https://github.com/ln-connect/ln-connect/issues';

let sessionMade = false;

/**
 * Whether a run of this process made a session: it went through every layer, so the launcher's
 * code cache taken now holds all of them (src/launch/launch.ts).
 */
export function madeSession(): boolean {
  return sessionMade;
}

/** The whole CLI: parse, call the library, print, all through `io`. Resolves with the exit status; never throws. */
export async function main(argv: readonly string[], io: Io = process): Promise<number> {
  const output = new Output(io.stdout, io.stderr);
  return output.settle(await run(argv, io, output));
}

async function run(argv: readonly string[], io: Io, output: Output): Promise<number> {
  // Until the line parses, --format and --color are unknown; --quiet is honoured even then.
  let printer = new Printer(output, { quiet: quietWanted(argv), format: 'json' }, PLAIN);
  let spinner: Spinner | undefined;
  let debug = argv.includes('--debug');
  try {
    const line = await parseArgs(argv, helpWidth(io.stdout));
    if (line.kind === 'print') {
      output.stdout(line.text);
      return EXIT_OK;
    }
    const args = line.args;
    debug = args.debug === true;
    printer = new Printer(output, { quiet: args.quiet === true, format: args.format === 'text' ? 'text' : 'json' }, palette(useColor(args.color, io.stdout, io.env)));
    if (wantsRecords(args)) {
      const outcome = await runRecords(args, io, output, () => sharedOptions(args));
      sessionMade ||= outcome.connected;
      return outcome.status;
    }
    const log = args.verbose ? new StageLog((text) => output.stderr(text)) : undefined;
    if (log) for (const note of unusedOptions(args)) log.event(note);
    // The log and a spinner would write over each other on one terminal: the log wins.
    spinner = createSpinner(!args.quiet && !log && isUsableTerminal(io.stderr), io.stderr);
    const onProgress = (progress: Progress): void => {
      spinner?.update(progress);
      log?.progress(progress);
    };
    const result = await session(args, onProgress, (uri) => {
      if (!args.quiet) output.stderr(`${uri}\n`);
    });
    sessionMade = true;
    spinner.stop();
    printer.result(result.result);
    return EXIT_OK;
  } catch (err) {
    spinner?.stop();
    if (err instanceof InvalidParamsError && formatWanted(argv) === 'nagios') {
      // The Monitoring Plugins guidelines: a usage error is UNKNOWN, whichever check found it.
      const report = nagiosUsageError(err.message);
      output.stdout(`${report.line}\n`);
      return report.status;
    }
    if (err instanceof ConnectError) {
      printer.error(err);
      // --quiet hides results, not mistakes: a cron job with a typo must not pass for a dead peer.
      if (err instanceof InvalidParamsError && printer.quiet) output.stderr(`ln-connect: ${err.message}\n`);
      if (argv.length === 0 && io.stderr.isTTY) output.stderr(shortUsage());
      return exitStatusFor(err);
    }
    output.stderr(
      `ln-connect: internal error: ${err instanceof Error ? err.message : String(err)}\n` +
        (debug && err instanceof Error && err.stack ? `${err.stack}\n` : `This is a bug; please report it at ${REPORT_URL} with the output of --debug.\n`),
    );
    return EXIT_INTERNAL;
  }
}

/**
 * Connects, or with --listen accepts, and resolves once the session is confirmed: the run is over.
 * A listener closes its session too: the peer's own confirmation ping, if it sends one, came
 * before its pong to ours, so it has had its answer.
 */
async function session(
  args: CliArgs,
  onProgress: (progress: Progress) => void,
  onListening: (uri: string) => void,
): Promise<{ result: ConnectResult }> {
  const common = { ...sharedOptions(args), onProgress };
  if (args.listen !== undefined) {
    if (args.id !== undefined) throw new InvalidParamsError('--listen takes no node id: it accepts whoever connects');
    const inbound = await listen({
      ...common,
      listen: args.listen,
      onListening: (info) => {
        onListening(info.uri);
        onProgress({ stage: 'listening', address: info.uri });
      },
    });
    inbound.close();
    return inbound;
  }
  if (args.id === undefined) throw new InvalidParamsError('missing required parameter: id');
  const result = await connect({
    ...common,
    ...reachOptions(args),
    id: args.id,
  });
  return { result };
}

/** The options every run passes to the library, from the command line. */
function sharedOptions(args: CliArgs): SharedCliOptions {
  return {
    network: args.network ?? 'mainnet',
    // performance.now() counts from the process start: --timeout includes loading the program.
    startedAt: 0,
    timeout: args.timeout === undefined ? undefined : parseDuration(args.timeout),
    identityKey: args.keyFile === undefined ? undefined : readKeyFile(args.keyFile),
    features: args.features === undefined ? undefined : parseFeatureHex(args.features),
  };
}

/** --format as the line asks for it (the last one wins) before the line is known to parse. */
function formatWanted(argv: readonly string[]): string | undefined {
  const words = optionWords(argv);
  let format: string | undefined;
  words.forEach((word, i) => {
    if (word === '--format' || word === '-f') format = words[i + 1];
    else if (word.startsWith('--format=')) format = word.slice('--format='.length);
  });
  return format;
}

/** --quiet before the line is known to parse: `-q`, `--quiet`, or a group of short flags holding q. */
function quietWanted(argv: readonly string[]): boolean {
  return optionWords(argv).some((word) => word === '--quiet' || /^-[a-zA-Z]*q[a-zA-Z]*$/.test(word));
}

/**
 * A spinner needs a terminal that knows its width: ora divides by the column count, and on a
 * pseudo-terminal of width 0 (script(1) without a size, some CI runners) it would redraw forever.
 */
export function isUsableTerminal(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && (stream.columns ?? 0) > 0;
}

class Printer {
  constructor(
    private readonly output: Output,
    private readonly mode: { quiet: boolean; format: 'json' | 'text' },
    private readonly colors: Palette,
  ) {}

  get quiet(): boolean {
    return this.mode.quiet;
  }

  result(result: ConnectResult): void {
    if (this.mode.quiet) return;
    this.output.stdout(this.mode.format === 'text' ? formatResultText(result, this.colors) : formatJson(result, this.colors));
  }

  /** Errors go to stdout, as lightning-cli prints them, so `| jq .code` works the same for both. */
  error(error: ConnectError): void {
    if (this.mode.quiet) return;
    this.output.stdout(this.mode.format === 'text' ? formatErrorText(error, this.colors) : formatJson(error.toJSON(), this.colors));
  }
}
