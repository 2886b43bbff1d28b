/**
 * Writes man/ln-connect.1, in roff, from Core Lightning's connect schema (what the arguments mean,
 * the result, the errors, the examples) and from the tables the CLI itself runs on (options,
 * usage, examples, exit statuses), so the page cannot disagree with `--help`.
 *
 *   node dist/scripts/gen-man.js [FILE]      (default: man/ln-connect.1 in the source tree)
 *
 * The footer's date is SOURCE_DATE_EPOCH's when that is set (reproducible builds), else the date
 * of the last git commit, else today's.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PLAIN } from '../src/cli/color.js';
import { COMPLETION_COMMAND, COMPLETION_DESCRIPTION, COMPLETION_INSTALL, installCommand, SHELLS, STANDARD_OPTIONS, type Completable } from '../src/cli/completion.js';
import { formatJson } from '../src/cli/format/json.js';
import { OPTIONS, type OptionSpec } from '../src/cli/options.js';
import { DESCRIPTION, EXAMPLES, USAGE, USAGE_LINES } from '../src/cli/parse-args.js';
import {
  AllAddressesFailedError,
  DisconnectedError,
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_OUTPUT,
  EXIT_STATUS,
  exitStatusFor,
  formatFailure,
  InvalidParamsError,
  NoAddressError,
  NoPeerError,
  TimeoutError,
  type ConnectError,
  type Stage,
} from '../src/errors.js';
import { DEFAULT_TIMEOUT_SECONDS, ONION_TIMEOUT_SECONDS } from '../src/connect/options.js';
import { formatAddress } from '../src/net/address.js';
import { LIST_EXIT_STATUS } from '../src/batch/exit-status.js';
import { CRON_LIST, DEFAULT_JOBS } from '../src/cli/batch.js';
import { parseOnionV3 } from '../src/wire/onion.js';
import { DISABLE_VARIABLE } from '../src/launch/compile-cache.js';
import { MAX_PENDING_HANDSHAKES } from '../src/listen/accept.js';
import { DEFAULT_LISTEN_TIMEOUT_SECONDS } from '../src/listen/listen.js';
import { MAX_TIMEOUT_SECONDS } from '../src/options.js';
import { isNetwork, NETWORK_PARAMS, NETWORKS } from '../src/network.js';
import { bold, escape, fill, inline, italic, placeholder, textLine, verbatim } from './man/roff.js';
import { adapt, describe, errorCodes, fieldList, list, readSchema, type SchemaNode } from './man/schema.js';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  version: string;
  description: string;
  author: { name: string; url: string };
  repository: { url: string };
  bugs: { url: string };
};
const schema = readSchema(fileURLToPath(new URL('schema/connect.json', root)));
/** The project's page, from package.json's `git+https://....git`. */
const homepage = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** A paragraph of running text (markup allowed). */
const para = (text: string): string[] => ['.PP', ...fill(inline(text))];
/** A tagged paragraph: `tag` is roff already, `body` is text. */
const item = (tag: string, body: string): string[] => ['.TP', textLine(tag), ...fill(inline(body))];
/** A further paragraph of the item above, at its indentation. */
const more = (text: string): string[] => ['.IP', ...fill(inline(text))];
/** Commands or output, set off from the text around them. */
const example = (lines: readonly string[]): string[] => ['.RS 4', ...verbatim(lines), '.RE'];
/** The same, inside the item above. */
const itemExample = (lines: readonly string[]): string[] => ['.IP', ...verbatim(lines)];

function option(name: string): OptionSpec {
  const found = OPTIONS.find((o) => o.name === name);
  if (!found) throw new Error(`no --${name} in OPTIONS`);
  return found;
}

/** `-n, --network NETWORK` */
function optionLabel(o: Completable): string {
  const names = [...(o.alias ? [bold(`-${o.alias}`)] : []), bold(`--${o.name}`)].join(', ');
  return o.value ? `${names} ${placeholder(o.value)}` : names;
}

