import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { formatIPv6 } from '../../src/wire/index.js';

/** One CONNECT as the proxy received it. */
export interface SocksRequest {
  readonly atyp: number;
  readonly host: string;
  readonly port: number;
}

export interface SocksOptions {
  /** Where each requested `host:port` really goes, a loopback port (the tests have no Tor); others are Host unreachable. */
  readonly routes?: Readonly<Record<string, number>>;
  /** Answer every CONNECT with this RFC 1928 reply code instead of connecting. */
  readonly reply?: number;
  /** Require RFC 1929 username/password, and accept only this pair. */
  readonly credentials?: { readonly username: string; readonly password: string };
  /**
   * Send each handshake reply a byte at a time, so the client has to put them together: each byte
   * goes once the client has received the one before, so that TCP cannot merge them. The client
   * must be in this process (it is watched through Node's `net.client.socket` channel);
   * `clientReads` shows what it got.
   */
  readonly split?: boolean;
}

const HOST_UNREACHABLE = 0x04;
const CONNECTION_REFUSED = 0x05;

/** A real SOCKS5 server on loopback that records what it was asked and tunnels to the mapped port. */
export class TestSocksServer {
  readonly requests: SocksRequest[] = [];
  readonly logins: Array<{ username: string; password: string }> = [];
  /** In split mode, per connection: the size of each read in which the client got the handshake replies. */
  readonly clientReads: number[][] = [];
  private readonly sockets = new Set<Socket>();
  private readonly clients = new Set<Socket>();
  private readonly onClientSocket = (message: unknown): void => {
    const { socket } = message as { socket: Socket };
    this.clients.add(socket);
    socket.once('close', () => this.clients.delete(socket));
  };

  private constructor(
    private readonly server: Server,
    private readonly options: SocksOptions,
  ) {}

  static async start(options: SocksOptions = {}): Promise<TestSocksServer> {
    const server = createServer();
    const instance = new TestSocksServer(server, options);
    if (options.split) subscribe('net.client.socket', instance.onClientSocket);
    server.on('connection', (socket) => {
      instance.track(socket);
      instance.serve(socket).catch(() => socket.destroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return instance;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `127.0.0.1:PORT`, as `--proxy` takes it. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Stops listening and drops every connection and tunnel. */
  close(): void {
    unsubscribe('net.client.socket', this.onClientSocket);
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    // A split reply's next byte goes at once, not after the client's (delayed) ACK of the one before.
    socket.setNoDelay(true);
  }

  /** The client's end of `socket`, watched for what it receives; split mode only. */
  private watchClient(socket: Socket): ClientWatch {
    const client = [...this.clients].find((c) => c.localPort === socket.remotePort && c.localAddress === socket.remoteAddress);
    if (!client) throw new Error('split mode: the client of this connection is not in this process');
    return new ClientWatch(client);
  }

  private async send(socket: Socket, bytes: number[], client: ClientWatch | undefined): Promise<void> {
    if (!client) return void socket.write(Buffer.from(bytes));
    for (const byte of bytes) {
      socket.write(Buffer.of(byte));
      await client.delivered(1);
    }
  }

  private async serve(socket: Socket): Promise<void> {
    const { credentials, reply, routes } = this.options;
    const reader = new HandshakeReader(socket);
    const [, count] = await reader.read(2);
    const methods = [...(await reader.read(count!))];
    // The client has connected and sent its greeting: its socket can be found by its port.
    const client = this.options.split ? this.watchClient(socket) : undefined;
    const send = (bytes: number[]): Promise<void> => this.send(socket, bytes, client);
    const wanted = credentials ? 0x02 : 0x00;
    if (!methods.includes(wanted)) return void socket.end(Buffer.of(5, 0xff));
    await send([5, wanted]);

    if (credentials) {
      const [, userLength] = await reader.read(2);
      const username = (await reader.read(userLength!)).toString();
      const [passwordLength] = await reader.read(1);
      const password = (await reader.read(passwordLength!)).toString();
      this.logins.push({ username, password });
      const accepted = username === credentials.username && password === credentials.password;
      await send([1, accepted ? 0 : 1]);
      if (!accepted) return void socket.end();
    }

    const [, , , atyp] = await reader.read(4);
    let host: string;
    if (atyp === 3) host = (await reader.read((await reader.read(1))[0]!)).toString('latin1');
    else if (atyp === 1) host = [...(await reader.read(4))].join('.');
    else host = formatIPv6(await reader.read(16));
    const port = (await reader.read(2)).readUInt16BE(0);
    this.requests.push({ atyp: atyp!, host, port });

    const target = routes?.[`${host}:${port}`];
    const code = reply ?? (target === undefined ? HOST_UNREACHABLE : 0);
    if (code !== 0) {
      await send(replyBytes(code, 0));
      return void socket.end();
    }
    const upstream = connect(target!, '127.0.0.1');
    this.track(upstream);
    try {
      await once(upstream, 'connect');
    } catch {
      await send(replyBytes(CONNECTION_REFUSED, 0));
      return void socket.end();
    }
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    await send(replyBytes(0, upstream.localPort!));
    if (client) this.clientReads.push(client.stop());
    reader.release();
    socket.pipe(upstream).pipe(socket);
  }
}

/** VER REP RSV, then the bound address as ATYP 1: 127.0.0.1 and `port`. */
function replyBytes(code: number, port: number): number[] {
  return [5, code, 0, 1, 127, 0, 0, 1, port >> 8, port & 0xff];
}

/** What a client in this process receives, chunk by chunk, while the handshake replies go out. */
class ClientWatch {
  private readonly reads: number[] = [];
  private total = 0;
  private expected = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.reads.push(chunk.length);
    this.total += chunk.length;
    this.wake?.();
  };
  private readonly onClose = (): void => {
    this.closed = true;
    this.wake?.();
  };

  constructor(private readonly client: Socket) {
    client.on('data', this.onData);
    client.once('close', this.onClose);
  }

  /** Resolves once the client has received the `count` bytes just sent to it, after those before. */
  async delivered(count: number): Promise<void> {
    this.expected += count;
    while (this.total < this.expected) {
      if (this.closed) throw new Error('the client went away during the handshake');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Stops watching; the sizes of the reads seen. */
  stop(): number[] {
    this.client.off('data', this.onData);
    this.client.off('close', this.onClose);
    return this.reads;
  }
}

/** Exact-length reads for the handshake; `release` hands the bytes left over to the tunnel. */
class HandshakeReader {
  private buffered = Buffer.alloc(0);
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.wake?.();
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.once('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  async read(size: number): Promise<Buffer> {
    while (this.buffered.length < size) {
      if (this.closed) throw new Error('the client went away during the handshake');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const out = this.buffered.subarray(0, size);
    this.buffered = this.buffered.subarray(size);
    return out;
  }

  release(): void {
    this.socket.off('data', this.onData);
    this.socket.pause();
    if (this.buffered.length > 0) this.socket.unshift(this.buffered);
  }
}
