import type { Graph } from '../net/graph.js';
import type { SharedOptions } from '../options.js';
import type { SessionHook } from '../session/latency.js';

/**
 * The library's connect() parameters: Core Lightning's `id`, `host`, `port`, plus ln-connect's own.
 * `timeout` defaults to DEFAULT_TIMEOUT_SECONDS, or ONION_TIMEOUT_SECONDS when the target is a Tor onion.
 */
export interface ConnectOptions extends SharedOptions {
  /** The node id, or `id@host`, `id@host:port`, `id@[ipv6]:port`, `id@/unix/socket`, `id@name.onion`. */
  readonly id: string;
  /** A host when `id` has none: IPv4, IPv6, DNS name, `.onion`, or a path to a unix socket. */
  readonly host?: string;
  readonly port?: number | string;
  /** A SOCKS5 proxy, `host[:port]` (default port 9050) or `user:pass@host:port`. Needed for .onion. */
  readonly proxy?: string;
  /** Send clearnet targets through the proxy too. */
  readonly alwaysUseProxy?: boolean;
  /** With no host: look the node up at a BOLT 10 DNS seed; `true` uses the network's default seeds. */
  readonly dnsSeed?: string | boolean;
  /** The DNS server (`host[:port]`) for DNS seeds and host names, instead of the system resolver. */
  readonly dnsServer?: string;
  /**
   * With no host: a `lightning-cli listnodes` or `lncli describegraph` JSON file to look the node
   * up in, or the Graph readGraph() made of one, to read it only once for many connects.
   */
  readonly graph?: string | Graph;
  /**
   * When the peer hangs up on our Act One without a word, open a second connection to tell a TLS
   * server from a Lightning node that does not hold the key we dialled. Default false.
   */
  readonly probeTls?: boolean;
  /**
   * Called once the session is confirmed, before ln-connect hangs up; the connection stays open,
   * within the same deadline, until the hook settles. `session.ping()` measures a round trip.
   */
  readonly onSession?: SessionHook;
}

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const ONION_TIMEOUT_SECONDS = 30;
