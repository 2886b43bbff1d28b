import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import type { Resolver } from 'node:dns/promises';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { bech32 } from '@scure/base';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { AttemptError } from '../../src/errors.js';
import { formatAddress, type Address } from '../../src/net/address.js';
import { lookupSeed, seedQueryName } from '../../src/net/dns-seed.js';
import { queryAddresses, resolutionError } from '../../src/net/resolve.js';
import { formatIPv4, formatIPv6 } from '../../src/wire/ip.js';
import { type DnsRecord, TestDnsServer } from '../helpers/dns-server.js';
import { TEST_OPTIONS, applyDamage, assertPrintable, damage, fixedBytes, hostName, ipv4Bytes, ipv6Bytes, runs, settleOrRefuse, type Damage } from './arbitraries.js';

/**
 * What ln-connect makes of DNS answers: the A, AAAA and SRV records a resolver hands over, and the
 * failures it reports. The seed lookups run against a DNS server on loopback whose answers each
 * run draws at random, so what c-ares passes on from a hostile or broken seed is covered too.
 */

const DEFAULT_PORT = 9735;

describe('DNS seed query names (BOLT 10)', () => {
  it('are one 62-character label that decodes back to the node id', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fixedBytes(33), hostName, (id, seed) => {
        const name = seedQueryName(id, seed);
        const label = name.slice(0, name.indexOf('.'));
        assert.equal(label.length, 62);
        assert.equal(name, `${label}.${seed}`);
        assert.deepEqual(bech32.decodeToBytes(label), { prefix: 'ln', words: bech32.toWords(id), bytes: id });
      }),
      runs(),
    );
  });
});

/** Failures as the resolver reports them: Node's DNS codes, and anything else. */
const failure = fc
  .tuple(fc.oneof(fc.constantFrom('ENOTFOUND', 'ENODATA', 'EAI_AGAIN', 'ETIMEOUT', 'ECONNREFUSED', 'ESERVFAIL', 'EREFUSED', 'EAI_FAIL', 'EBADRESP', 'ECANCELLED'), fc.string()), fc.option(fc.string(), { nil: undefined }))
  .map(([code, message]) => Object.assign(new Error(message ?? `query ${code}`), { code }));

describe('resolver failures', () => {
  it('become one AttemptError in getaddrinfo words, a "not known" only when nothing says more', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fc.array(failure, { maxLength: 4 }), (failures) => {
        const err = resolutionError(failures);
        assert.ok(err instanceof AttemptError);
        assert.match(err.message, /^getaddrinfo error '.*'$/s);
        const notKnown = err.message === "getaddrinfo error 'Name or service not known'";
        const telling = failures.filter((f) => !['ENOTFOUND', 'ENODATA'].includes(f.code));
        if (telling.length > 0) assert.ok(!notKnown || telling[0]!.message === 'Name or service not known', err.message);
        if (failures.length === 0) assert.ok(notKnown);
      }),
      runs(),
    );
  });

  it('queryAddresses: AAAA then A on the port, or the most telling failure, or ENODATA', TEST_OPTIONS, async () => {
    const answer = (address: fc.Arbitrary<string>) =>
      fc.oneof(fc.array(address, { maxLength: 3 }).map((list) => ({ list })), failure.map((error) => ({ error })));
    await fc.assert(
      fc.asyncProperty(answer(ipv6Bytes.map(formatIPv6)), answer(ipv4Bytes.map(formatIPv4)), fc.integer({ min: 1, max: 65535 }), async (v6, v4, port) => {
        const settle = (a: { list: string[] } | { error: Error }) => ('list' in a ? Promise.resolve(a.list) : Promise.reject(a.error));
        const resolver = { resolve6: () => settle(v6), resolve4: () => settle(v4) } as unknown as Resolver;
        const expected: Address[] = [
          ...('list' in v6 ? v6.list.map((address) => ({ type: 'ipv6' as const, address, port })) : []),
          ...('list' in v4 ? v4.list.map((address) => ({ type: 'ipv4' as const, address, port })) : []),
        ];
        if (expected.length > 0) assert.deepEqual(await queryAddresses(resolver, 'x.test', port), expected);
        else {
          const failures = [v6, v4].flatMap((a) => ('error' in a ? [a.error] : []));
          // Two empty answers (a CNAME to nothing) are no address, as ENODATA would say.
          const known = (err: unknown) => (failures.length === 0 ? (err as NodeJS.ErrnoException).code === 'ENODATA' : failures.some((f) => f === err));
          await assert.rejects(queryAddresses(resolver, 'x.test', port), known);
        }
      }),
      runs(),
    );
  });
});

