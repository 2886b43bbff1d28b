import yargs, { type Argv } from 'yargs';
import { LIST_EXIT_STATUS } from '../batch/exit-status.js';
import { EXIT_STATUS, InvalidParamsError } from '../errors.js';
import { COMPLETION_COMMAND, COMPLETION_DESCRIPTION, completionScript, loginShell, SHELLS, type Shell } from './completion.js';
import { OPTIONS } from './options.js';
import pkg from '../../package.json' with { type: 'json' };

/** The parsed command line, typed; names follow the long options. */
export interface CliArgs {
  readonly id?: string;
  readonly host?: string;
  readonly port?: string;
  readonly network?: string;
  readonly dnsSeed?: string;
  readonly dnsServer?: string;
  readonly graph?: string;
  readonly timeout?: string;
  readonly proxy?: string;
  readonly alwaysUseProxy?: boolean;
  readonly keyFile?: string;
  readonly features?: string;
  readonly listen?: string;
  readonly format?: 'json' | 'text' | 'prometheus' | 'nagios';
  readonly quiet?: boolean;
  readonly color?: boolean;
  readonly debug?: boolean;
  readonly input?: string;
  readonly all?: boolean;
  readonly jobs?: string;
  readonly retries?: string;
  readonly retryDelay?: string;
  readonly ping?: string;
  readonly timings?: boolean;
  readonly output?: string;
  readonly warning?: string;
  readonly critical?: string;
  readonly verbose?: boolean;
}

export const USAGE = '$0 <id>[@host[:port]] [options]';

export const DESCRIPTION =
  'Connect once to a Lightning Network node: dial it, perform the BOLT 8 handshake, exchange BOLT 1 init messages, ' +
  "confirm the session with a ping, and print Core Lightning's connect result as JSON, or one of its errors.";

export const EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['$0 02abc...@127.0.0.1:9735', 'connect to a node by IPv4 address and port'],
  ['$0 02abc... --host node.example.com --network testnet', "resolve a name and use testnet's default port 19735"],
  ['$0 02abc...@abc...xyz.onion --proxy 127.0.0.1:9050', 'reach a Tor v3 node through a local Tor daemon'],
  ['$0 02abc... --graph graph.json', "use the addresses your own node's graph knows"],
  ['$0 --listen 127.0.0.1:0', 'accept one inbound connection on a free port'],
  ['$0 -q 02abc...@10.0.0.5 || alert', 'a cron health check: exit status only'],
];

/** The exit-status table as `--help` prints it. */
export function exitStatusEpilogue(): string {
  const rows = EXIT_STATUS.map((r) => `  ${r.exit}  ${r.code === null ? '      ' : String(r.code).padEnd(6)}  ${r.meaning}`);
  const listRows = LIST_EXIT_STATUS.map((r) => `  ${r.exit}  ${r.meaning}`);
  return ['Exit status (code = the JSON error code):', ...rows, '', 'Exit status of a list (--input, --graph --all):', ...listRows].join('\n');
}

/** yargs configured from the option table; shared with the completion and man page generators. */
export function buildParser(argv: readonly string[]): Argv {
  let parser = yargs([...argv])
    .scriptName('ln-connect')
    .usage(`${USAGE}\n\n${DESCRIPTION}`)
    .version(pkg.version)
    .help('help')
    .alias('help', 'h')
    .alias('version', 'V')
    // Not strict(): with a command defined, strict() would reject the node id as an unknown command.
    .strictOptions()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilogue(exitStatusEpilogue())
    .fail((message, error) => {
      throw new InvalidParamsError(message ?? error?.message ?? 'invalid arguments');
    })
    .command(
      `${COMPLETION_COMMAND} [shell]`,
      COMPLETION_DESCRIPTION,
      (command) => command.positional('shell', { choices: SHELLS }),
      (args) => void process.stdout.write(completionScript((args.shell as Shell | undefined) ?? loginShell())),
    );
  for (const option of OPTIONS) {
    parser = parser.option(option.name, {
      type: option.type,
      description: option.description,
      group: `${option.group}:`,
      ...(option.alias ? { alias: option.alias } : {}),
      ...(option.choices ? { choices: [...option.choices] } : {}),
      // An option whose value is optional (`--dns-seed [SEED]`) may stand alone.
      ...(option.value && !option.value.startsWith('[') ? { requiresArg: true } : {}),
    });
  }
  for (const [command, description] of EXAMPLES) parser = parser.example(command, description);
  return parser;
}

/**
 * Parses argv. Returns undefined when yargs already answered (--help, --version, `completion`, a
 * shell's `--get-yargs-completions`); usage errors throw InvalidParamsError, so they print and exit
 * like any other bad parameter (yargs would exit 1).
 */
export async function parseArgs(argv: readonly string[]): Promise<CliArgs | undefined> {
  const parser = buildParser(argv);
  const parsed = await parser.parseAsync();
  if (parsed['help'] || parsed['version'] || parsed['get-yargs-completions'] !== undefined || parsed._[0] === COMPLETION_COMMAND) {
    return undefined;
  }
  const positionals = parsed._.map(String);
  if (positionals.length > 1) throw new InvalidParamsError(`too many parameters: got ${positionals.length}, expected 1`);
  return {
    ...(positionals[0] !== undefined ? { id: positionals[0] } : {}),
    ...pick(parsed),
  };
}

function pick(parsed: Record<string, unknown>): Omit<CliArgs, 'id'> {
  const out: Record<string, unknown> = {};
  for (const option of OPTIONS) {
    const key = option.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (parsed[option.name] !== undefined) out[key] = parsed[option.name];
  }
  return out as Omit<CliArgs, 'id'>;
}
