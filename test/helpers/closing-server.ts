import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

export interface ClosingServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A loopback port that accepts and hangs up at once: a dial there fails fast and for certain
 * ("peer closed connection"), with the address it reached in the message.
 */
export async function closingServer(): Promise<ClosingServer> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.destroy();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.close();
      await once(server, 'close');
    },
  };
}
