import yargs, { type Argv } from 'yargs';
import { LIST_EXIT_STATUS } from '../batch/exit-status.js';
import { EXIT_STATUS, InvalidParamsError } from '../errors.js';
import { isNetwork, type Network } from '../network.js';
import { quote, unquoted } from '../quote.js';
import { COMPLETION_COMMAND, COMPLETION_DESCRIPTION, completionScript, loginShell, SHELLS, type Shell } from './completion.js';
import { examples, fill, row } from './help.js';
import { OPTIONS, type OptionSpec } from './options.js';
import { closest } from './suggest.js';
import pkg from '../../package.json' with { type: 'json' };

/** The parsed command line, typed; names follow the long options. */
export interface CliArgs {
  readonly id?: string;
  readonly host?: string;
  readonly port?: string;
  readonly network?: Network;
  readonly dnsSeed?: string;
  readonly dnsServer?: string;
  readonly graph?: string;
  readonly timeout?: string;
  readonly proxy?: string;
  readonly alwaysUseProxy?: boolean;
  readonly probeTls?: boolean;
  readonly keyFile?: string;
  readonly features?: string;
  readonly listen?: string;
  readonly format?: 'json' | 'text' | 'prometheus' | 'nagios';
  readonly quiet?: boolean;
  readonly color?: boolean;
  readonly verbose?: boolean;
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
}

/** What the command line asks for: a run, or text to print (help, version, completions). */
export type CommandLine = { readonly kind: 'run'; readonly args: CliArgs } | { readonly kind: 'print'; readonly text: string };

export const USAGE = '$0 <id>[@host[:port]] [options]';

/** Every form of the command, for --help and for the short usage a terminal gets with no arguments. */
export const USAGE_LINES: readonly string[] = [
  USAGE,
  '$0 <id> <host> [<port>] [options]',
  '$0 id=<id> host=<host> [port=<port>] [options]',
  '$0 --input FILE [options]',
  '$0 --graph FILE --all [options]',
  '$0 --listen [host:]port|path [options]',
  `$0 ${COMPLETION_COMMAND} [${SHELLS.join('|')}]`,
];

export const DESCRIPTION =
  'Connect once to a Lightning Network node: dial it, perform the BOLT 8 handshake, exchange BOLT 1 init messages, ' +
  "confirm the session with a ping, and print Core Lightning's connect result as JSON, or one of its errors.";

export const EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['$0 02abc...@127.0.0.1:9735', 'connect to a node by IPv4 address and port'],
  ['$0 02abc... node.example.com --testnet', "resolve a name and use testnet's default port 19735, as lightning-cli connect takes it"],
  ['$0 02abc...@abc...xyz.onion --proxy 127.0.0.1:9050', 'reach a Tor v3 node through a local Tor daemon'],
  ['$0 02abc... --graph graph.json', "use the addresses your own node's graph knows"],
  ['$0 --listen 127.0.0.1:0', 'accept one inbound connection on a free port'],
  ['$0 -q 02abc...@10.0.0.5 || alert', 'a cron health check: exit status only'],
];

/** How repeated and conflicting options are read, for --help and the README. */
export const REPEATED_OPTIONS =
  'An option given twice takes its last value (--timeout 5 --timeout 6 waits 6 s), so an alias or a wrapper can set ' +
  'a default that the command line overrides; --no-NAME clears an earlier --NAME. A host or port given in two forms ' +
  '(ID@HOST:PORT, a HOST or PORT parameter, --host, --port) is an error, as in Core Lightning.';

/** The exit-status table as `--help` prints it, filled to `width`. */
export function exitStatusEpilogue(width = 80): string {
  const rows = EXIT_STATUS.flatMap((r) => row(`  ${r.exit}  ${r.code === null ? '' : r.code}`, r.meaning, 13, width));
  const listRows = LIST_EXIT_STATUS.flatMap((r) => row(`  ${r.exit}`, r.meaning, 13, width));
  return ['Exit status (code = the JSON error code):', ...rows, '', 'Exit status of a list (--input, --graph --all):', ...listRows].join('\n');
}

const HELP_OPTIONS = [
  { name: 'help', alias: 'h', description: 'Show this help' },
  { name: 'version', alias: 'V', description: 'Show the version number' },
] as const;

/** The parameters of `connect`, in lightning-cli's order. */
const PARAMETERS = ['id', 'host', 'port'] as const;
type Parameter = (typeof PARAMETERS)[number];

/**
 * yargs configured from the option table; `write` prints what the completion command makes.
 * Every option takes its last value (duplicate-arguments-array off): yargs would otherwise make
 * an array of a repeated option, which no option here can take. Dotted names, camel-case copies
 * and numbers are off too: every value stays the string typed, under the name typed.
 */
