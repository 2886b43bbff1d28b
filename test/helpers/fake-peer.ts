import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Responder, type Transport } from '../../src/noise/index.js';
import { decodeMessage, encodeMessage, type KnownMessage, type Message } from '../../src/wire/index.js';
import { within } from './socket-pair.js';

/**
 * A scripted Lightning peer on loopback, for the failure cases a real node will not produce on
 * demand: it stalls, hangs up, sends warnings, lies about features. Its `script` runs once per
 * accepted connection with a small API over the raw socket.
 */
export interface PeerScript {
  (peer: ScriptedPeer): Promise<void> | void;
}

export const PEER_SECRET = new Uint8Array(32).fill(0x21);
export const PEER_ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
export const REGTEST_HASH = new Uint8Array(Buffer.from('06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f', 'hex'));

export class ScriptedPeer {
  private buffered = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private ended = false;
  private transport: Transport | undefined;

  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      this.waiting?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiting?.();
    });
    socket.on('error', () => {});
  }

  async read(n: number): Promise<Uint8Array> {
    while (this.buffered.length < n) {
      if (this.ended) throw new Error(`peer script: connection closed while reading ${n} bytes`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return new Uint8Array(out);
  }

  /** The responder's side of BOLT 8, as a real node runs it. */
  async handshake(secret = PEER_SECRET): Promise<void> {
    const responder = new Responder({ localStaticKey: secret });
    responder.actOne(await this.read(50));
    this.socket.write(responder.actTwo());
    responder.actThree(await this.read(66));
    this.transport = responder.transport;
  }

  /** The encrypted frame of `message`, for scripts that send it whole or in pieces. */
  frame(message: KnownMessage): Uint8Array {
    return this.frameBytes(encodeMessage(message));
  }

  /** The encrypted frame of a message given as its plaintext bytes, for what encodeMessage will not produce. */
  frameBytes(plaintext: Uint8Array): Uint8Array {
    return this.transport!.encrypt(plaintext);
  }

  send(message: KnownMessage): void {
    this.socket.write(this.frame(message));
  }

  async receive(): Promise<Message> {
    const length = this.transport!.decryptLength(await this.read(18));
    return decodeMessage(this.transport!.decryptBody(await this.read(length + 16)));
  }

  /** Sends our init (after reading theirs, or at once). */
  sendInit(options: { features?: Uint8Array; globalFeatures?: Uint8Array; networks?: Uint8Array[] } = {}): void {
    this.send({
      kind: 'init',
      globalFeatures: options.globalFeatures ?? new Uint8Array(0),
      features: options.features ?? new Uint8Array([0x02, 0x22]),
      networks: options.networks ?? [REGTEST_HASH],
    });
  }

  warning(text: string): void {
    this.send({ kind: 'warning', channelId: new Uint8Array(32), data: new TextEncoder().encode(text) });
  }

  /** Waits until the other side closes, for scripts that must not hang up first. */
  async closed(): Promise<void> {
    if (!this.ended) await once(this.socket, 'close');
  }
}

export interface RunningPeer {
  readonly port: number;
  readonly uri: string;
  /**
   * Ends the peer once the test is done with it: lets each script finish (its client is gone, so
   * the bytes and the hang-up a script waits for are on their way), for at most SCRIPT_GRACE_MS,
   * then drops every connection and stops listening. Rejects if a script threw or had not
   * finished: a script that did not run as planned fails the test.
   */
  close(): Promise<void>;
}

/** How long close() waits for the scripts to finish: a hang detector, far above what they need. */
const SCRIPT_GRACE_MS = 5000;

export async function startPeer(script: PeerScript): Promise<RunningPeer> {
  const errors: unknown[] = [];
  const running = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const run = Promise.resolve()
      .then(() => script(new ScriptedPeer(socket)))
      .catch((err: unknown) => void errors.push(err))
      .finally(() => running.delete(run));
    running.add(run);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    uri: `${PEER_ID}@127.0.0.1:${port}`,
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const finished = await within(Promise.all(running), SCRIPT_GRACE_MS, 'peer scripts still running').then(
        () => true,
        () => false,
      );
      if (!finished) errors.push(new Error(`${running.size} peer script(s) had not finished ${SCRIPT_GRACE_MS} ms after the test was done`));
      for (const s of sockets) s.destroy();
      await stopped;
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, 'the peer scripts failed');
    },
  };
}

/**
 * Runs `body` against a scripted peer, then closes it: the test fails if `body` does or if the
 * peer's script did not run as planned (both are reported when both happened).
 */
export async function withPeer<T>(script: PeerScript, body: (peer: RunningPeer) => Promise<T>): Promise<T> {
  const peer = await startPeer(script);
  let result: T;
  try {
    result = await body(peer);
  } catch (err) {
    const scriptFailure = await peer.close().then(
      () => undefined,
      (e: unknown) => e,
    );
    throw scriptFailure === undefined ? err : new AggregateError([err, scriptFailure], 'the test failed, and so did the peer script');
  }
  await peer.close();
  return result;
}
