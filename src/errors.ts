/**
 * A failure becomes an exit status only here, in exitStatusFor(), and only as a ConnectError:
 * connect() and listen() make one from the typed errors of src/failures.ts that codecs and
 * parsers throw (attemptReason() for a 401 record, asConnectError() for -32602), the CLI throws
 * its own, and anything else thrown is a bug, exit 5.
 *
 * The error table, in one place.
 *
 * Core Lightning's `connect` fails with one of four JSON-RPC codes; lightning-cli exits 1 for all
 * of them. A monitoring job needs to tell "peer down" from "you typed it wrong", so ln-connect
 * gives each code its own exit status. `--help`, the README and the man page read EXIT_STATUS.
 */
import { InputError, ProtocolError } from './failures.js';

/** Where an attempt was when it failed: the STATE part of a 401 record, in Core Lightning's words. */
export type Stage = 'Connection establishment' | 'Cryptographic handshake' | 'Exchanging init messages';

/** One address that failed. Rendered as `ADDR: STATE: ERR. `, exactly as Core Lightning does. */
export interface AttemptFailure {
  readonly address: string;
  readonly stage: Stage;
  readonly reason: string;
  /** Trying again later could succeed (refused, reset, timed out): see AttemptError.transient. */
  readonly transient?: boolean;
}

/**
 * A failure of one attempt at one address that the attempt's own layers (net's drivers, session/)
 * find: refused, reset, timed out, a peer that hung up or refused our init. Its message is the ERR
 * part of a 401 record, so it must read well after `ADDR: STATE: `.
 */
export class AttemptError extends Error {
  override name = 'AttemptError';
  /**
   * Whether the same attempt a little later could succeed: set where the failure is known (a
   * refused or reset connection, a deadline, a proxy's circuit failure), so that `--retries` never
   * guesses from the message. A peer that answered and said no (wrong key, features, network) is not.
   */
  readonly transient: boolean;
  constructor(message: string, options: { transient?: boolean } = {}) {
    super(message);
    this.transient = options.transient === true;
  }
}

/**
 * Why an attempt failed, as the ERR part of a 401 record: the message of an AttemptError, or of
 * the ProtocolError a codec threw (the peer broke BOLT 8, BOLT 1 or SOCKS5). Undefined for
 * anything else, which is a bug and must stay one.
 */
export function attemptReason(err: unknown): string | undefined {
  return err instanceof AttemptError || err instanceof ProtocolError ? err.message : undefined;
}

/** Whether an attempt's failure could go otherwise a moment later (AttemptError.transient, ProtocolError.transient), for `--retries`. */
export function attemptTransient(err: unknown): boolean {
  return (err instanceof AttemptError || err instanceof ProtocolError) && err.transient;
}

/** The deadline (`--timeout`) fired. */
export class TimeoutError extends AttemptError {
  override name = 'TimeoutError';
  constructor() {
    super('Connection timed out', { transient: true });
  }
}