/** `$0 <id>[@host[:port]] [options]`: the words are placeholders, `@` and `:` are typed as shown. */
function usage(text: string): string {
  return text
    .replace(/^\$0 /, '')
    .replace(/[<>]/g, '')
    .split(/([a-z]+|[@:])/)
    .map((part) => (/^[a-z]+$/.test(part) ? italic(part) : /^[@:]$/.test(part) ? bold(part) : escape(part)))
    .join('');
}

/** When the page was built: SOURCE_DATE_EPOCH, else the last commit, else today (a tree outside git). */
function pageDate(): string {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch) {
    const date = new Date(Number(epoch) * 1000);
    if (!/^\d+$/.test(epoch) || Number.isNaN(date.getTime())) throw new Error(`SOURCE_DATE_EPOCH is not a number of seconds: ${epoch}`);
    return date.toISOString().slice(0, 10);
  }
  try {
    const committed = execFileSync('git', ['log', '-1', '--format=%cd', '--date=format-local:%Y-%m-%d'], {
      cwd: fileURLToPath(root),
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (committed) return committed;
  } catch {
    // Not a git checkout (an unpacked tarball), or no git: the build's own date.
  }
  return new Date().toISOString().slice(0, 10);
}

function header(): string[] {
  const date = pageDate();
  return [
    '.\\" Generated by scripts/gen-man.ts from schema/connect.json and the CLI\'s option table; do not edit.',
    `.TH LN\\-CONNECT 1 "${date}" "ln\\-connect ${escape(pkg.version)}" "User Commands"`,
    // Left-aligned and unhyphenated: messages and option names must read exactly as typed.
    '.ad l',
    '.nh',
    '.SH NAME',
    ...fill(`ln\\-connect \\- ${escape(pkg.description.charAt(0).toLowerCase() + pkg.description.slice(1))}`),
  ];
}

function synopsis(): string[] {
  const listen = option('listen');
  const input = option('input');
  return [
    '.SH SYNOPSIS',
    '.SY ln\\-connect',
    usage(USAGE),
    '.YS',
    // lightning-cli connect's parameters, by position and by name.
    '.SY ln\\-connect',
    usage(USAGE_LINES[1]!),
    '.YS',
    '.SY ln\\-connect',
    `${['id', 'host'].map((name) => `${bold(`${name}=`)}${italic(name)}`).join(' ')} [${bold('port=')}${italic('port')}] [${italic('options')}]`,
    '.YS',
    '.SY ln\\-connect',
    `${bold(`--${input.name}`)} ${placeholder(input.value ?? '')} [${italic('options')}]`,
    '.YS',
    '.SY ln\\-connect',
    `${bold('--graph')} ${placeholder('FILE')} ${bold(`--${option('all').name}`)} [${italic('options')}]`,
    '.YS',
    '.SY ln\\-connect',
    `${bold(`--${listen.name}`)} ${placeholder(listen.value ?? '')} [${italic('options')}]`,
    '.YS',
    '.SY ln\\-connect',
    `${bold(COMPLETION_COMMAND)} [${SHELLS.map(bold).join('|')}]`,
    '.YS',
  ];
}

/**
 * The target, in the schema's words about `id`, `host` and `port`, where they describe lightningd
 * (its gossip, "the current network") swapped for what ln-connect does instead.
 */
function target(): string[] {
  const { id, host, port } = schema.request.properties;
  if (!id || !host || !port) throw new Error('the schema no longer has id, host and port');
  const idText = adapt(describe(id), [
    ['the *host* and *port* parameters must be omitted', 'the **--host** and **--port** options must be omitted'],
    [
      'This can fail if your C-lightning node is a fresh install that has not connected to any peers yet (your node has no gossip yet), or if',
      'Given *id* alone, ln-connect has no gossip of its own: it asks **--graph** and **--dns-seed** for addresses, and this fails if neither is given, or if',
    ],
  ]);
  const hostText = adapt(describe(host), [
    [
      'If *host* is not specified (or doesn\'t work), the connection will be attempted to an IP belonging to *id* obtained through gossip with other already connected peers.',
      'If *host* is not specified, the connection will be attempted to the addresses that **--graph** and **--dns-seed** find for *id*.',
    ],
    // lightningd's own option for its socket means nothing to a user of this tool.
    ['local socket (see **bind-addr** in lightningd-config(5)).', 'local socket (such as the one **ln-connect --listen** *PATH* makes).'],
  ]);
  const [portIntro = '', ...portLines] = port.description ?? [];
  // The page lists the ports ln-connect uses, from NETWORK_PARAMS; each one the schema names must agree.
  for (const line of portLines) {
    const [, network = '', defaultPort = ''] = /\*\*(\w+)\*\*: (\d+)/.exec(line) ?? [];
    if (!isNetwork(network) || NETWORK_PARAMS[network].defaultPort !== Number(defaultPort)) {
      throw new Error(`the schema's default port "${line}" disagrees with NETWORK_PARAMS`);
    }
  }
  const ports = NETWORKS.map((n) => `${NETWORK_PARAMS[n].defaultPort} on **${n}**`);
  const portText = `${adapt(portIntro, [['depends on the current network:', 'depends on **--network**:']])} ${ports.join(', ')}.`;
  return [
    '.SS The target',
    ...item(usage('<id>[@host[:port]]'), idText),
    ...item(optionLabel(option('host')), hostText),
    ...item(optionLabel(option('port')), portText),
  ];
}

function completion(): string[] {
  const files = SHELLS.map((shell) => `\`completions/${COMPLETION_INSTALL[shell].file}\``);
  return [
    '.SS Shell completion',
    ...item(
      `${bold(`ln-connect ${COMPLETION_COMMAND}`)} [${italic('shell')}]`,
      `${COMPLETION_DESCRIPTION}. The script holds the options it completes, so a TAB runs no program; after upgrading ln-connect, install it again. ` +
        `The package holds the scripts too, as ${list(files, 'and')}.`,
    ),
    ...more('To install one for yourself, where each shell looks for it (make the directory first if need be):'),
    ...SHELLS.flatMap((shell) => [...itemExample([installCommand(shell)]), ...more(`${COMPLETION_INSTALL[shell].note}.`)]),
  ];
}

function description(): string[] {
  return ['.SH DESCRIPTION', ...fill(inline(DESCRIPTION)), ...target(), ...completion()];
}

function options(): string[] {
  const lines = ['.SH OPTIONS'];
  const groups = [...new Set(OPTIONS.map((o) => o.group))];
  for (const group of groups) {
    lines.push(`.SS ${escape(group)}`);
    for (const o of OPTIONS.filter((x) => x.group === group)) {
      const choices = o.choices ? `One of ${list(o.choices.map((c) => `**${c}**`), 'or')}.` : '';
      lines.push(...item(optionLabel(o), [o.description.replace(/\.?$/, '.'), choices, o.details ?? ''].filter(Boolean).join(' ')));
    }
  }
  // yargs' own options, set up in buildParser.
  lines.push('.SS Other', ...STANDARD_OPTIONS.flatMap((o) => item(optionLabel(o), `${o.description}.`)));
  return lines;
}

/**
 * Core Lightning's result, less `torv2`: Tor removed v2 onion services in 2021 and ln-connect
 * refuses their names, so the page names the type only as refused.
 */
function response(): SchemaNode {
  let swapped = 0;
  const pruned = JSON.parse(JSON.stringify(schema.response), (key, value: unknown) => {
    if (key === 'enum' && Array.isArray(value)) return value.filter((v) => v !== 'torv2');
    if (typeof value === 'string' && value.includes('*torv2*/*torv3*')) {
      swapped++;
      return value.replace('*torv2*/*torv3*', '*torv3*');
    }
    return value;
  }) as SchemaNode;
  if (swapped !== 1) throw new Error(`the schema's address type no longer says "*torv2*/*torv3*"; review how the page leaves torv2 out`);
  return pruned;
}

/** What ln-connect says of a Tor v2 name, from the parser that refuses it. */
function torV2Refusal(): string {
  try {
    parseOnionV3(`${'a'.repeat(16)}.onion`);
  } catch (err) {
    if (err instanceof Error) return err.message;
  }
  throw new Error('parseOnionV3 accepts a Tor v2 name');
}

function output(): string[] {
  return [
    '.SH OUTPUT',
    '.SS The result',
    ...para(
      "On success, ln-connect prints on standard output the object that Core Lightning's **connect** returns, as **lightning-cli** prints it: " +
        'three-space indentation, keys in the same order (**--format text** prints a one-line summary instead). It contains:',
    ),
    ...fieldList(response()),
    ...para(`The **type** is never **torv2**: a Tor v2 name is refused before anything is dialled, with error -32602 ("${torV2Refusal()}").`),
    ...errors(),
    ...lists(),
  ];
}

/** Lists (issue 10): what --input and --graph --all print, in what order, and how retries and pings go. */
function lists(): string[] {
  const input = option('input');
  return [
    '.SS Lists',
    ...para(
      `With **--${input.name}** *FILE* (**-** for standard input), ln-connect checks every target of the list, one per line, written as the positional target is; ` +
        "blank lines and lines starting with **#** are skipped, and a line that is not a target is that line's own -32602 while the run goes on. " +
        "With **--graph** *FILE* **--all**, the list is every node of the graph that announced an address to dial, by id, in the dump's order, each node's addresses tried in Core Lightning's order.",
    ),
    ...para(
      `Up to **--jobs** targets (default ${DEFAULT_JOBS}) are checked at once, each with its own **--timeout**, counted from its own start, so that no more connections, DNS queries or SOCKS5 sessions than that are ever in flight. ` +
        'The list is read as it is checked, never whole: a slow target holds back the lines after it, and, beyond a bounded number of them, the reading. ' +
        'Each result is printed in the order of the list as soon as it and all before it are done: with **--format json** (the default) one compact JSON object per line (JSON Lines):',
    ),
    ...fieldList(schema.list_line),
    ...para('For example:'),
    ...example([
      '{"target":"02ab...@203.0.113.5:9735","result":{"id":"02ab...","features":"0898882a8a59a1","direction":"out","address":{"type":"ipv4","address":"203.0.113.5","port":9735}}}',
      '{"target":"03cd...@198.51.100.7","error":{"code":401,"message":"All addresses failed: 198.51.100.7:9735: Connection establishment: Connection refused. "},"attempts":3}',
    ]),
    ...para(
      '**--format text** prints one line per target instead: the status (**up** or the error code) and the time spent, in fixed-width columns, then the target and what came of it. ' +
        'On a terminal, a progress line (done, total, up and down) and a summary go to standard error; under cron, nothing but the lines is written. ' +
        '**--verbose** prefixes each line of its log with the target.',
    ),
    ...para(
      '**--retries** *N* tries a target again, up to *N* times, after a failure that can be transient: a refused, reset or timed out connection, an unreachable host or network, a name server that did not answer, a SOCKS5 proxy whose circuit failed, or a peer that disconnected after init (402) without saying why. ' +
        'A malformed target, no address (400), a wrong key, a foreign service, and a peer that sent a warning or error (rejecting our features or network) are not tried again. ' +
        'The first retry waits **--retry-delay**, each further one twice as long, each less a random part of up to half, so that targets that failed together do not retry together. ' +
        "A single target takes these options too; its output keeps its own shape, and its exit status is the last attempt's.",
    ),
    ...para(
      '**--ping** *N* and **--timings** add *rtt_ms* and *timings* to the result, for a single target and a list alike; **--timings** adds *data.timings* to an error. ' +
        '**--format prometheus** and **--format nagios** print once every target is done.',
    ),
  ];
}

/** What each STATE of a 401 record covers. */
const STAGES = {
  'Connection establishment': 'resolving the name, dialling TCP or the unix socket, the SOCKS5 proxy',
  'Cryptographic handshake': 'the BOLT 8 Noise_XK handshake, which fails with "peer closed connection (wrong key?)" when the id does not match the node',
  'Exchanging init messages': 'the BOLT 1 init messages and the ping that confirms the session',
} satisfies Record<Stage, string>;

function errors(): string[] {
  const refused = new AllAddressesFailedError([{ address: '127.0.0.1:1', stage: 'Connection establishment', reason: 'Connection refused' }]);
  const record = formatFailure({ address: 'ADDR', stage: 'STATE' as Stage, reason: 'ERR' });
  const addresses = [
    { type: 'ipv4', address: '203.0.113.5', port: 9735 },
    { type: 'ipv6', address: '2001:db8::5', port: 9735 },
    { type: 'dns', address: 'node.example.com', port: 9735 },
    { type: 'local socket', socket: '/path/to/socket' },
  ] as const;
  const details: Record<number, { error: ConnectError; more: string[] }> = {
    400: { error: new NoAddressError(), more: ["When an address source failed, what it reported follows Core Lightning's text, in parentheses."] },
    401: {
      error: refused,
      more: [
        `The message is "All addresses failed: " and then one record per address tried, in order, each \`${record}\` (a full stop and a space: the message ends with a space).`,
        `**ADDR** is written as Core Lightning writes it: ${addresses.map((a) => `\`${formatAddress(a)}\``).join(', ')}.`,
        `**STATE** is how far the attempt got: ${Object.entries(STAGES).map(([stage, what]) => `**${stage}** (${what})`).join('; ')}.`,
        `**ERR** is the system's text for the error, as strerror(3) words it (such as "Connection refused"), or the protocol failure; a deadline that passed reads "${new TimeoutError().message}". For example:`,
      ],
    },
    402: { error: new DisconnectedError(), more: ['A detail may follow, after a colon.'] },
    [-32602]: { error: new InvalidParamsError('missing required parameter: id'), more: ['The message says which parameter is wrong, and why.'] },
  };
  const lines = [
    '.SS Errors',
    ...para(
      "On failure, ln-connect prints Core Lightning's error object, with its **code** and **message**, on standard output as **lightning-cli** does " +
        '(so `jq .code` reads either outcome), and exits with the status for the code. It contains:',
    ),
    ...fieldList(schema.error_object),
    ...para(`The codes, in the schema's words, then the message ln-connect gives:`),
  ];
  for (const { code, meaning } of errorCodes(schema)) {
    const entry = details[code];
    if (!entry) throw new Error(`the schema lists error ${code}, which ln-connect never reports`);
    lines.push(
      ...item(bold(String(code)), `${meaning.replace(/\.?$/, '.')} Exit status ${exitStatusFor(entry.error)}.`),
      '.IP',
      ...fill(`Message: "${escape(entry.error.message)}"`),
      ...entry.more.flatMap(more),
    );
    if (code === refused.code) lines.push(...itemExample(formatJson(refused.toJSON(), PLAIN).trimEnd().split('\n')));
  }
  return lines;
}

