import { connect as tcpConnect, type Socket } from 'node:net';
import { once } from 'node:events';
import { listen, type InboundSession, type ListenOptions, type ListeningInfo, type Progress } from '../../src/index.js';

/** A listen() in this process, with its progress events recorded and awaitable. */
export interface RunningListener {
  readonly info: ListeningInfo;
  readonly port: number;
  readonly events: Progress[];
  /** listen()'s promise, already caught so that a rejection is asserted, not unhandled. */
  readonly outcome: Promise<InboundSession | Error>;
  /** Resolves with the first event (past or future) matching, once `count` of them have come. */
  waitFor(match: (p: Progress) => boolean, count?: number): Promise<Progress[]>;
  /** Ends the run as the deadline would. */
  abort(): void;
}

export async function startListener(options: Omit<ListenOptions, 'listen' | 'onListening' | 'onProgress' | 'signal'>): Promise<RunningListener> {
  const events: Progress[] = [];
  const waiters: Array<() => void> = [];
  const controller = new AbortController();
  let ready!: (info: ListeningInfo) => void;
  const listening = new Promise<ListeningInfo>((resolve) => (ready = resolve));
  const outcome = listen({
    listen: '127.0.0.1:0',
    ...options,
    signal: controller.signal,
    onListening: (info) => ready(info),
    onProgress: (p) => {
      events.push(p);
      for (const wake of waiters.splice(0)) wake();
    },
  }).catch((err: Error) => err);
  const info = await Promise.race([listening, outcome.then((o) => Promise.reject(o))]);
  return {
    info,
    port: (info.address as { port: number }).port,
    events,
    outcome,
    abort: () => controller.abort(),
    async waitFor(match, count = 1) {
      // Bounded by the listener's own deadline: once it settles, no more events can come.
      let settled = false;
      void outcome.then(() => {
        settled = true;
        for (const wake of waiters.splice(0)) wake();
      });
      for (;;) {
        const found = events.filter(match);
        if (found.length >= count) return found;
        if (settled) throw new Error(`listener settled with ${found.length} of ${count} events; events: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

/** A TCP connection to the listener, resolved once connected; errors (resets) are ignored. */
export async function openConnection(port: number): Promise<Socket> {
  const socket = tcpConnect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

/** Resolves when the socket is closed (by the listener, for the tests here). */
export function closedBy(socket: Socket): Promise<void> {
  return socket.closed || socket.destroyed ? Promise.resolve() : once(socket, 'close').then(() => undefined);
}
