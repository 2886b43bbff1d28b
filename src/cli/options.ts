import { NETWORKS } from '../network.js';

/**
 * Every option, once. yargs, `--help`, the man page and the shell completions all read this table,
 * so none of them can drift from the others.
 */
export interface OptionSpec {
  readonly name: string;
  readonly alias?: string;
  readonly type: 'string' | 'boolean';
  /** What the value is called in the synopsis and man page (`SECONDS`, `PATH`). */
  readonly value?: string;
  readonly choices?: readonly string[];
  /** Other spellings of a choice, accepted and read as the choice they name (`bitcoin` is `mainnet`). */
  readonly choiceAliases?: Readonly<Record<string, string>>;
  /** A flag that is short for another option with a value: `--regtest` is `--network regtest`. */
  readonly shortFor?: { readonly option: string; readonly value: string };
  readonly description: string;
  /** A longer text for the man page only. */
  readonly details?: string;
  readonly group: 'Target' | 'Address sources' | 'Connection' | 'Listening' | 'Output' | 'Lists and monitoring';
}

export const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'host',
    type: 'string',
    value: 'HOST',
    group: 'Target',
    description: 'Host to dial when the id has no @host: IPv4, IPv6, DNS name, v3 .onion, or /path/to/unix/socket',
  },
  {
    name: 'port',
    type: 'string',
    value: 'PORT',
    group: 'Target',
    description: "Port to dial (1-65535); default: the network's (9735 mainnet, 19735 testnet, 49735 testnet4, 39735 signet, 19846 regtest)",
  },
  {
    name: 'network',
    alias: 'n',
    type: 'string',
    value: 'NETWORK',
    choices: NETWORKS,
    choiceAliases: { bitcoin: 'mainnet' },
    group: 'Target',
    description: "Chain: sets the default port and the chain hash our init announces; bitcoin is mainnet, as Core Lightning names it",
  },
  ...(['mainnet', 'testnet', 'signet', 'regtest'] as const).map(
    (network): OptionSpec => ({
      name: network,
      type: 'boolean',
      shortFor: { option: 'network', value: network },
      group: 'Target',
      description: `Short for --network ${network}, as lightningd has it`,
    }),
  ),
  {
    name: 'dns-seed',
    type: 'string',
    value: '[SEED]',
    group: 'Address sources',
    description: "With no host: find the node's addresses at a BOLT 10 DNS seed (default: the network's seeds)",
  },
  {
    name: 'dns-server',
    type: 'string',
    value: 'HOST[:PORT]',
    group: 'Address sources',
    description: 'DNS server for --dns-seed and host names, instead of the system resolver',
  },
  {
    name: 'graph',
    type: 'string',
    value: 'FILE',
    group: 'Address sources',
    description: "With no host: take the node's announced addresses from `lightning-cli listnodes` or `lncli describegraph` JSON",
  },
  {
    name: 'timeout',
    alias: 't',
    type: 'string',
    value: 'SECONDS',
    group: 'Connection',
    description: 'Deadline for the whole run: resolve, dial, handshake, init, confirmation; seconds, or a duration such as 500ms, 30s, 2m (default 10; 30 for .onion)',
  },
  {
    name: 'proxy',
    type: 'string',
    value: '[USER:PASS@]HOST[:PORT]',
    group: 'Connection',
    description: 'SOCKS5 proxy (Tor) for .onion and host names; default port 9050; names are resolved by the proxy',
  },
  {
    name: 'always-use-proxy',
    type: 'boolean',
    group: 'Connection',
    description: 'Send IPv4 and IPv6 targets through --proxy too',
  },
  {
    name: 'probe-tls',
    type: 'boolean',
    group: 'Connection',
    description: 'After a silent hang-up in the handshake, open a second connection to tell a TLS server from a wrong key',
  },
  {
    name: 'key-file',
    type: 'string',
    value: 'PATH',
    group: 'Connection',
    description: 'Our node key: a file holding a 32-byte hex secret, mode 600 (default: a fresh key per run)',
  },
  {
    name: 'features',
    type: 'string',
    value: 'HEX',
    group: 'Connection',
    description: 'Feature bits our init advertises, as hex (default: optional bits 1 7 9 13 15 17 45)',
  },
  {
    name: 'listen',
    alias: 'l',
    type: 'string',
    value: '[HOST:]PORT|PATH',
    group: 'Listening',
    description: 'Accept one inbound connection instead of dialling; prints our id@host:port on stderr',
  },
  {
    name: 'format',
    alias: 'f',
    type: 'string',
    value: 'FORMAT',
    choices: ['json', 'text', 'prometheus', 'nagios'],
    group: 'Output',
    description:
      'json: the result as lightning-cli prints it (a list: JSON Lines); text: a one-line summary per target; prometheus: the text exposition format; nagios: a Monitoring Plugins line and exit status',
  },
  {
    name: 'quiet',
    alias: 'q',
    type: 'boolean',
    group: 'Output',
    description: 'Print no result; only the exit status tells (a usage error is still one line on stderr)',
  },
  {
    name: 'color',
    type: 'boolean',
    group: 'Output',
    description: 'Colour the output (--no-color: never); default: when stdout is a terminal and NO_COLOR is unset',
  },
  {
    name: 'verbose',
    alias: 'v',
    type: 'boolean',
    group: 'Output',
    description:
      'Log each stage on stderr, one line each, after the milliseconds since ln-connect started (+12ms connecting to ...); also names options the target does not use',
  },
  {
    name: 'debug',
    type: 'boolean',
    group: 'Output',
    description: 'Show the stack trace of an internal error',
  },
  // Lists, retries, latency and monitoring formats (issue 10); src/cli/batch.ts runs them.
  {
    name: 'input',
    alias: 'i',
    type: 'string',
    value: 'FILE',
    group: 'Lists and monitoring',
    description: 'Check every target listed in FILE (- for standard input), one per line as the positional target is written; blank lines and # comments are skipped',
  },
  {
    name: 'all',
    type: 'boolean',
    group: 'Lists and monitoring',
    description: 'With --graph: check every node of the graph that has an address',
  },
  {
    name: 'jobs',
    alias: 'j',
    type: 'string',
    value: 'N',
    group: 'Lists and monitoring',
    description: 'Check up to N targets at once, each with its own --timeout (default 32, at most 1000)',
  },
  {
    name: 'retries',
    type: 'string',
    value: 'N',
    group: 'Lists and monitoring',
    description: 'Try a target again up to N times after a failure that can be transient: refused, reset, timed out, a proxy circuit, 402 (default 0)',
  },
  {
    name: 'retry-delay',
    type: 'string',
    value: 'SECONDS',
    group: 'Lists and monitoring',
    description: 'Wait before the first retry, doubled at each further one, less up to half at random; seconds or 500ms, 30s, 2m (default 1)',
  },
  {
    name: 'ping',
    type: 'string',
    value: 'N',
    group: 'Lists and monitoring',
    description: 'Once the session is confirmed, time N BOLT 1 pings and add "rtt_ms": {min, median, max}',
  },
  {
    name: 'timings',
    type: 'boolean',
    group: 'Lists and monitoring',
    description: 'Add "timings": milliseconds spent resolving, connecting, in the SOCKS5 proxy, the handshake acts, init and confirmation',
  },
  {
    name: 'output',
    alias: 'o',
    type: 'string',
    value: 'FILE',
    group: 'Lists and monitoring',
    description: 'Write the output to FILE instead of standard output, atomically (a temporary file in the same directory, renamed), e.g. for the node_exporter textfile collector',
  },
  {
    name: 'warning',
    alias: 'w',
    type: 'string',
    value: 'RANGE',
    group: 'Lists and monitoring',
    description: 'With --format nagios: WARNING when the connect time in seconds (a list: the number of targets down) is outside RANGE',
  },
  {
    name: 'critical',
    alias: 'c',
    type: 'string',
    value: 'RANGE',
    group: 'Lists and monitoring',
    description: 'With --format nagios: CRITICAL when the connect time in seconds (a list: the number of targets down) is outside RANGE',
  },
];
