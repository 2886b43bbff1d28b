import { once } from 'node:events';
import { connect as dialTcp, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACT_ONE_SIZE, ACT_THREE_SIZE, ACT_TWO_SIZE, Initiator, LENGTH_HEADER_SIZE, MAC_SIZE, publicKeyOf, Responder, type Transport } from '../../src/noise/index.js';
import { isPublicKey } from '../../src/noise/crypto.js';
import { decodeMessage, encodeMessage, type InitMessage, type KnownMessage, type Message } from '../../src/wire/index.js';
import { PEER_ID, PEER_SECRET, REGTEST_HASH } from './fake-peer.js';

/**
 * A Lightning peer that misbehaves on purpose, in either role, for the hostile scenarios
 * (test/hostile/). Unlike fake-peer.ts, which plays a real node's part, every step here can be
 * broken: an act cut at any byte, corrupted, dripped, reset; a frame announced and never sent;
 * floods written without reading a byte back. The cryptography is the project's own (src/noise,
 * src/wire), so a fault is exactly the one the scenario names and the rest is valid.
 */

/** The other side went away while a script still expected something from it: the usual end of a scenario. */
export class PeerGone extends Error {
  override name = 'PeerGone';
}

/** How `deliver` hands over bytes. */
export type Delivery =
  /** All of them, in one write. */
  | { readonly kind: 'whole' }
  /** The first `at` bytes, then a graceful close (FIN). */
  | { readonly kind: 'close'; readonly at: number }
  /** The first `at` bytes, then a TCP reset (RST). */
  | { readonly kind: 'reset'; readonly at: number }
  /** The first `at` bytes, then nothing, the connection held open until the other side closes. */
  | { readonly kind: 'stall'; readonly at: number }
  /** One byte every `everyMs` milliseconds. */
  | { readonly kind: 'drip'; readonly everyMs: number };

export const WHOLE: Delivery = { kind: 'whole' };

/** How `corrupt` breaks a handshake act (version byte, then act one and two's ephemeral key, then MACs). */
export type Corruption = 'version' | 'point' | 'mac' | 'ciphertext';

/** 0x02 followed by the smallest x that is not on secp256k1: a well-formed but invalid public key. */
export const OFF_CURVE_POINT: Uint8Array = (() => {
  for (let x = 1; x < 256; x++) {
    const candidate = new Uint8Array(33);
    candidate[0] = 0x02;
    candidate[32] = x;
    if (!isPublicKey(candidate)) return candidate;
  }
  throw new Error('no x below 256 is off the curve');
})();

/** A copy of `act` broken as asked; `ciphertext` alters act three's encrypted static key. */
export function corrupt(act: Uint8Array, how: Corruption): Uint8Array {
  const out = act.slice();
  switch (how) {
    case 'version':
      out[0] = 1;
      break;
    case 'point':
      out.set(OFF_CURVE_POINT, 1);
      break;
    case 'mac':
      out[out.length - 1]! ^= 0x01;
      break;
    case 'ciphertext':
      out[1]! ^= 0x01;
      break;
  }
  return out;
}

/** Chain hashes and features of a well-behaved init on regtest (the scenarios run ln-connect with `--network regtest`). */
export const GOOD_INIT: InitMessage = {
  kind: 'init',
  globalFeatures: new Uint8Array(0),
  features: new Uint8Array([0x02, 0x22]),
  networks: [REGTEST_HASH],
};

/** An init carrying `tlvs` as its TLV stream, byte for byte, so the stream can break any rule. */
export function initWithTlvs(tlvs: Uint8Array, features: Uint8Array = new Uint8Array([0x02, 0x22])): Uint8Array {
  const fields = encodeMessage({ kind: 'init', globalFeatures: new Uint8Array(0), features });
  return Buffer.concat([fields, tlvs]);
}