interface SrvAnswer {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  /** Index into the run's target names, or '.' for "no such service". */
  readonly target: number | '.';
}

/** One seed's zone: SRV records for the query name, and A/AAAA records for it and for each SRV target. */
interface Zone {
  readonly srv: readonly SrvAnswer[];
  /** Index 0 is the query name itself, the others SRV targets; null is NXDOMAIN, 'cname' an alias to a name without records. */
  readonly hosts: ReadonlyArray<{ v6: string[]; v4: string[] } | 'cname' | null>;
}

const zone: fc.Arbitrary<Zone> = fc.record({
  srv: fc.array(
    fc.record({
      priority: fc.integer({ min: 0, max: 3 }),
      weight: fc.integer({ min: 0, max: 3 }),
      port: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 65535 })),
      target: fc.oneof(fc.constant('.' as const), fc.integer({ min: 0, max: 3 })),
    }),
    { maxLength: 5 },
  ),
  hosts: fc.array(
    fc.oneof(
      fc.constant(null),
      fc.constant('cname' as const),
      fc.record({ v6: fc.array(ipv6Bytes.map(formatIPv6), { maxLength: 2 }), v4: fc.array(ipv4Bytes.map(formatIPv4), { maxLength: 2 }) }),
    ),
    { minLength: 4, maxLength: 4 },
  ),
});

/** Each run asks for another seed name: nothing a resolver may have kept from an earlier run can answer. */
let seedNumber = 0;
const nextSeed = () => `seed${seedNumber++}.test`;

function zoneRecords(z: Zone, names: readonly string[]): DnsRecord[] {
  return [
    ...z.srv.map((s): DnsRecord => ({ type: 'SRV', name: names[0]!, data: { priority: s.priority, weight: s.weight, port: s.port, target: s.target === '.' ? '.' : names[s.target]! } })),
    ...z.hosts.flatMap((h, i): DnsRecord[] =>
      h === null ? [] : h === 'cname' ? [{ type: 'CNAME', name: names[i]!, data: `gone.${names[i]}` }] : [...h.v6.map((data): DnsRecord => ({ type: 'AAAA', name: names[i]!, data })), ...h.v4.map((data): DnsRecord => ({ type: 'A', name: names[i]!, data }))],
    ),
  ];
}

/** What lookupSeed should find: BOLT 10 and RFC 2782 as dns-seed.ts documents them, written out plainly. */
function expectedAddresses(z: Zone): Address[] {
  const at = (i: number, port: number): Address[] => {
    const h = z.hosts[i];
    return h && h !== 'cname' ? [...h.v6.map((address) => ({ type: 'ipv6' as const, address, port })), ...h.v4.map((address) => ({ type: 'ipv4' as const, address, port }))] : [];
  };
  const usable = z.srv.filter((s) => s.target !== '.' && s.port !== 0);
  const ordered = [...usable].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  const all = [...ordered.flatMap((s) => at(s.target as number, s.port)), ...at(0, DEFAULT_PORT)];
  return [...new Map(all.map((a) => [formatAddress(a), a])).values()];
}

