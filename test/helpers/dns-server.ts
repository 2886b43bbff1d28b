import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import dnsPacket from 'dns-packet';

export type DnsRecord =
  | { type: 'A'; name: string; data: string }
  | { type: 'AAAA'; name: string; data: string }
  | { type: 'SRV'; name: string; data: { port: number; target: string; priority?: number; weight?: number } };

/** A loopback DNS server (UDP) that answers from a table, NXDOMAIN otherwise, and records each question. */
export class TestDnsServer {
  readonly questions: Array<{ type: string; name: string }> = [];
  private constructor(
    private readonly socket: Socket,
    readonly address: string,
    private readonly records: DnsRecord[],
  ) {}

  static async start(records: DnsRecord[]): Promise<TestDnsServer> {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    const server = new TestDnsServer(socket, `127.0.0.1:${socket.address().port}`, records);
    socket.on('message', (message, peer) => server.answer(message, peer.port, peer.address));
    return server;
  }

  private answer(message: Buffer, port: number, host: string): void {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    this.questions.push({ type: question.type, name: question.name });
    const named = this.records.filter((r) => r.name.toLowerCase() === question.name.toLowerCase());
    const answers = named.filter((r) => r.type === question.type);
    const reply = dnsPacket.encode({
      id: query.id,
      type: 'response',
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (named.length === 0 ? 3 : 0),
      questions: [question],
      answers: answers.map((r) => ({ ...r, class: 'IN', ttl: 60 }) as dnsPacket.Answer),
    });
    this.socket.send(reply, port, host);
  }

  close(): void {
    this.socket.close();
  }
}