function exitStatus(): string[] {
  return [
    '.SH EXIT STATUS',
    ...para(
      '**lightning-cli** exits 1 for every error; ln-connect gives each error code its own status, so that a script can tell a node that is down from a command that is wrong.',
    ),
    ...EXIT_STATUS.flatMap((row) => item(bold(String(row.exit)), `${row.meaning}${row.code === null ? '' : ` (error ${row.code})`}.`)),
    ...para(
      `A list (**--${option('input').name}**, **--${option('all').name}**) has one status for all its targets, each target's own code being on its line; ` +
        `an internal error is still ${EXIT_INTERNAL}, an output that could not be written ${EXIT_OUTPUT}:`,
    ),
    ...LIST_EXIT_STATUS.flatMap((row) => item(bold(String(row.exit)), `${row.meaning}.`)),
    ...para("With **--format nagios**, the status is the plugin's instead: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (a usage error)."),
  ];
}

function environment(): string[] {
  return [
    '.SH ENVIRONMENT',
    ...item(bold('NO_COLOR'), 'When set and not empty, no colour, whatever **--color** says (https://no-color.org).'),
    ...item(bold('FORCE_COLOR'), 'Without **--color** or **--no-color**: **0** or **false** turns colour off, any other value turns it on, even when standard output is not a terminal.'),
    ...item(
      bold('TERM'),
      'Colour is on by default only when standard output is a terminal and **TERM** is not **dumb**. The progress spinner appears only when standard error is a terminal, and never with **TERM=dumb**.',
    ),
    ...item(bold('SHELL'), `The shell **ln-connect ${COMPLETION_COMMAND}** writes a script for when none is named.`),
    ...item(bold('XDG_CACHE_HOME'), 'Where the code cache goes (see FILES), when set to an absolute path; otherwise **$HOME/.cache**. Without either, there is no cache.'),
    ...item(bold(DISABLE_VARIABLE), "When set and not empty, no code cache is read or written (Node's own compile cache obeys it too)."),
  ];
}