describe('DNS seed answers', () => {
  const records: DnsRecord[] = [];
  let server: TestDnsServer;
  before(async () => (server = await TestDnsServer.start(records)));
  after(() => server.close());

  it('give the SRV targets on their ports, then A and AAAA on the default port, without duplicates; or an AttemptError naming the seed', TEST_OPTIONS, async () => {
    await fc.assert(
      fc.asyncProperty(fixedBytes(33), zone, async (id, z) => {
        const seed = nextSeed();
        const query = seedQueryName(id, seed);
        const names = [query, `a.${seed}`, `b.${seed}`, `Upper.${seed}`];
        records.splice(0, records.length, ...zoneRecords(z, names));
        const expected = expectedAddresses(z);
        const found = lookupSeed(id, seed, { signal: AbortSignal.timeout(3000), defaultPort: DEFAULT_PORT, dnsServer: server.address });
        if (expected.length > 0) assert.deepEqual(await found, expected);
        else await assert.rejects(found, (err: Error) => Object.getPrototypeOf(err) === AttemptError.prototype && err.message.startsWith(`DNS seed ${seed}: getaddrinfo error '`));
      }),
      runs(8),
    );
  });
});

/** What the damaging server does to one answer: XOR one byte of the answer counts, and damage what follows the question. */
interface AnswerDamage {
  readonly count: { readonly at: number; readonly mask: number };
  readonly body: Damage;
}

/**
 * A DNS server whose answers are damaged where c-ares cannot drop them as someone else's (the id,
 * the flags, the question count and the question stay as asked): wrong counts, cut records,
 * names that point nowhere.
 */
class DamagingDnsServer {
  /** Applied in turn, one per answer. */
  damages: readonly AnswerDamage[] = [];
  #next = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (message, peer) => {
      const query = dnsPacket.decode(message);
      const question = query.questions?.[0];
      if (!question) return;
      const record = question.type === 'SRV' ? { type: 'SRV', data: { port: 9735, target: question.name } } : question.type === 'A' ? { type: 'A', data: '127.0.0.1' } : { type: 'AAAA', data: '::1' };
      const answers = [{ ...record, name: question.name, class: 'IN', ttl: 60 } as dnsPacket.Answer];
      const valid = dnsPacket.encode({ id: query.id, type: 'response', flags: dnsPacket.RECURSION_DESIRED, questions: [question], answers });
      const { count, body } = this.damages[this.#next++ % this.damages.length]!;
      // The header, then the question: its name as labels (one length byte each, and the root's), type and class.
      const head = valid.subarray(0, 12 + Buffer.byteLength(question.name) + 2 + 4);
      head[6 + (count.at % 6)]! ^= count.mask;
      socket.send(Buffer.concat([head, applyDamage(valid.subarray(head.length), body)]), peer.port, peer.address);
    });
  }

  static async start(): Promise<DamagingDnsServer> {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    return new DamagingDnsServer(socket);
  }

  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  close(): void {
    this.socket.close();
  }
}

describe('damaged DNS answers', () => {
  let server: DamagingDnsServer;
  before(async () => (server = await DamagingDnsServer.start()));
  after(() => server.close());

  it('give addresses or an AttemptError, with a printable message', TEST_OPTIONS, async () => {
    const answerDamage = fc.record({ count: fc.record({ at: fc.nat(), mask: fc.integer({ min: 0, max: 255 }) }), body: damage });
    await fc.assert(
      fc.asyncProperty(fixedBytes(33), fc.array(answerDamage, { minLength: 1, maxLength: 4 }), async (id, damages) => {
        server.damages = damages;
        const lookup = () => lookupSeed(id, nextSeed(), { signal: AbortSignal.timeout(3000), defaultPort: DEFAULT_PORT, dnsServer: server.address });
        const addresses = await settleOrRefuse([AttemptError], lookup, (err) => assertPrintable(err.message));
        for (const a of addresses ?? []) assert.ok(a.type !== 'local socket' && a.port >= 1 && a.port <= 65535);
      }),
      runs(8),
    );
  });
});