export class FaultPeer {
  #chunks: Buffer[] = [];
  #buffered = 0;
  #closed = false;
  /** Whoever waits for bytes or for the close: a read and a flood's drain can wait at once. */
  #waiters: Array<() => void> = [];
  #transport: Transport | undefined;
  /** The other side's static key, once a handshake as responder learnt it. */
  remoteStaticKey: Uint8Array | undefined;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      this.#notify();
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#notify();
    });
    // Resets and broken pipes are what these scenarios provoke; 'close' follows.
    socket.on('error', () => {});
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Exactly `n` bytes from the other side; PeerGone if it closes first. */
  async read(n: number): Promise<Uint8Array> {
    while (this.#buffered < n) {
      if (this.#closed) throw new PeerGone(`closed while ${n} bytes were awaited (${this.#buffered} there)`);
      await this.#nextEvent();
    }
    const all = Buffer.concat(this.#chunks);
    this.#chunks = all.length > n ? [all.subarray(n)] : [];
    this.#buffered = all.length - n;
    return new Uint8Array(all.subarray(0, n));
  }

  /** Resolves when the connection is closed, whoever closed it. */
  async untilClosed(): Promise<void> {
    while (!this.#closed) await this.#nextEvent();
  }

  /** Stops reading, so that what the other side writes piles up in its own buffers. */
  stopReading(): void {
    this.socket.pause();
  }

  /** Writes without regard to backpressure. */
  write(bytes: Uint8Array): void {
    if (!this.#closed) this.socket.write(bytes);
  }

  /** Writes, then waits until the bytes are handed to the kernel or the connection is gone. */
  async writeFlushed(bytes: Uint8Array): Promise<void> {
    if (this.#closed) return;
    await new Promise<void>((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** Waits until the socket can take more, or the connection is gone: floods stay bounded on our side. */
  async drained(): Promise<void> {
    if (this.#closed || !this.socket.writableNeedDrain) return;
    // once() rejects on 'error', which always comes with a 'close': the close is the answer then.
    await Promise.race([once(this.socket, 'drain').catch(() => {}), this.untilClosed()]);
  }

  reset(): void {
    this.socket.resetAndDestroy();
  }

  /** A graceful close (FIN); resolves once the other side has closed too. */
  hangUp(): Promise<void> {
    this.socket.end();
    return this.untilClosed();
  }

  /** Hands `bytes` over as `how` says; for close, reset and stall the scenario ends there. */
  async deliver(bytes: Uint8Array, how: Delivery): Promise<void> {
    switch (how.kind) {
      case 'whole':
        return this.writeFlushed(bytes);
      case 'drip':
        for (let i = 0; i < bytes.length && !this.#closed; i++) {
          await this.writeFlushed(bytes.subarray(i, i + 1));
          await sleep(how.everyMs);
        }
        return;
      case 'close':
        if (how.at > 0) await this.writeFlushed(bytes.subarray(0, how.at));
        return this.hangUp();
      case 'reset':
        // Flushed first, so the cut falls at `at` and not wherever the kernel had got to.
        if (how.at > 0) await this.writeFlushed(bytes.subarray(0, how.at));
        this.reset();
        return;
      case 'stall':
        if (how.at > 0) await this.writeFlushed(bytes.subarray(0, how.at));
        return this.untilClosed();
    }
  }

  // BOLT 8, as the responder (ln-connect dialled us).

  /** Reads and checks Act One; the returned responder is ready to produce Act Two. */
  async takeActOne(secret = PEER_SECRET): Promise<Responder> {
    const responder = new Responder({ localStaticKey: secret });
    responder.actOne(await this.read(ACT_ONE_SIZE));
    return responder;
  }

  /** Reads and checks Act Three (after Act Two went out); the transport is then ready. */
  async takeActThree(responder: Responder): Promise<void> {
    responder.actThree(await this.read(ACT_THREE_SIZE));
    this.#transport = responder.transport;
    this.remoteStaticKey = responder.remoteStaticKey;
  }

  /** The whole responder handshake, done right. */
  async respond(secret = PEER_SECRET): Promise<void> {
    const responder = await this.takeActOne(secret);
    await this.writeFlushed(responder.actTwo());
    await this.takeActThree(responder);
  }

  /** Their init read, then `init` sent: as a responder, the session is up and ln-connect's ping is next. */
  async exchangeInit(init: KnownMessage | Uint8Array = GOOD_INIT): Promise<void> {
    await this.receive();
    await this.send(init);
  }

  async respondAndInit(init: KnownMessage | Uint8Array = GOOD_INIT): Promise<void> {
    await this.respond();
    await this.exchangeInit(init);
  }

  // BOLT 8, as the initiator (we dialled ln-connect --listen).

  /** An initiator towards `remoteId` with its Act One; `actThree` finishes once Act Two is taken. */
  startInitiator(remoteId: Uint8Array, secret = INITIATOR_SECRET): { initiator: Initiator; actOne: Uint8Array } {
    const initiator = new Initiator({ localStaticKey: secret, remoteStaticKey: remoteId });
    return { initiator, actOne: initiator.actOne() };
  }

  /** Reads Act Two and returns Act Three, with the transport ready. */
  async takeActTwo(initiator: Initiator): Promise<Uint8Array> {
    initiator.actTwo(await this.read(ACT_TWO_SIZE));
    const actThree = initiator.actThree();
    this.#transport = initiator.transport;
    return actThree;
  }

  /** The whole initiator handshake, done right. */
  async initiate(remoteId: Uint8Array, secret = INITIATOR_SECRET): Promise<void> {
    const { initiator, actOne } = this.startInitiator(remoteId, secret);
    await this.writeFlushed(actOne);
    await this.writeFlushed(await this.takeActTwo(initiator));
  }

  // Messages, once a handshake is done.

  /** The encrypted frame of a message, or of raw plaintext bytes (a malformed message). */
  frame(message: KnownMessage | Uint8Array): Uint8Array {
    if (!this.#transport) throw new Error('fault peer: no transport before the handshake');
    return this.#transport.encrypt(message instanceof Uint8Array ? message : encodeMessage(message));
  }

  send(message: KnownMessage | Uint8Array): Promise<void> {
    return this.writeFlushed(this.frame(message));
  }

  async receive(): Promise<Message> {
    if (!this.#transport) throw new Error('fault peer: no transport before the handshake');
    const length = this.#transport.decryptLength(await this.read(LENGTH_HEADER_SIZE));
    return decodeMessage(this.#transport.decryptBody(await this.read(length + MAC_SIZE)));
  }

  /**
   * Writes `count` frames made by `make`, a batch at a time, stopping early if the connection
   * goes: the frames are encrypted as they go (their nonces follow the handshake), and our own
   * memory stays bounded because each batch waits for the socket to drain.
   */
  async flood(count: number, make: (i: number) => KnownMessage | Uint8Array, batch = 500): Promise<number> {
    let sent = 0;
    while (sent < count && !this.#closed) {
      const frames: Uint8Array[] = [];
      for (const end = Math.min(count, sent + batch); sent < end; sent++) frames.push(this.frame(make(sent)));
      this.write(Buffer.concat(frames));
      await this.drained();
      // Lets the other side's close reach us between batches.
      await sleep(0);
    }
    return sent;
  }

  /**
   * A well-behaved node's session after init: answers pings, and collects every other message
   * until `until` accepts one or the connection ends.
   */
  async serve(until: (message: Message) => boolean = () => false): Promise<Message[]> {
    const seen: Message[] = [];
    try {
      for (;;) {
        const message = await this.receive();
        if (message.kind === 'ping') {
          await this.send({ kind: 'pong', ignored: new Uint8Array(message.numPongBytes) });
          continue;
        }
        seen.push(message);
        if (until(message)) return seen;
      }
    } catch (err) {
      if (!(err instanceof PeerGone)) throw err;
    }
    return seen;
  }

  #nextEvent(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The initiator's static key when we dial ln-connect --listen (BOLT 8's test vector ls). */
export const INITIATOR_SECRET = new Uint8Array(32).fill(0x11);
export const INITIATOR_ID = publicKeyOf(INITIATOR_SECRET);

export type FaultScript = (peer: FaultPeer, index: number) => Promise<unknown>;

export interface FaultResponder {
  readonly port: number;
  /** `id@127.0.0.1:port` for ln-connect to dial. */
  readonly uri: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** What each connection's script threw other than PeerGone, by connection index. */
  readonly errors: ReadonlyArray<{ index: number; error: unknown }>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:0 and runs `script` on every accepted connection (ln-connect dials us). */
export async function startFaultResponder(script: FaultScript): Promise<FaultResponder> {
  const sockets = new Set<Socket>();
  const errors: Array<{ index: number; error: unknown }> = [];
  let connections = 0;
  const server: Server = createServer({ noDelay: true }, (socket) => {
    const index = connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    script(new FaultPeer(socket), index).catch((error) => {
      // A script that cannot go on hangs up, as a node does on a bad act: a stall here would look like ln-connect's.
      socket.destroy();
      if (!(error instanceof PeerGone)) errors.push({ index, error });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    uri: `${PEER_ID}@127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    errors,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
}

/** Dials ln-connect --listen on loopback; PeerGone if the connection is refused or reset before it opens. */
export async function dialFaultPeer(port: number): Promise<FaultPeer> {
  const socket = dialTcp({ host: '127.0.0.1', port, noDelay: true });
  try {
    await once(socket, 'connect');
  } catch (err) {
    socket.destroy();
    throw new PeerGone(`dial 127.0.0.1:${port}: ${(err as Error).message}`);
  }
  return new FaultPeer(socket);
}