function buildParser(width = 80, write: (text: string) => void = () => {}): Argv {
  let parser = yargs()
    .scriptName('ln-connect')
    .usage(`${USAGE_LINES.join('\n')}\n\n${DESCRIPTION}`)
    .locale('en')
    .help(false)
    .version(false)
    .parserConfiguration({
      'duplicate-arguments-array': false,
      'dot-notation': false,
      'camel-case-expansion': false,
      'parse-numbers': false,
      'parse-positional-numbers': false,
    })
    .exitProcess(false)
    .wrap(width)
    .fail((message, error) => {
      // What our checks throw keeps its type (a bug stays a bug); yargs' own complaints are usage errors.
      if (error && error.name !== 'YError') throw error;
      throw new InvalidParamsError(message ?? error?.message ?? 'invalid arguments');
    })
    .command(
      `${COMPLETION_COMMAND} [shell]`,
      COMPLETION_DESCRIPTION,
      (command) => command.positional('shell', { choices: SHELLS }),
      (args) => write(completionScript((args['shell'] as Shell | undefined) ?? loginShell())),
    );
  for (const option of OPTIONS) {
    parser = parser.option(option.name, {
      type: option.type,
      description: option.description,
      group: `${option.group}:`,
      alias: option.alias,
      choices: option.choices ? [...option.choices] : undefined,
    });
  }
  for (const option of HELP_OPTIONS) parser = parser.option(option.name, { type: 'boolean', alias: option.alias, description: option.description, group: 'Other:' });
  return parser;
}

/**
 * Reads argv. Returns the text to print for --help, --version and `completion`; every usage error throws InvalidParamsError in one line, so it prints
 * and exits like any other bad parameter (yargs would print several lines and exit 1).
 */
export async function parseArgs(argv: readonly string[], width = 80): Promise<CommandLine> {
  // yargs answers its completion word itself, past every check of ours; the completion scripts
  // are generated (completion.ts) and never call the program.
  if (optionWords(argv).includes('--get-yargs-completions')) throw unknownOption('--get-yargs-completions');
  let printed: string | undefined;
  const parser = buildParser(width, (text) => (printed = text)).middleware(checkOptions, true);
  const parsed = await parser.parseAsync(prepare(argv));
  if (printed !== undefined) return { kind: 'print', text: printed };
  if (parsed['help'] === true) return { kind: 'print', text: await helpText(parser, width) };
  if (parsed['version'] === true) return { kind: 'print', text: `${pkg.version}\n` };
  return { kind: 'run', args: { ...optionValues(parsed), ...parameters(parsed, parsed._.map(String)) } };
}

