import type { Socket } from 'node:net';
import { attemptReason, attemptTransient, type AttemptFailure, type Stage } from '../errors.js';
import { formatAddress, type Address } from '../net/address.js';
import { dial } from '../net/dial.js';
import type { ProxyConfig } from '../net/socks5.js';
import { hangUp, PeerChannel } from '../session/channel.js';
import { confirmSession } from '../session/confirm.js';
import { handshakeAsInitiator, SilentHangUpError } from '../session/handshake.js';
import { afterConfirmation, type SessionHook } from '../session/latency.js';
import { notLightning } from '../session/sniff.js';
import { exchangeInit, type InitPolicy, type PeerInit } from '../session/init-exchange.js';
import { SocketReader } from '../net/socket-reader.js';
import { speaksTls } from '../net/tls-probe.js';
import type { ProgressListener } from './progress.js';

export interface AttemptContext {
  readonly remoteId: Uint8Array;
  readonly identityKey: Uint8Array;
  readonly policy: InitPolicy;
  readonly signal: AbortSignal;
  readonly onProgress: ProgressListener | undefined;
  readonly onSession: SessionHook | undefined;
  /**
   * After a silent hang-up in the handshake, dial again to ask whether a TLS server is there (see
   * speaksTls). Off by default: a monitor must make exactly one connection per address.
   */
  readonly probeTls?: boolean;
}

export type AttemptOutcome = { ok: true; init: PeerInit } | { ok: false; failure: AttemptFailure };

/**
 * One address, start to finish: dial, BOLT 8 handshake, init exchange, ping confirmation. A failure
 * before the inits are exchanged is recorded with the stage it happened in (Core Lightning's 401
 * record); a rejection after them throws DisconnectedError (402), which ends the whole run.
 */
export async function attempt(address: Address, proxy: ProxyConfig | undefined, ctx: AttemptContext): Promise<AttemptOutcome> {
  const label = formatAddress(address);
  const report = (stage: Parameters<ProgressListener>[0]['stage']): void => ctx.onProgress?.({ stage, address: label });
  // Core Lightning keeps this across addresses (a quirk); each address gets its own here.
  let stage: Stage = 'Connection establishment';
  let dialled: Socket | undefined;
  try {
    report('connecting');
    const socket = await dial(address, { signal: ctx.signal, proxy, onProxyConnected: () => report('proxy') });
    dialled = socket;
    const reader = new SocketReader(socket, ctx.signal);

    stage = 'Cryptographic handshake';
    report('handshake');
    const transport = await handshakeAsInitiator(socket, reader, {
      localStaticKey: ctx.identityKey,
      remoteStaticKey: ctx.remoteId,
    });

    stage = 'Exchanging init messages';
    report('init');
    const channel = new PeerChannel(socket, reader, transport);
    const init = await exchangeInit(channel, ctx.policy);

    report('confirming');
    await confirmSession(channel);
    if (ctx.onSession) await afterConfirmation(channel, ctx.onSession);
    return { ok: true, init };
  } catch (err) {
    let reason = attemptReason(err);
    if (reason === undefined) throw err;
    if (err instanceof SilentHangUpError && ctx.probeTls && (await speaksTls(address, proxy, ctx.signal))) reason = notLightning('a TLS server');
    return { ok: false, failure: { address: label, stage, reason, transient: attemptTransient(err) } };
  } finally {
    if (dialled) hangUp(dialled, ctx.signal);
  }
}
