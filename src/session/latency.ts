import { AttemptError } from '../errors.js';
import { printable } from '../wire/index.js';
import type { PeerChannel } from './channel.js';

/**
 * The pong length a latency ping asks for. It differs from confirmSession's, so a pong that
 * answers the confirmation late is never taken for the answer to a latency ping.
 */
const PONG_BYTES = 8;

/** A confirmed session, kept open for the hook that receives it (ConnectOptions.onSession). */
export interface LiveSession {
  /**
   * Sends a BOLT 1 ping and resolves with the milliseconds until its pong arrived. Rejects with an
   * AttemptError when the peer hangs up, sends a warning or error, or the run's deadline passes.
   * Calls made together run one after another: each round trip is measured alone.
   */
  ping(): Promise<number>;
}

export type SessionHook = (session: LiveSession) => Promise<void> | void;

/**
 * Hands a confirmed session to the caller's hook and waits for it. The session is already
 * confirmed, so a peer that goes away or a deadline that passes during the hook ends the hook,
 * never the attempt: connect() still resolves with its result.
 */
export async function afterConfirmation(channel: PeerChannel, hook: SessionHook): Promise<void> {
  try {
    await hook(liveSession(channel));
  } catch (err) {
    if (!(err instanceof AttemptError)) throw err;
  }
}

function liveSession(channel: PeerChannel): LiveSession {
  let previous: Promise<unknown> = Promise.resolve();
  const roundTrip = async (): Promise<number> => {
    const sent = performance.now();
    channel.send({ kind: 'ping', numPongBytes: PONG_BYTES, ignored: new Uint8Array(0) });
    for (;;) {
      const message = await channel.receive();
      if (message.kind === 'pong' && message.ignored.length === PONG_BYTES) return performance.now() - sent;
      if (message.kind === 'warning' || message.kind === 'error') throw new AttemptError(`peer sent ${message.kind}: ${printable(message.data)}`);
    }
  };
  return {
    ping() {
      const next = previous.then(roundTrip);
      previous = next.catch(() => undefined);
      return next;
    },
  };
}