/** The words of argv that may be options: those before a `--`, after which every word is a parameter. */
export function optionWords(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

/** The short usage that a terminal gets when ln-connect is run with no arguments. */
export function shortUsage(): string {
  return ['Usage:', ...USAGE_LINES.map((line) => `  ${line.replace('$0', 'ln-connect')}`), "Try 'ln-connect --help' for more.", ''].join('\n');
}

async function helpText(parser: Argv, width: number): Promise<string> {
  const sections = [
    await parser.getHelp(),
    examples(EXAMPLES.map(([command, what]) => [command.replace('$0', 'ln-connect'), what]), width).join('\n'),
    fill(REPEATED_OPTIONS, width).join('\n'),
    exitStatusEpilogue(width),
  ];
  return `${sections.join('\n\n')}\n`;
}

/**
 * The words as yargs should read them. `--regtest` becomes `--network=regtest`, so that it and
 * `--network` follow the one rule: the last one wins. An option named like a key yargs keeps for
 * itself (`-_`, `--$0`) is refused here, wherever it is (a `--` may be an option's value): yargs
 * would overwrite its list of parameters with it.
 */
function prepare(argv: readonly string[]): string[] {
  return argv.map((word) => {
    if (namesReserved(word)) throw unknownOption(word.startsWith('--') ? word.split('=')[0]! : word);
    for (const option of OPTIONS) {
      if (!option.shortFor) continue;
      if (word === `--${option.name}`) return `--${option.shortFor.option}=${option.shortFor.value}`;
      if (word.startsWith(`--${option.name}=`) || word === `--no-${option.name}`) {
        throw new InvalidParamsError(`--${option.name} takes no value: it is short for --${option.shortFor.option} ${option.shortFor.value}`);
      }
    }
    return word;
  });
}

/** Keys of yargs' own in what it returns. */
const RESERVED: ReadonlySet<string> = new Set(['_', '$0', '--']);

function namesReserved(word: string): boolean {
  return optionNames(word).some((name) => RESERVED.has(name));
}

/**
 * The option names a word gives, as yargs reads it: `--name=value` one (and its `no-` form),
 * `-abc` one per character up to an `=` that follows one (`-n=regtest`; `-=x` names `=` and `x`).
 */
function optionNames(word: string): string[] {
  if (word.startsWith('--')) {
    const name = word.slice(2).split('=')[0]!;
    return [name, name.replace(/^no-/, '')];
  }
  if (!word.startsWith('-')) return [];
  const letters = word.slice(1);
  const value = letters.indexOf('=', 1);
  return [...(value < 0 ? letters : letters.slice(0, value))];
}

/**
 * Runs before yargs' own checks: every name known, every value of the right kind and among the
 * choices, each error in one line. A string option negated (`--no-proxy`) is cleared. Aliases
 * of choices (`bitcoin`) become the choice they name.
 */
function checkOptions(argv: Record<string, unknown>): void {
  const known = new Set([...RESERVED, 'shell', ...HELP_OPTIONS.flatMap((o) => [o.name, o.alias]), ...OPTIONS.flatMap((o) => (o.alias ? [o.name, o.alias] : [o.name]))]);
  for (const key of Object.keys(argv)) {
    if (!known.has(key)) throw unknownOption(key.length === 1 ? `-${key}` : `--${key}`);
  }
  for (const option of OPTIONS) {
    const value = argv[option.name];
    if (value === undefined) continue;
    if (option.type === 'boolean') continue;
    const keys = option.alias ? [option.name, option.alias] : [option.name];
    if (value === false) {
      for (const key of keys) delete argv[key];
      continue;
    }
    if (typeof value !== 'string') throw new Error(`--${option.name} parsed as ${typeof value}`);
    if (value === '' && !option.value?.startsWith('[')) throw new InvalidParamsError(`--${option.name} needs a value (${option.value})`);
    const choice = option.choiceAliases?.[value] ?? value;
    if (option.choices && !option.choices.includes(choice)) throw invalidChoice(`--${option.name}`, value, option);
    for (const key of keys) argv[key] = choice;
  }
  const shell = argv['shell'];
  if (shell !== undefined && !(SHELLS as readonly unknown[]).includes(shell)) {
    throw new InvalidParamsError(`invalid shell ${quote(String(shell))}: choose ${orList(SHELLS)}`);
  }
}

/** `typed` as the user wrote it (`--netwrk`, `-x`); a long name gets a suggestion when one is close. */
function unknownOption(typed: string): InvalidParamsError {
  const names = [...OPTIONS.map((o) => o.name), ...HELP_OPTIONS.map((o) => o.name)];
  const meant = typed.startsWith('--') ? closest(typed.slice(2), names) : undefined;
  return new InvalidParamsError(`unknown option ${unquoted(typed)}${meant ? `: did you mean --${meant}?` : ''}`);
}

function invalidChoice(name: string, value: string, option: OptionSpec): InvalidParamsError {
  const aliases = Object.entries(option.choiceAliases ?? {});
  const valid = (option.choices ?? []).flatMap((c) => [c, ...aliases.filter(([, to]) => to === c).map(([alias]) => alias)]);
  return new InvalidParamsError(`invalid ${name} ${quote(value)}: choose ${orList(valid)}`);
}

function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function optionValues(parsed: Record<string, unknown>): Omit<CliArgs, Parameter> {
  const out: Record<string, unknown> = {};
  for (const option of OPTIONS) {
    if (option.shortFor) continue;
    const key = option.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (parsed[option.name] !== undefined) out[key] = parsed[option.name];
  }
  const network = out['network'];
  if (network !== undefined && !(typeof network === 'string' && isNetwork(network))) throw new Error(`--network parsed as ${String(network)}`);
  return out as Omit<CliArgs, Parameter>;
}

/**
 * `connect`'s parameters as lightning-cli takes them: by position (`ID HOST PORT`), or all by
 * keyword when the first has an `=` (`id=ID host=HOST port=PORT`). A host or port also given as
 * --host or --port is an error, whichever came last: they are two forms, not a repetition.
 */
function parameters(parsed: Record<string, unknown>, words: readonly string[]): Partial<Record<Parameter, string>> {
  if (words.length === 0) return {};
  const given = words[0]!.includes('=') ? byKeyword(words) : byPosition(words);
  for (const name of ['host', 'port'] as const) {
    const option = parsed[name];
    if (given[name] === undefined) {
      if (typeof option === 'string') given[name] = option;
    } else if (option !== undefined) {
      throw new InvalidParamsError(`${name} given twice: ${quote(given[name]!)} as a parameter and ${quote(String(option))} as --${name}`);
    }
  }
  return given;
}

function byPosition(words: readonly string[]): Partial<Record<Parameter, string>> {
  // Core Lightning's words, for lightning-cli's three parameters.
  if (words.length > PARAMETERS.length) throw new InvalidParamsError(`too many parameters: got ${words.length}, expected ${PARAMETERS.length}`);
  const given: Partial<Record<Parameter, string>> = {};
  words.forEach((word, i) => (given[PARAMETERS[i]!] = word));
  return given;
}

function byKeyword(words: readonly string[]): Partial<Record<Parameter, string>> {
  const given: Partial<Record<Parameter, string>> = {};
  for (const word of words) {
    const equals = word.indexOf('=');
    // lightning-cli's words for a parameter with no '=' in the keyword form.
    if (equals < 0) throw new InvalidParamsError(`Expected key=value in ${quote(word)}`);
    const name = word.slice(0, equals);
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw new InvalidParamsError(`unknown parameter: ${unquoted(name)} (the parameters are id, host and port)`);
    }
    // Core Lightning's words for a keyword given twice.
    if (given[name as Parameter] !== undefined) throw new InvalidParamsError(`duplicate json names: ${name}`);
    given[name as Parameter] = word.slice(equals + 1);
  }
  return given;
}
