import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import dnsPacket from 'dns-packet';
import { within } from './socket-pair.js';

export type DnsRecord =
  | { type: 'A'; name: string; data: string }
  | { type: 'AAAA'; name: string; data: string }
  /** Answers every question about its name, as a real server does; this server does not follow it. */
  | { type: 'CNAME'; name: string; data: string }
  | { type: 'SRV'; name: string; data: { port: number; target: string; priority?: number; weight?: number } };

export interface DnsServerOptions {
  /** Record the questions but never answer: a server that is down or cut off. */
  readonly silent?: boolean;
}

const NXDOMAIN = 3;

/**
 * A DNS server on 127.0.0.1 (UDP) answering from a table and recording each question. A name not
 * in the table is NXDOMAIN; a name in it without records of the type asked is an empty answer.
 */
export class TestDnsServer {
  readonly questions: Array<{ type: string; name: string }> = [];
  private readonly waiters: Array<{ count: number; wake: () => void }> = [];

  private constructor(
    private readonly socket: Socket,
    private readonly records: readonly DnsRecord[],
    private readonly options: DnsServerOptions,
  ) {}

  static async start(records: readonly DnsRecord[], options: DnsServerOptions = {}): Promise<TestDnsServer> {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    const server = new TestDnsServer(socket, records, options);
    socket.on('message', (message, peer) => server.answer(message, peer.port, peer.address));
    return server;
  }

  /** `127.0.0.1:PORT`, as `--dns-server` takes it. */
  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  close(): void {
    this.socket.close();
  }

  /** Resolves once `count` questions have come, or fails after `ms`: a resolver that asks nothing fails the test instead of hanging it. */
  asked(count: number, ms = 5000): Promise<void> {
    const arrived = new Promise<void>((wake) => this.waiters.push({ count, wake }));
    this.wakeWaiters();
    return within(arrived, ms, `the DNS server did not get ${count} questions`);
  }

  private wakeWaiters(): void {
    for (const waiter of this.waiters.filter((w) => this.questions.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.wake();
    }
  }

  private answer(message: Buffer, port: number, host: string): void {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    this.questions.push({ type: question.type, name: question.name });
    this.wakeWaiters();
    if (this.options.silent) return;
    const named = this.records.filter((r) => r.name.toLowerCase() === question.name.toLowerCase());
    const answers = named.filter((r) => r.type === question.type || r.type === 'CNAME');
    const reply = dnsPacket.encode({
      id: query.id,
      type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | (named.length === 0 ? NXDOMAIN : 0),
      questions: [question],
      answers: answers.map((r) => ({ ...r, class: 'IN', ttl: 60 }) as dnsPacket.Answer),
    });
    this.socket.send(reply, port, host);
  }
}
