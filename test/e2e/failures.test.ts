import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { refusingPort } from '../helpers/ports.js';
import { cliJson, runCli, type CliRun } from '../helpers/cli.js';
import { spawnMeasured } from '../helpers/measured-cli.js';
import { PEER_ID, withPeer, type PeerScript } from '../helpers/fake-peer.js';
import { assertValidError } from '../helpers/schema.js';
import { deadlineAt } from '../../src/deadline.js';
import { featuresFromBits } from '../../src/wire/index.js';

const OTHER_ID = '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa';
const MAINNET_HASH = new Uint8Array(Buffer.from('6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000', 'hex'));

const TIMEOUT_SECONDS = 2;
/** The deadline of a `--timeout 2` run on the process's own clock: the CLI counts it from process start (startedAt 0). */
const DEADLINE_MS = deadlineAt(TIMEOUT_SECONDS, 0);
/** From the deadline to exit, measured inside the process: the 0.2 s a run may take to wind down, and room for a loaded machine. */
const WIND_DOWN_MS = 200 + 800;
/** A run still going this long after its spawn is hung: it is killed and the test fails. */
const HANG_MS = 30_000;

function assertError(run: CliRun, code: number, message: string, exit: number): void {
  assert.equal(run.stdout, cliJson({ code, message }), `stderr: ${run.stderr}`);
  assert.equal(run.code, exit);
  assert.equal(run.stderr, '');
  assertValidError(JSON.parse(run.stdout));
}

async function expectError(args: string[], code: number, message: string, exit: number): Promise<void> {
  assertError(await runCli(args), code, message, exit);
}


test('a refused port is a 401 in Core Lightning words, exit 1', async (t) => {
  const port = await refusingPort(t);
  await expectError([`${PEER_ID}@127.0.0.1:${port}`], 401, `All addresses failed: 127.0.0.1:${port}: Connection establishment: Connection refused. `, 1);
});

test('a live peer that is not the node we named hangs up in Act One: wrong key', async () => {
  await withPeer(
    async (peer) => {
      await peer.handshake().catch(() => peer.socket.destroy());
    },
    ({ port }) =>
      expectError(
        [`${OTHER_ID}@127.0.0.1:${port}`],
        401,
        `All addresses failed: 127.0.0.1:${port}: Cryptographic handshake: peer closed connection (wrong key?). `,
        1,
      ),
  );
});

for (const [name, script, stage, reason] of [
  [
    'a port that accepts and never answers',
    async () => {},
    'Cryptographic handshake',
    'Connection timed out (the port accepted the connection but sent nothing back: probably not a Lightning node)',
  ],
  [
    'a peer that stalls in the middle of Act Two',
    async (peer) => {
      await peer.read(50);
      peer.socket.write(new Uint8Array(20));
    },
    'Cryptographic handshake',
    'Connection timed out (after 20 of the 50 bytes of act two)',
  ],
  [
    'a peer that stalls in the middle of its init message',
    async (peer) => {
      await peer.handshake();
      await peer.receive();
      const frame = peer.frame({ kind: 'init', globalFeatures: new Uint8Array(0), features: new Uint8Array([0x02]) });
      peer.socket.write(frame.subarray(0, 25));
    },
    'Exchanging init messages',
    'Connection timed out',
  ],
] as Array<[string, PeerScript, string, string]>) {
  test(`${name} ends in "${reason}" at the deadline`, async () => {
    await withPeer(script, async ({ uri, port }) => {
      const run = await spawnMeasured([uri, '--timeout', String(TIMEOUT_SECONDS)], HANG_MS).done;
      assertError(run, 401, `All addresses failed: 127.0.0.1:${port}: ${stage}: ${reason}. `, 1);
      const { exitMs } = run.report!;
      assert.ok(exitMs >= DEADLINE_MS, `exited ${exitMs} ms after its start, before its deadline`);
      assert.ok(exitMs < DEADLINE_MS + WIND_DOWN_MS, `exited ${exitMs - DEADLINE_MS} ms after its deadline`);
    });
  });
}

test('an HTTP server is named as such', async () => {
  const server = createHttpServer((_req, res) => res.end('hello')).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    await expectError(
      [`${PEER_ID}@127.0.0.1:${port}`],
      401,
      `All addresses failed: 127.0.0.1:${port}: Cryptographic handshake: not a Lightning node: it answered like an HTTP server ("HTTP/1.1 400 Bad Request"). `,
      1,
    );
  } finally {
    server.close();
  }
});

