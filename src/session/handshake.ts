import type { Socket } from 'node:net';
import { AttemptError, TimeoutError } from '../errors.js';
import { ACT_ONE_SIZE, ACT_THREE_SIZE, ACT_TWO_SIZE, Initiator, Responder, type Transport } from '../noise/index.js';
import { PeerClosedError, type SocketReader } from '../net/socket-reader.js';
import { describeForeignReply, describeStalledReply, isBannerLine } from './sniff.js';

/**
 * Drives the BOLT 8 state machines over a socket. Each act goes out in a single write because some
 * implementations read an act with a single read and fail on a fragment.
 */
export async function handshakeAsInitiator(
  socket: Socket,
  reader: SocketReader,
  keys: { localStaticKey: Uint8Array; remoteStaticKey: Uint8Array },
): Promise<Transport> {
  const initiator = new Initiator(keys);
  socket.write(initiator.actOne());
  const actTwo = await readActTwo(reader);
  const foreign = describeForeignReply(actTwo);
  if (foreign) throw new AttemptError(foreign);
  initiator.actTwo(actTwo);
  socket.write(initiator.actThree());
  return initiator.transport;
}

/**
 * A responder that does not hold the key we dialled cannot decrypt Act One and, as the spec says,
 * hangs up without a word: so a hang-up here most likely means a wrong node id (Core Lightning's
 * wording). A hang-up after a few bytes is more often a different service, which the bytes name.
 */
export class SilentHangUpError extends AttemptError {
  override name = 'SilentHangUpError';
  constructor() {
    super('peer closed connection (wrong key?)');
  }
}

/**
 * Act Two, or whatever came instead: it is named at once if it is a whole banner line (a service
 * that greets first and then waits for us, as SSH does), when the peer hangs up, or when the
 * deadline cuts the wait short. What it returns may still be a foreign reply: the caller checks.
 */
async function readActTwo(reader: SocketReader): Promise<Uint8Array> {
  try {
    return await reader.read(ACT_TWO_SIZE, isBannerLine);
  } catch (err) {
    if (err instanceof TimeoutError) {
      // Still a deadline, which a retry may beat, unless what came instead named another service.
      const received = reader.unread();
      throw new AttemptError(describeStalledReply(received, ACT_TWO_SIZE), { transient: describeForeignReply(received) === undefined });
    }
    if (!(err instanceof PeerClosedError)) throw err;
    const foreign = describeForeignReply(err.received);
    throw foreign ? new AttemptError(foreign) : new SilentHangUpError();
  }
}

/** The responder's side: returns the transport and the initiator's static key learnt in Act Three. */
export async function handshakeAsResponder(
  socket: Socket,
  reader: SocketReader,
  localStaticKey: Uint8Array,
): Promise<{ transport: Transport; remoteStaticKey: Uint8Array }> {
  const responder = new Responder({ localStaticKey });
  responder.actOne(await reader.read(ACT_ONE_SIZE));
  socket.write(responder.actTwo());
  responder.actThree(await reader.read(ACT_THREE_SIZE));
  return { transport: responder.transport, remoteStaticKey: responder.remoteStaticKey };
}