function files(): string[] {
  return [
    '.SH FILES',
    ...item(
      bold('$XDG_CACHE_HOME/ln-connect/*.v8cache'),
      'The compiled program, kept by V8 between runs so that each run starts sooner; one file per version of ln-connect and Node. ' +
        'The first run writes it, later runs use it; a run that makes no session (**--help**, a refused connection) writes a partial one, which the first run that makes a session replaces. ' +
        'The directory is made with mode 700 and is ignored if another user could write to it. ' +
        'Deleting it is always safe.',
    ),
    ...item(
      bold('$XDG_CACHE_HOME/ln-connect/node-VERSION-ARCH/'),
      "Node's own compile cache (Node 22.1 and later) for what loads from outside the program: chalk and ora, on a terminal. " +
        'Those of other Node versions are removed when the code cache is next written. Deleting it is always safe.',
    ),
  ];
}

/** Core Lightning's examples ran on regtest, so ours say so: a regtest node rejects a mainnet init. */
function schemaExamples(): string[] {
  return schema.json_example.flatMap(({ request, response }) => {
    const { id, ...rest } = request.params;
    const flags = Object.entries(rest).map(([name, value]) => `--${name} ${value}`);
    return ['.PP', ...example([`$ ln-connect ${id} \\`, `    --network regtest ${flags.join(' ')}`, ...formatJson(response, PLAIN).trimEnd().split('\n')])];
  });
}

