import type { ConnectOptions } from '../connect/options.js';
import type { CliArgs } from './parse-args.js';

/** How connect() finds and reaches the target, from the command line: one target's, or every target's of a list. */
export function reachOptions(args: CliArgs): Pick<ConnectOptions, 'host' | 'port' | 'proxy' | 'alwaysUseProxy' | 'probeTls' | 'dnsSeed' | 'dnsServer' | 'graph'> {
  return {
    host: args.host,
    port: args.port,
    proxy: args.proxy,
    alwaysUseProxy: args.alwaysUseProxy === true,
    probeTls: args.probeTls === true,
    dnsSeed: args.dnsSeed === '' ? true : args.dnsSeed,
    dnsServer: args.dnsServer,
    graph: args.graph,
  };
}
