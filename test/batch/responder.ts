import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicKeyOf } from '../../src/noise/crypto.js';
import { PEER_SECRET, ScriptedPeer, type PeerScript } from '../helpers/fake-peer.js';
import { hex } from '../helpers/fixtures.js';

/** The id of the node holding `secret`. */
export const idOf = (secret: Uint8Array): string => hex(publicKeyOf(secret));

/**
 * A Lightning node as a list sees it: handshake, init on regtest, pongs for every ping, until the
 * client hangs up. `endAfterPongs` makes it hang up itself after that many pongs.
 */
export function upPeer(options: { secret?: Uint8Array; endAfterPongs?: number; networks?: Uint8Array[] } = {}): PeerScript {
  return async (peer) => {
    await peer.handshake((options.secret ?? PEER_SECRET) as typeof PEER_SECRET).catch(() => peer.socket.destroy());
    if (peer.socket.destroyed) return;
    await peer.receive();
    peer.sendInit({ networks: options.networks });
    for (let pongs = 0; ; ) {
      const message = await peer.receive().catch(() => undefined);
      if (!message) return;
      if (message.kind !== 'ping') continue;
      peer.send({ kind: 'pong', ignored: new Uint8Array(message.numPongBytes) });
      if (++pongs === options.endAfterPongs) return hangUpFirst(peer.socket);
    }
  };
}

/** The peer ends the connection (after `last`, if given): from now on it no longer counts as open (see Responder.open). */
export function hangUpFirst(socket: Socket, last?: string): void {
  socket.emit('peer-ended');
  if (last === undefined) socket.end();
  else socket.end(last);
}

export interface Responder {
  /** `127.0.0.1:PORT`, or the unix socket's path. */
  readonly host: string;
  /** `id@host`, the node's id by default. */
  uri(id?: string): string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections open now: accepted and not yet ended by either side. */
  readonly open: number;
  /** The most connections open at once. */
  readonly maxOpen: number;
  /** Script errors, to check the script ran as planned. */
  readonly errors: unknown[];
  close(): Promise<void>;
}

export interface ResponderOptions {
  readonly script: PeerScript;
  /** The node's key, for `uri()`. */
  readonly secret?: Uint8Array;
  /** Listen on a unix socket in a fresh directory instead of 127.0.0.1:0. */
  readonly unix?: boolean;
  /**
   * Hold every connection before its script runs until this many are open at once (or `holdMs`
   * passes): proves the client opens that many together, whatever the machine's speed.
   */
  readonly holdUntilOpen?: number;
  readonly holdMs?: number;
}

/**
 * A loopback peer that runs `script` per connection and counts the connections open at once. A
 * connection counts from its accept until either side ends it: the client's FIN, or the script's
 * own end (upPeer's endAfterPongs), which it sends before the client can know it is done.
 */
export async function startResponder(options: ResponderOptions): Promise<Responder> {
  const sockets = new Set<Socket>();
  const errors: unknown[] = [];
  let accepted = 0;
  let open = 0;
  let maxOpen = 0;
  let released: (() => void) | undefined;
  const hold =
    options.holdUntilOpen === undefined
      ? undefined
      : new Promise<void>((resolve) => {
          released = resolve;
          setTimeout(resolve, options.holdMs ?? 5000).unref();
        });

  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    open++;
    maxOpen = Math.max(maxOpen, open);
    if (options.holdUntilOpen !== undefined && open >= options.holdUntilOpen) released?.();
    let counted = true;
    const uncount = (): void => {
      if (counted) open--;
      counted = false;
    };
    socket.once('end', uncount);
    socket.once('peer-ended', uncount);
    socket.once('close', () => {
      uncount();
      sockets.delete(socket);
    });
    Promise.resolve(hold)
      .then(() => options.script(new ScriptedPeer(socket)))
      .catch((err: unknown) => errors.push(err));
  });
  const path = options.unix ? join(mkdtempSync(join(tmpdir(), 'ln-connect-peer-')), 'peer.sock') : undefined;
  if (path) server.listen(path);
  else server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const host = path ?? `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const id = idOf(options.secret ?? PEER_SECRET);
  return {
    host,
    uri: (other = id) => `${other}@${host}`,
    get accepted() {
      return accepted;
    },
    get open() {
      return open;
    },
    get maxOpen() {
      return maxOpen;
    },
    errors,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
}