/** A Nagios/Icinga plugin: peer problems are CRITICAL, a wrong command or a bug UNKNOWN. */
function nagiosPlugin(): string[] {
  const peerDown = EXIT_STATUS.filter((row) => row.code !== null && row.code > 0).map((row) => row.exit);
  return [
    '#!/bin/sh',
    'out=$(ln-connect --format text --timeout 20 "$1" 2>&1)',
    'case $? in',
    `  ${EXIT_OK}) echo "LN OK - $out"; exit 0 ;;`,
    `  ${peerDown.join('|')}) echo "LN CRITICAL - $out"; exit 2 ;;`,
    '  *) echo "LN UNKNOWN - $out"; exit 3 ;;',
    'esac',
  ];
}

function examples(): string[] {
  const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
  return [
    '.SH EXAMPLES',
    ...EXAMPLES.flatMap(([command, what]) => [...para(`${capitalised(what)}:`), ...example([`$ ${command.replace('$0', 'ln-connect')}`])]),
    ...para("Core Lightning's own examples of **connect**, as ln-connect commands, with their output:"),
    ...schemaExamples(),
    ...para('A crontab entry that mails only when the node cannot be reached:'),
    ...example(['*/5 * * * * ln-connect -q 02abc...@node.example.com || echo "unreachable: exit status $?"']),
    ...para('A crontab entry that checks every peer in a file, retrying flaky ones, and mails the lines of those down:'),
    ...example([CRON_LIST]),
    ...para('A Nagios or Icinga plugin (`check_ln_node ID@HOST`):'),
    ...example(nagiosPlugin()),
  ];
}

