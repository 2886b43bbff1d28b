import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
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
  /** Send each handshake reply a byte at a time, so the client has to put them together. */
  readonly split?: boolean;
}

const HOST_UNREACHABLE = 0x04;
const CONNECTION_REFUSED = 0x05;

/** A real SOCKS5 server on loopback that records what it was asked and tunnels to the mapped port. */
export class TestSocksServer {
  readonly requests: SocksRequest[] = [];
  readonly logins: Array<{ username: string; password: string }> = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly options: SocksOptions,
  ) {}

  static async start(options: SocksOptions = {}): Promise<TestSocksServer> {
    const server = createServer();
    const instance = new TestSocksServer(server, options);
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
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    // Without it, split replies could be merged into one segment again.
    socket.setNoDelay(true);
  }

  private async send(socket: Socket, bytes: number[]): Promise<void> {
    if (!this.options.split) return void socket.write(Buffer.from(bytes));
    for (const byte of bytes) {
      socket.write(Buffer.of(byte));
      await sleep(5);
    }
  }

  private async serve(socket: Socket): Promise<void> {
    const { credentials, reply, routes } = this.options;
    const reader = new HandshakeReader(socket);
    const [, count] = await reader.read(2);
    const methods = [...(await reader.read(count!))];
    const wanted = credentials ? 0x02 : 0x00;
    if (!methods.includes(wanted)) return void socket.end(Buffer.of(5, 0xff));
    await this.send(socket, [5, wanted]);

    if (credentials) {
      const [, userLength] = await reader.read(2);
      const username = (await reader.read(userLength!)).toString();
      const [passwordLength] = await reader.read(1);
      const password = (await reader.read(passwordLength!)).toString();
      this.logins.push({ username, password });
      const accepted = username === credentials.username && password === credentials.password;
      await this.send(socket, [1, accepted ? 0 : 1]);
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
      await this.send(socket, replyBytes(code, 0));
      return void socket.end();
    }
    const upstream = connect(target!, '127.0.0.1');
    this.track(upstream);
    try {
      await once(upstream, 'connect');
    } catch {
      await this.send(socket, replyBytes(CONNECTION_REFUSED, 0));
      return void socket.end();
    }
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    await this.send(socket, replyBytes(0, upstream.localPort!));
    reader.release();
    socket.pipe(upstream).pipe(socket);
  }
}

/** VER REP RSV, then the bound address as ATYP 1: 127.0.0.1 and `port`. */
function replyBytes(code: number, port: number): number[] {
  return [5, code, 0, 1, 127, 0, 0, 1, port >> 8, port & 0xff];
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
