import { connect } from '../connect/connect.js';
import type { ConnectResult } from '../connect/result.js';
import { ConnectError, EXIT_INTERNAL, EXIT_OK, exitStatusFor, InvalidParamsError } from '../errors.js';
import { readKeyFile } from '../identity.js';
import { listen } from '../listen/listen.js';
import { isNetwork, type Network } from '../network.js';
import { palette, useColor, type Palette } from './color.js';
import { formatJson } from './format/json.js';
import { formatErrorText, formatResultText } from './format/text.js';
import { runRecords, wantsRecords } from './batch.js';
import { parseArgs, type CliArgs } from './parse-args.js';
import { createSpinner, type Spinner } from './spinner.js';
import { parseDuration, parseFeatureHex } from './values.js';

export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
}

const REPORT_URL = 'https://github.com/ln-connect/ln-connect/issues';

export interface Outcome {
  /** The exit status. */
  readonly status: number;
  /** Whether a session was made (and its result printed): the run went through every layer. */
  readonly connected: boolean;
}

/** The whole CLI: parse, call the library, print. Never throws. */
export async function main(argv: readonly string[], io: Io = process): Promise<Outcome> {
  // Before parsing succeeds we cannot know --format or --color; --quiet is honoured even then.
  let printer = new Printer(io, { quiet: argv.includes('-q') || argv.includes('--quiet'), format: 'json' }, palette(false));
  let spinner: Spinner | undefined;
  let debug = argv.includes('--debug');
  try {
    const args = await parseArgs(argv);
    if (args === undefined) return { status: EXIT_OK, connected: false };
    debug = args.debug === true;
    printer = new Printer(io, { quiet: args.quiet === true, format: args.format === 'text' ? 'text' : 'json' }, palette(useColor(args.color, io.stdout, io.env)));
    if (wantsRecords(args)) return await runRecords(args, io, () => commonOptions(args));
    spinner = createSpinner(!args.quiet && isUsableTerminal(io.stderr));
    const common = commonOptions(args);
    if (args.listen !== undefined) {
      if (args.id !== undefined) throw new InvalidParamsError('--listen takes no node id: it accepts whoever connects');
      const session = await listen({
        ...common,
        listen: args.listen,
        onListening: (info) => {
          if (!args.quiet) io.stderr.write(`${info.uri}\n`);
          spinner?.update({ stage: 'listening', address: info.uri });
        },
        onProgress: (p) => spinner?.update(p),
      });
      spinner.stop();
      printer.result(session.result);
      await session.closed;
    } else {
      if (args.id === undefined) throw new InvalidParamsError('missing required parameter: id');
      const result = await connect({
        ...common,
        id: args.id,
        ...(args.host !== undefined ? { host: args.host } : {}),
        ...(args.port !== undefined ? { port: args.port } : {}),
        ...(args.proxy !== undefined ? { proxy: args.proxy } : {}),
        alwaysUseProxy: args.alwaysUseProxy === true,
        ...(args.dnsSeed !== undefined ? { dnsSeed: args.dnsSeed === '' ? true : args.dnsSeed } : {}),
        ...(args.dnsServer !== undefined ? { dnsServer: args.dnsServer } : {}),
        ...(args.graph !== undefined ? { graph: args.graph } : {}),
        onProgress: (p) => spinner?.update(p),
      });
      spinner.stop();
      printer.result(result);
    }
    return { status: EXIT_OK, connected: true };
  } catch (err) {
    spinner?.stop();
    if (err instanceof ConnectError) {
      printer.error(err);
      return { status: exitStatusFor(err), connected: false };
    }
    io.stderr.write(
      `ln-connect: internal error: ${err instanceof Error ? err.message : String(err)}\n` +
        (debug && err instanceof Error && err.stack ? `${err.stack}\n` : `This is a bug; please report it at ${REPORT_URL} with the output of --debug.\n`),
    );
    return { status: EXIT_INTERNAL, connected: false };
  }
}

function commonOptions(args: CliArgs): { network: Network; timeout?: number; identityKey?: Uint8Array; features?: Uint8Array } {
  const network = args.network ?? 'mainnet';
  if (!isNetwork(network)) throw new InvalidParamsError(`Unknown network name '${network}'`);
  return {
    network,
    ...(args.timeout !== undefined ? { timeout: parseDuration(args.timeout) } : {}),
    ...(args.keyFile !== undefined ? { identityKey: readKeyFile(args.keyFile) } : {}),
    ...(args.features !== undefined ? { features: parseFeatureHex(args.features) } : {}),
  };
}

/**
 * A spinner needs a terminal that knows its width: ora divides by the column count, and on a
 * pseudo-terminal of width 0 (script(1) without a size, some CI runners) it would redraw forever.
 */
function isUsableTerminal(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && (stream.columns ?? 0) > 0;
}

class Printer {
  constructor(
    private readonly io: Io,
    private readonly mode: { quiet: boolean; format: 'json' | 'text' },
    private readonly colors: Palette,
  ) {}

  result(result: ConnectResult): void {
    if (this.mode.quiet) return;
    this.io.stdout.write(this.mode.format === 'text' ? formatResultText(result, this.colors) : formatJson(result, this.colors));
  }

  /** Errors go to stdout, as lightning-cli prints them, so `| jq .code` works the same for both. */
  error(error: ConnectError): void {
    if (this.mode.quiet) return;
    this.io.stdout.write(this.mode.format === 'text' ? formatErrorText(error, this.colors) : formatJson(error.toJSON(), this.colors));
  }
}