/** What the issues asked the page to state; the figures come from the code that enforces them. */
function notes(): string[] {
  return [
    '.SH NOTES',
    '.SS Repeated options',
    ...para(
      'Given more than once, an option takes its last value: **-n testnet --network regtest** dials regtest, so a value in an alias or a script can be overridden by one added after it. ' +
        'A host or port given both in the target (*id*@*host*:*port*) and as **--host** or **--port** is not overridden but refused, with error -32602, as Core Lightning refuses it.',
    ),
    '.SS The deadline',
    ...para(
      '**--timeout** counts from the start of the process, so loading the program is inside it; every stage (resolving, dialling, the handshake, init, the ping) shares what is left. ' +
        `It must be more than 0 and at most ${MAX_TIMEOUT_SECONDS} seconds (about 24.8 days, the longest timer Node.js keeps); less than a millisecond counts as one millisecond. ` +
        `The default is ${DEFAULT_TIMEOUT_SECONDS} seconds, ${ONION_TIMEOUT_SECONDS} for a .onion target, and ${DEFAULT_LISTEN_TIMEOUT_SECONDS} with **--listen**.`,
    ),
    '.SS Listening',
    ...para(
      'With **--listen**, ln-connect accepts connections until one peer completes the handshake, the init exchange and the ping, or the deadline passes. ' +
        'A connection that fails before that (a port scanner, a peer with another node id in mind, bytes that are not BOLT 8) is closed and listening goes on; ' +
        '**--verbose** reports each one on standard error, and the error at the deadline counts them by reason: ' +
        `"${new NoPeerError([{ address: '192.0.2.7:51234', reason: 'peer closed connection (wrong key?)' }]).message}". ` +
        `At most ${MAX_PENDING_HANDSHAKES} handshakes run at once; a connection that arrives beyond that is closed at once, and those in progress keep their chance.`,
    ),
    '.SS Memory',
    ...para(
      'What ln-connect queues for the peer is bounded: it answers a ping only once its previous pong has been sent, and a peer that floods it with pings is failed. ' +
        'Whatever the peer sends, the process stays under 100 MB.',
    ),
  ];
}

