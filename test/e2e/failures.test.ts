import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { unusedPort } from '../helpers/ports.js';
import { cliJson, runCli } from '../helpers/cli.js';
import { PEER_ID, startPeer, type PeerScript } from '../helpers/fake-peer.js';
import { assertValidError } from '../helpers/schema.js';
import { featuresFromBits } from '../../src/wire/index.js';

const OTHER_ID = '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa';
const MAINNET_HASH = new Uint8Array(Buffer.from('6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000', 'hex'));

/** A deadline case must end within --timeout plus 0.2 s; the margin on top covers Node's start-up on a loaded machine. */
const DEADLINE_MARGIN_MS = 200 + 1500;

async function expectError(args: string[], code: number, message: string, exit: number) {
  const run = await runCli(args);
  assert.equal(run.stdout, cliJson({ code, message }), `stderr: ${run.stderr}`);
  assert.equal(run.code, exit);
  assert.equal(run.stderr, '');
  assertValidError(JSON.parse(run.stdout));
  return run;
}

async function withPeer(script: PeerScript, body: (uri: string, port: number) => Promise<unknown>): Promise<void> {
  const peer = await startPeer(script);
  try {
    await body(peer.uri, peer.port);
  } finally {
    await peer.close();
  }
}


test('a refused port is a 401 in Core Lightning words, exit 1', async () => {
  const port = await unusedPort();
  await expectError([`${PEER_ID}@127.0.0.1:${port}`], 401, `All addresses failed: 127.0.0.1:${port}: Connection establishment: Connection refused. `, 1);
});

test('a live peer that is not the node we named hangs up in Act One: wrong key', async () => {
  await withPeer(
    async (peer) => {
      await peer.handshake().catch(() => peer.socket.destroy());
    },
    (_uri, port) =>
      expectError(
        [`${OTHER_ID}@127.0.0.1:${port}`],
        401,
        `All addresses failed: 127.0.0.1:${port}: Cryptographic handshake: peer closed connection (wrong key?). `,
        1,
      ),
  );
});

for (const [name, script, stage] of [
  ['a silent peer', async () => {}, 'Cryptographic handshake'],
  [
    'a peer that stalls in the middle of Act Two',
    async (peer) => {
      await peer.read(50);
      peer.socket.write(new Uint8Array(20));
    },
    'Cryptographic handshake',
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
  ],
] as Array<[string, PeerScript, string]>) {
  test(`${name} ends in "Connection timed out" within the deadline`, async () => {
    await withPeer(script, async (uri, port) => {
      const run = await expectError([uri, '--timeout', '1'], 401, `All addresses failed: 127.0.0.1:${port}: ${stage}: Connection timed out. `, 1);
      assert.ok(run.elapsed < 1000 + DEADLINE_MARGIN_MS, `took ${run.elapsed} ms`);
      assert.ok(run.elapsed >= 1000, `took only ${run.elapsed} ms`);
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
    (uri, port) =>
      expectError([uri, '--network', 'regtest'], 401, `All addresses failed: 127.0.0.1:${port}: Exchanging init messages: peer sent warning: go away\\x1b[31m. `, 1),
  );
});

for (const [name, init, problem] of [
  ['unknown even feature bits (the lowest is named)', { features: featuresFromBits([9, 100, 102, 129]) }, 'Unsupported feature 100'],
  ['a missing feature dependency', { features: featuresFromBits([9, 16]) }, 'Feature 16 requires feature 14'],
  ['another chain', { networks: [MAINNET_HASH] }, 'No common network'],
] as Array<[string, Parameters<import('../helpers/fake-peer.js').ScriptedPeer['sendInit']>[0], string]>) {
  test(`a peer with ${name} is refused, and told why`, async () => {
    let told: unknown;
    await withPeer(
      async (peer) => {
        await peer.handshake();
        await peer.receive();
        peer.sendInit(init);
        told = await peer.receive();
      },
      (uri, port) =>
        expectError([uri, '--network', 'regtest'], 401, `All addresses failed: 127.0.0.1:${port}: Exchanging init messages: ${problem}. `, 1),
    );
    assert.deepEqual(told, { kind: 'warning', channelId: new Uint8Array(32), data: new TextEncoder().encode(problem) });
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
    (uri) => expectError([uri, '--network', 'regtest'], 402, 'disconnected during connection: peer closed connection', 4),
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
    (uri) => expectError([uri, '--network', 'regtest'], 402, 'disconnected during connection: peer sent error: we are full', 4),
  );
});
