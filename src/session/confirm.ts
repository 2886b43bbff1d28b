import { attemptReason, DisconnectedError, TimeoutError } from '../errors.js';
import { printable } from '../wire/index.js';
import type { PeerChannel } from './channel.js';

/**
 * The pong length we ask for. Any length under 65532 obliges the peer to answer; a non-zero one
 * tells our pong apart from an empty one sent for some other reason.
 */
const PONG_BYTES = 4;

/**
 * After both inits, a peer that rejects us usually says so with a warning or error and hangs up
 * within a round trip. A ping and its pong prove the session is really up, and are the window in
 * which such a rejection becomes Core Lightning's 402 instead of a false success.
 */
export async function confirmSession(channel: PeerChannel): Promise<void> {
  channel.send({ kind: 'ping', numPongBytes: PONG_BYTES, ignored: new Uint8Array(0) });
  for (;;) {
    let message;
    try {
      message = await channel.receive();
    } catch (err) {
      const reason = err instanceof TimeoutError ? undefined : attemptReason(err);
      if (reason === undefined) throw err;
      throw new DisconnectedError(reason);
    }
    switch (message.kind) {
      case 'pong':
        if (message.ignored.length === PONG_BYTES) return;
        break;
      // A connection-wide warning fails the run like an error (402), as it does before init: at
      // this point it comes with a hang-up, and reporting success next to a peer's complaint
      // would mislead. Ones naming a channel never get here (PeerChannel drops them, BOLT 1).
      case 'warning':
      case 'error':
        throw new DisconnectedError(`peer sent ${message.kind}: ${printable(message.data)}`, true);
      default:
        // Gossip (channel_announcement is even), peer_storage_retrieval and the like may follow
        // init; we are about to hang up, so nothing here needs acting on.
        break;
    }
  }
}