test('a peer that answers our init with a warning and hangs up: its words, escaped', async () => {
  await withPeer(
    async (peer) => {
      await peer.handshake();
      await peer.receive();
      peer.warning('go away\x1b[31m');
      peer.socket.end();
    },
    ({ uri, port }) =>
      expectError([uri, '--network', 'regtest'], 401, `All addresses failed: 127.0.0.1:${port}: Exchanging init messages: peer sent warning: go away\\x1b[31m. `, 1),
  );
});

const UNKNOWN_CHAIN = new Uint8Array(32).fill(0xee);

for (const [name, init, problem, told = problem] of [
  ['unknown even feature bits (the lowest is named)', { features: featuresFromBits([9, 100, 102, 129]) }, 'Unsupported feature 100'],
  ['a missing feature dependency', { features: featuresFromBits([9, 16]) }, 'Feature 16 requires feature 14'],
  ['another chain (named for us; the peer gets Core Lightning\'s words)', { networks: [MAINNET_HASH] }, 'No common network: peer is on mainnet', 'No common network'],
  [
    'chains we do not know (in hex)',
    { networks: [MAINNET_HASH, UNKNOWN_CHAIN] },
    `No common network: peer is on mainnet, ${'ee'.repeat(32)}`,
    'No common network',
  ],
  ['an empty list of chains', { networks: [] }, 'No common network: peer lists no chain', 'No common network'],
] as Array<[string, Parameters<import('../helpers/fake-peer.js').ScriptedPeer['sendInit']>[0], string, string?]>) {
  test(`a peer with ${name} is refused, and told why`, async () => {
    let toldPeer: unknown;
    await withPeer(
      async (peer) => {
        await peer.handshake();
        await peer.receive();
        peer.sendInit(init);
        toldPeer = await peer.receive();
      },
      ({ uri, port }) =>
        expectError([uri, '--network', 'regtest'], 401, `All addresses failed: 127.0.0.1:${port}: Exchanging init messages: ${problem}. `, 1),
    );
    assert.deepEqual(toldPeer, { kind: 'warning', channelId: new Uint8Array(32), data: new TextEncoder().encode(told) });
  });
}

test('a peer that hangs up after init, before answering our ping, is a 402, exit 4', async () => {
  await withPeer(
    async (peer) => {
      await peer.handshake();
      await peer.receive();
      peer.sendInit();
      await peer.receive();
      peer.socket.destroy();
    },
    ({ uri }) => expectError([uri, '--network', 'regtest'], 402, 'disconnected during connection: peer closed connection', 4),
  );
});

test('a peer that sends an error after init and hangs up: 402 with its words', async () => {
  await withPeer(
    async (peer) => {
      await peer.handshake();
      await peer.receive();
      peer.sendInit();
      peer.send({ kind: 'error', channelId: new Uint8Array(32), data: new TextEncoder().encode('we are full') });
      peer.socket.end();
    },
    ({ uri }) => expectError([uri, '--network', 'regtest'], 402, 'disconnected during connection: peer sent error: we are full', 4),
  );
});

const SOME_CHANNEL = new Uint8Array(32).fill(0xab);

test('an error or warning naming a channel is ignored (BOLT 1: it names no channel of ours), before and after init', async () => {
  await withPeer(
    async (peer) => {
      await peer.handshake();
      await peer.receive();
      peer.send({ kind: 'warning', channelId: SOME_CHANNEL, data: new TextEncoder().encode('fee too low') });
      peer.sendInit();
      await peer.receive();
      peer.send({ kind: 'error', channelId: SOME_CHANNEL, data: new TextEncoder().encode('unknown channel') });
      peer.send({ kind: 'pong', ignored: new Uint8Array(4) });
      await peer.closed();
    },
    async ({ uri, port }) => {
      const run = await runCli([uri, '--network', 'regtest']);
      assert.equal(run.stdout, cliJson({ id: PEER_ID, features: '0222', direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port } }));
      assert.equal(run.code, 0);
    },
  );
});

test('a connection-wide warning after init is a 402 with its words', async () => {
  await withPeer(
    async (peer) => {
      await peer.handshake();
      await peer.receive();
      peer.sendInit();
      peer.warning('shutting down');
      await peer.closed();
    },
    ({ uri }) => expectError([uri, '--network', 'regtest'], 402, 'disconnected during connection: peer sent warning: shutting down', 4),
  );
});