/** Failures reported to the user: each has a JSON-RPC code and an exit status. */
export abstract class ConnectError extends Error {
  abstract readonly code: -32602 | 400 | 401 | 402;
  /** Whether trying again could succeed: only 401s with a transient record and 402s where the peer did not say why. */
  get transient(): boolean {
    return false;
  }
  /** The object lightning-cli prints: `{code, message}`, no `data` member. */
  toJSON(): { code: number; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** -32602: the parameters are wrong; nothing was sent on the network. */
export class InvalidParamsError extends ConnectError {
  override name = 'InvalidParamsError';
  readonly code = -32602 as const;
}

/**
 * What connect() throws for a failure from below: input the parsers refused (InputError) as
 * -32602, with their message; anything else as it is (a ConnectError already has its code; the
 * rest are bugs).
 */
export function asConnectError(err: unknown): unknown {
  return err instanceof InputError ? new InvalidParamsError(err.message) : err;
}

/** 400: no host was given and no address source found one. */
export class NoAddressError extends ConnectError {
  override name = 'NoAddressError';
  readonly code = 400 as const;
  /**
   * `why` says what the address sources ran into (a DNS seed that failed). Core Lightning's text
   * comes first, then how to give an address.
   */
  constructor(why?: string) {
    super(
      `Unable to connect, no address known for peer${why ? ` (${why})` : ''}; ` +
        'give an address (id@host[:port] or --host HOST) or a source of addresses (--graph FILE or --dns-seed)',
    );
  }
}

/** 401: every address was tried and each failed; `failures` lists them in the order tried. */
export class AllAddressesFailedError extends ConnectError {
  override name = 'AllAddressesFailedError';
  readonly code = 401 as const;
  constructor(readonly failures: readonly AttemptFailure[]) {
    super('All addresses failed: ' + failures.map(formatFailure).join(''));
  }

  /** One address that may answer next time is reason enough to try again. */
  override get transient(): boolean {
    return this.failures.some((f) => f.transient === true);
  }
}

/** An inbound connection a listener closed before it completed the handshake, and why (a 401 record's ERR). */
export interface RejectedConnection {
  readonly address: string;
  readonly reason: string;
}

/**
 * 401 for a listener: the deadline came and no peer completed the handshake. Whatever connected
 * (port scans, stray requests, idle sockets) is counted by reason; the addresses went to the
 * progress listener as each was closed.
 */
export class NoPeerError extends ConnectError {
  override name = 'NoPeerError';
  readonly code = 401 as const;
  constructor(readonly rejected: readonly RejectedConnection[]) {
    super(`No peer completed the handshake and init before the deadline: ${summarise(rejected)}`);
  }
}

/** `3 connections closed (2 × Connection timed out; 1 × peer closed connection)`, commonest reason first. */
function summarise(rejected: readonly RejectedConnection[]): string {
  if (rejected.length === 0) return 'no connection arrived';
  const counts = new Map<string, number>();
  for (const { reason } of rejected) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  // Map keeps first-seen order, and sort is stable: equal counts stay in the order they happened.
  const reasons = [...counts].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} × ${reason}`);
  return `${rejected.length} connection${rejected.length === 1 ? '' : 's'} closed (${reasons.join('; ')})`;
}

/** 402: handshake and init were exchanged, then the peer went away before the session was confirmed. */
export class DisconnectedError extends ConnectError {
  override name = 'DisconnectedError';
  readonly code = 402 as const;
  /** `peerSaidWhy`: the peer sent a warning or error, a refusal that trying again will not change. */
  constructor(
    readonly detail?: string,
    private readonly peerSaidWhy = false,
  ) {
    super(detail ? `disconnected during connection: ${detail}` : 'disconnected during connection');
  }

  override get transient(): boolean {
    return !this.peerSaidWhy;
  }
}

/** Core Lightning's record format; every record ends in ". ", so the 401 message ends with a space. */
export function formatFailure(f: AttemptFailure): string {
  return `${f.address}: ${f.stage}: ${f.reason}. `;
}

/** Exit statuses. Everything that is not a ConnectError is an internal error (a bug to report). */
export const EXIT_STATUS = [
  { exit: 0, code: null, meaning: 'connected: handshake and init exchanged, session confirmed' },
  { exit: 1, code: 401, meaning: 'all addresses failed' },
  { exit: 2, code: -32602, meaning: 'bad parameters or usage' },
  { exit: 3, code: 400, meaning: 'no address known for the peer' },
  { exit: 4, code: 402, meaning: 'peer disconnected while connecting' },
  { exit: 5, code: null, meaning: 'internal error (please report it; --debug shows the stack)' },
  { exit: 6, code: null, meaning: 'the output could not be written (EPIPE excepted)' },
] as const;

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 5;
/** stdout failed (a full disk): not a peer status. A reader that went away (EPIPE) is not this. */
export const EXIT_OUTPUT = 6;

/** The exit status for any thrown value. */
export function exitStatusFor(err: unknown): number {
  if (err instanceof ConnectError) {
    const row = EXIT_STATUS.find((r) => r.code === err.code);
    if (row) return row.exit;
  }
  return EXIT_INTERNAL;
}