function seeAlso(): string[] {
  const pages = ['lightning-cli(1)', 'lightning-connect(7)', ...schema.see_also];
  const refs = pages.map((page, i) => {
    const [, name = page, section = ''] = /^(.*)\((\w+)\)$/.exec(page) ?? [];
    return `.BR ${escape(name)} (${section})${i < pages.length - 1 ? ',' : ''}`;
  });
  return ['.SH SEE ALSO', ...refs, ...para('BOLT 1 (init), BOLT 8 (transport), BOLT 9 (features) and BOLT 10 (DNS seeds): https://github.com/lightning/bolts')];
}

function authors(): string[] {
  return ['.SH AUTHORS', ...para(`Written by ${pkg.author.name}: ${pkg.author.url}`)];
}

function reportingBugs(): string[] {
  return ['.SH REPORTING BUGS', ...para(`Report bugs at ${pkg.bugs.url}; for an internal error (exit status 5), include the output of the same command with **--debug**.`)];
}

function copyright(): string[] {
  const license = readFileSync(new URL('LICENSE', root), 'utf8').split('\n');
  const holder = license.find((line) => line.startsWith('Copyright'));
  if (!holder) throw new Error('LICENSE has no Copyright line');
  return [
    '.SH COPYRIGHT',
    ...para(`${holder}. ${license[0]}: see the LICENSE file in the package, or ${homepage}.`),
    ...para(
      "What this page says of the target (*id*, **--host**, **--port**), of the result and of each error code, and Core Lightning's examples, " +
        "are adapted from Core Lightning's schema of **connect** (https://github.com/ElementsProject/lightning).",
    ),
  ];
}

const sections = [
  header(),
  synopsis(),
  description(),
  options(),
  output(),
  exitStatus(),
  environment(),
  files(),
  notes(),
  examples(),
  authors(),
  reportingBugs(),
  copyright(),
  seeAlso(),
];
// A heading already starts a paragraph; .PP right after one is redundant (and mandoc says so).
const page = sections.flat().filter((line, i, all) => !(line === '.PP' && /^\.S[HS] /.test(all[i - 1] ?? '')));
const out = process.argv[2] ?? fileURLToPath(new URL('man/ln-connect.1', root));
writeFileSync(out, `${page.join('\n')}\n`);
