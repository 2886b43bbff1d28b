import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface SocksRequest {
  readonly atyp: number;
  readonly host: string;
  readonly port: number;
}

export interface SocksOptions {
  /** Where each requested `host:port` really goes (the tests have no Tor). */
  readonly routes?: Record<string, number>;
  /** Answer every CONNECT with this RFC 1928 reply code instead of connecting. */
  readonly reply?: number;
  /** Require RFC 1929 username/password. */
  readonly credentials?: { username: string; password: string };
}

/** A real SOCKS5 server on loopback that records what it was asked to connect to. */
export class TestSocksServer {
  readonly requests: SocksRequest[] = [];
  readonly logins: Array<{ username: string; password: string }> = [];
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(options: SocksOptions): Promise<TestSocksServer> {
    let instance: TestSocksServer | undefined;
    const server = createServer((socket) => void instance!.serve(socket, options).catch(() => socket.destroy()));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    instance = new TestSocksServer(server, (server.address() as AddressInfo).port);
    return instance;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  private async serve(socket: Socket, options: SocksOptions): Promise<void> {
    const read = reader(socket);
    const [, count] = await read(2);
    const methods = [...(await read(count!))];
    const wanted = options.credentials ? 2 : 0;
    if (!methods.includes(wanted)) {
      socket.end(Buffer.from([5, 0xff]));
      return;
    }
    socket.write(Buffer.from([5, wanted]));
    if (options.credentials) {
      const [, ulen] = await read(2);
      const username = (await read(ulen!)).toString();
      const [plen] = await read(1);
      const password = (await read(plen!)).toString();
      this.logins.push({ username, password });
      const ok = username === options.credentials.username && password === options.credentials.password;
      socket.write(Buffer.from([1, ok ? 0 : 1]));
      if (!ok) return void socket.end();
    }
    const [, , , atyp] = await read(4);
    let host: string;
    if (atyp === 3) host = (await read((await read(1))[0]!)).toString();
    else if (atyp === 1) host = [...(await read(4))].join('.');
    else host = (await read(16)).toString('hex');
    const port = (await read(2)).readUInt16BE(0);
    this.requests.push({ atyp: atyp!, host, port });
    const target = options.routes?.[`${host}:${port}`];
    const reply = options.reply ?? (target === undefined ? 4 : 0);
    if (reply !== 0) return void socket.end(Buffer.from([5, reply, 0, 1, 0, 0, 0, 0, 0, 0]));
    const upstream = connect(target!, '127.0.0.1');
    await once(upstream, 'connect');
    socket.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, target! >> 8, target! & 0xff]));
    read.release();
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  }

  close(): void {
    this.server.close();
  }
}

/** Exact-length reads for the handshake; `release` hands unread bytes to the tunnel. */
function reader(socket: Socket): ((n: number) => Promise<Buffer>) & { release(): void } {
  let buffered = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  const onData = (d: Buffer): void => {
    buffered = Buffer.concat([buffered, d]);
    wake?.();
  };
  socket.on('data', onData);
  const read = async (n: number): Promise<Buffer> => {
    while (buffered.length < n) await new Promise<void>((resolve) => (wake = resolve));
    const out = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return out;
  };
  return Object.assign(read, {
    release() {
      socket.off('data', onData);
      socket.pause();
      if (buffered.length > 0) socket.unshift(buffered);
    },
  });
}
