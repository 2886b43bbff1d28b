import { InvalidParamsError } from '../errors.js';
import { NETWORK_PARAMS, type Network } from '../network.js';
import { parseNodeId, type NodeId } from '../node-id.js';
import type { Address } from './address.js';
import { parseHost } from './host.js';

export interface Target {
  readonly id: NodeId;
  /** Absent when only a node id was given: the caller looks for addresses elsewhere. */
  readonly address?: Address;
}

/**
 * Core Lightning's `connect` parameters (json_connect), with its messages, in its order of checks.
 * Deliberate differences:
 * - ports outside 1-65535 are refused; Core Lightning stores them in a u16 (`:70000` -> 4464);
 * - `[::1]junk` is malformed; Core Lightning ignores what follows the bracket;
 * - host errors are -32602 where Core Lightning uses -1, which our error table does not have;
 * - the bad-token messages are always the developer-mode form, which names the token.
 */
export function parseTarget(params: { id?: string; host?: string; port?: string | number; network: Network }): Target {
  if (params.id === undefined) throw new InvalidParamsError('missing required parameter: id');
  const at = params.id.indexOf('@');
  const idText = at === -1 ? params.id : params.id.slice(0, at);
  const id = parseNodeId(idText);
  if (!id) throw new InvalidParamsError(`id: should be a node id: invalid token '${quoteToken(params.id)}'`);

  let hostText = params.host;
  let portText: string | undefined;
  if (at !== -1) {
    if (params.host !== undefined) throw new InvalidParamsError("Can't specify host as both xxx@yyy and separate argument");
    const split = splitHostPort(params.id.slice(at + 1));
    if (!split) throw new InvalidParamsError('malformed host @part');
    hostText = split.host;
    portText = split.port;
    if (portText !== undefined && params.port !== undefined) {
      throw new InvalidParamsError("Can't specify port as both xxx@yyy:port and separate argument");
    }
  }
  const portParam = params.port === undefined ? undefined : checkPortParam(String(params.port));
  if (hostText === undefined) {
    if (portParam !== undefined) throw new InvalidParamsError("Can't specify port without host");
    return { id };
  }
  if (params.host !== undefined) {
    // A separate host may carry its own port, which wins over the port parameter (as in Core Lightning).
    const split = splitHostPort(params.host);
    if (!split) throw new InvalidParamsError(`Host ${params.host}:${portParam ?? defaultPort(params.network)} not valid: Error parsing hostname`);
    hostText = split.host;
    portText = split.port;
  }
  const port = portText !== undefined ? Number(portText) : (portParam ?? defaultPort(params.network));
  const address = parseHost(hostText, port);
  if ('problem' in address) {
    const verb = address.problem === 'not a simple type' ? 'not a simple type' : `not valid: ${address.problem}`;
    throw new InvalidParamsError(`Host ${hostText}:${port} ${verb}`);
  }
  return { id, address };
}

const defaultPort = (network: Network): number => NETWORK_PARAMS[network].defaultPort;

/**
 * Core Lightning's separate_address_and_port: `[ipv6]` or `[ipv6]:port`; `host:port` when there is
 * exactly one colon; otherwise (a bare IPv6 address) the whole text is the host. Undefined when
 * malformed, including any port that is not 1-65535.
 */
export function splitHostPort(text: string): { host: string; port?: string } | undefined {
  let host: string;
  let port: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return undefined;
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return undefined;
    port = rest === '' ? undefined : rest.slice(1);
  } else {
    const colons = text.split(':').length - 1;
    if (colons === 1) [host, port] = text.split(':') as [string, string];
    else host = text;
  }
  if (port !== undefined && !isPort(port)) return undefined;
  return port === undefined ? { host } : { host, port };
}

function isPort(text: string): boolean {
  return /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

function checkPortParam(text: string): number {
  if (/^0+$/.test(text)) throw new InvalidParamsError(`port: should be non-zero: invalid token '${quoteToken(text)}'`);
  if (!isPort(text)) throw new InvalidParamsError(`port: should be a 16-bit integer: invalid token '${quoteToken(text)}'`);
  return Number(text);
}

/** lightning-cli passes bare digits as JSON numbers and everything else as a JSON string; the token shows which. */
function quoteToken(text: string): string {
  return /^\d+$/.test(text) ? text : JSON.stringify(text);
}
