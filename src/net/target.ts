import { InputError, reworded } from '../failures.js';
import { NETWORK_PARAMS, type Network } from '../network.js';
import { NODE_ID_FORM, parseNodeId, type NodeId } from '../node-id.js';
import { shorten } from '../quote.js';
import type { Address } from './address.js';
import { parseHost, PORT_RANGE, readHostPort } from './host.js';

/** Core Lightning's `connect` parameters, plus the network that picks the default port. */
export interface TargetParams {
  /** A node id, or `id@host`, `id@host:port`, `id@[ipv6]:port`, `id@/path/to/socket`. */
  readonly id?: string;
  readonly host?: string;
  readonly port?: string | number;
  readonly network: Network;
}

export interface Target {
  readonly id: NodeId;
  /** Absent when only a node id was given: the caller looks for addresses elsewhere. */
  readonly address?: Address;
}

/**
 * Reads the parameters as Core Lightning's json_connect and param_id_maybe_addr do: the same
 * checks, in the order they run when the parameters come by position (id, host, port), with the
 * same messages, thrown as InputError (connect() reports it as -32602). Deliberate differences:
 * - a port outside 1-65535 in `id@host:port` or in `host` is refused; Core Lightning stores it in a
 *   u16, so `:70000` dials port 4464 and `:-1` port 65535;
 * - a bad host is -32602, where Core Lightning answers -1, a code our error table does not have;
 *   the texts stay Core Lightning's (`Host %s:%u not valid: %s`, `Host %s:%u not a simple type`);
 * - the reason after `not valid:` is ours where Core Lightning would have asked DNS about a
 *   malformed name, accepted what it cannot dial (`ws:`), or failed a Tor v2 name without saying
 *   that v2 is obsolete;
 * - bad-token messages always take the developer-mode form, which shows the token (its first 400
 *   characters), and go on to say what was wrong: what a node id is and how this one differs,
 *   the range of ports, what made an @part malformed.
 */
export function parseTarget(params: TargetParams): Target {
  if (params.id === undefined) throw new InputError('missing required parameter: id');
  const token = params.id;
  const at = token.indexOf('@');
  const id = reworded(
    () => parseNodeId(at < 0 ? token : token.slice(0, at)),
    (err) => badToken('id', 'should be a node id', token, `a node id is ${NODE_ID_FORM}; ${err.message}`),
  );

  let host = params.host;
  let port: number | undefined;
  if (at >= 0) {
    const parts = reworded(
      () => readHostPort(token.slice(at + 1)),
      (err) => new InputError(`malformed host @part: ${err.message}`),
    );
    if (params.host !== undefined) throw new InputError("Can't specify host as both xxx@yyy and separate argument");
    host = parts.host;
    port = parts.port;
  }
  if (params.port !== undefined) {
    if (port !== undefined) throw new InputError("Can't specify port as both xxx@yyy:port and separate argument");
    port = portParam(params.port);
  }
  if (host === undefined) {
    if (port !== undefined) throw new InputError("Can't specify port without host");
    return { id };
  }
  // A port inside a `host` parameter wins over this one, which is only parseHost's default.
  return { id, address: parseHost(host, port ?? NETWORK_PARAMS[params.network].defaultPort) };
}

/** The `port` parameter: decimal digits only (json_to_u16), then non-zero. */
function portParam(value: string | number): number {
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw badToken('port', 'should be a 16-bit integer', value, PORT_RANGE);
  if (Number(text) === 0) throw badToken('port', 'should be non-zero', value, PORT_RANGE);
  return Number(text);
}

/**
 * Core Lightning's bad-parameter message in its developer-mode form, which quotes the JSON token
 * received. lightning-cli sends what was typed bare when it looks like a number (digits and dots,
 * no leading zero) and as a JSON string otherwise; the token is shown as it would have been sent,
 * then `help` says what was expected.
 */
function badToken(param: string, problem: string, value: string | number, help: string): InputError {
  const text = String(value);
  const bare = typeof value === 'number' || (/^[\d.]+$/.test(text) && !/^0\d+$/.test(text));
  return new InputError(`${param}: ${problem}: invalid token '${bare ? shorten(text) : JSON.stringify(shorten(text))}': ${help}`);
}
