import { InputError } from '../failures.js';
import { formatAddress } from '../net/address.js';
import { parseTarget } from '../net/target.js';
import type { CliArgs } from './parse-args.js';

/**
 * The options given that this run will not use, each with why, for --verbose: a `--proxy` that a
 * plain IP target never goes through, a `--graph` when the target has a host. Nothing when the
 * target does not parse: the run is about to say so itself.
 */
export function unusedOptions(args: CliArgs): string[] {
  if (args.listen !== undefined) {
    const dialling = (['host', 'port', 'proxy', 'always-use-proxy', 'graph', 'dns-seed', 'dns-server'] as const).filter((name) => given(args, name));
    return dialling.map((name) => `--${name} not used: --listen dials nothing`);
  }
  let address;
  try {
    address = parseTarget({ id: args.id, host: args.host, port: args.port, network: args.network ?? 'mainnet' }).address;
  } catch (err) {
    if (err instanceof InputError) return [];
    throw err;
  }
  if (address === undefined) return [];
  const notes: string[] = [];
  const where = formatAddress(address);
  for (const name of ['graph', 'dns-seed'] as const) {
    if (given(args, name)) notes.push(`--${name} not used: the target has a host (${where})`);
  }
  if (args.proxy !== undefined) {
    if (address.type === 'local socket') notes.push('--proxy not used: a unix socket is dialled directly');
    else if ((address.type === 'ipv4' || address.type === 'ipv6') && !args.alwaysUseProxy) {
      notes.push(`--proxy not used: ${where} is an IP address, dialled directly (--always-use-proxy sends it through the proxy)`);
    }
  }
  if (args.dnsServer !== undefined) {
    if (address.type !== 'dns') notes.push(`--dns-server not used: ${where} is not a name to resolve`);
    else if (args.proxy !== undefined) notes.push(`--dns-server not used: the proxy resolves ${address.address}`);
  }
  return notes;
}

const KEYS = {
  host: 'host',
  port: 'port',
  proxy: 'proxy',
  'always-use-proxy': 'alwaysUseProxy',
  graph: 'graph',
  'dns-seed': 'dnsSeed',
  'dns-server': 'dnsServer',
} as const satisfies Record<string, keyof CliArgs>;

function given(args: CliArgs, name: keyof typeof KEYS): boolean {
  const value = args[KEYS[name]];
  return value !== undefined && value !== false;
}
