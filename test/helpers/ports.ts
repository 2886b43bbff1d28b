import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** Where a held port is let go: a test's context `t`, or `{ after }` from node:test for a whole file. */
export interface Cleanup {
  after(release: () => Promise<void>): unknown;
}

/** A port kept from everyone else until `close()`. */
interface HeldPort {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A TCP port where a connection is refused (RST, ECONNREFUSED) on 127.0.0.1 and, where the machine
 * has it, [::1], until the test (or file) given as `cleanup` ends.
 *
 * A port that was free a moment ago proves nothing: on a busy machine another process may be
 * given it before the test dials. A server that accepts and resets at once is no refusal either
 * (ECONNRESET, not Core Lightning's "Connection refused"). So the port is the local end of a
 * connection kept open, bound explicitly (net.connect's `localAddress`), and on Linux: nothing
 * listens on it, so a SYN to it is refused; a bind to port 0 on that address or the wildcard
 * never picks it while it is in use; and connect() never shares an explicitly bound port, so no
 * dial comes from that very port (TCP's simultaneous open, which would connect to itself). Only
 * a process that binds this exact port number, guessed, could take it.
 */
export async function refusingPort(cleanup: Cleanup): Promise<number> {
  // [::1] may have the port IPv4 gave us already in use (its port 0 is chosen apart): then another.
  for (let attempt = 1; ; attempt++) {
    try {
      return released(await holdPort(), cleanup);
    } catch (err) {
      if (attempt === 5 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
}

async function holdPort(): Promise<HeldPort> {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  const hold = async (host: string, localPort?: number): Promise<number> => {
    const server = createServer((accepted) => sockets.push(accepted.on('error', () => {}))).listen(0, host);
    servers.push(server);
    await once(server, 'listening');
    const socket = connect({ host, port: (server.address() as AddressInfo).port, localAddress: host, localPort });
    sockets.push(socket);
    await once(socket, 'connect');
    socket.on('error', () => {});
    return socket.localPort!;
  };
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  };
  try {
    const port = await hold('127.0.0.1');
    if (await hasIPv6Loopback()) await hold('::1', port);
    return { port, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * A UDP port on 127.0.0.1 where a datagram meets ICMP port unreachable (a DNS server that is not
 * there), until the test (or file) given as `cleanup` ends. The socket holding it is connected
 * to itself: Linux delivers to a connected UDP socket only what comes from its peer and answers
 * anyone else as if the port were closed; unlike a port just freed, no one else can be given it.
 */
export async function unreachableUdpPort(cleanup: Cleanup): Promise<number> {
  const socket = createSocket('udp4').bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  socket.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return released({ port, close: () => new Promise((resolve) => socket.close(() => resolve())) }, cleanup);
}

function released(held: HeldPort, cleanup: Cleanup): number {
  cleanup.after(() => held.close());
  return held.port;
}

/** Whether this machine has an IPv6 loopback (containers often lack one). */
export async function hasIPv6Loopback(): Promise<boolean> {
  const server = createServer();
  try {
    server.listen(0, '::1');
    await once(server, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}
