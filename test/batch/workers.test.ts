import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createWorkerPool, type WorkerPool } from '../../src/batch/workers.js';
import {
  AllAddressesFailedError,
  connect,
  ConnectError,
  DisconnectedError,
  InvalidParamsError,
  NoAddressError,
  type ConnectOptions,
  type ProgressStage,
} from '../../src/index.js';
import { PEER_ID, startPeer, type RunningPeer } from '../helpers/fake-peer.js';

let pool: WorkerPool;
let up: RunningPeer;
let rejecting: RunningPeer;
let silent: RunningPeer;

before(async () => {
  pool = createWorkerPool(2);
  up = await startPeer(async (peer) => {
    await peer.handshake();
    await peer.receive(); // their init
    peer.sendInit();
    await peer.receive(); // their ping
    peer.send({ kind: 'pong', ignored: new Uint8Array(4) });
    await peer.closed();
  });
  rejecting = await startPeer(async (peer) => {
    await peer.handshake();
    await peer.receive();
    peer.sendInit();
    await peer.receive();
    peer.warning('not today');
    peer.socket.end();
  });
  silent = await startPeer(async (peer) => {
    await peer.handshake();
    await peer.closed();
  });
});

after(async () => {
  await pool.close();
  const peers = [up, rejecting, silent];
  await Promise.all(peers.map((peer) => peer.close()));
  assert.deepEqual(
    peers.flatMap((peer) => peer.errors),
    [],
  );
});

/** What a check ends with, as data: the result, or the error's class, code, message and records. */
async function outcome(check: (options: ConnectOptions) => Promise<unknown>, options: ConnectOptions): Promise<unknown> {
  try {
    return { result: await check(options) };
  } catch (err) {
    if (!(err instanceof ConnectError)) return { bug: err };
    return {
      class: err.constructor.name,
      code: err.code,
      message: err.message,
      failures: err instanceof AllAddressesFailedError ? err.failures : undefined,
      detail: err instanceof DisconnectedError ? err.detail : undefined,
      json: err.toJSON(),
    };
  }
}

test('a check on a worker thread ends exactly as connect() does in this one: result, or error class, code, message and records', async () => {
  const cases: ConnectOptions[] = [
    { id: up.uri, network: 'regtest', identityKey: new Uint8Array(32).fill(0x11) },
    { id: 'nope' },
    { id: up.uri, timeout: -1 },
    { id: PEER_ID },
    { id: `${PEER_ID}@/nonexistent/ln-connect-test.sock` },
    { id: up.uri, network: 'signet' },
    { id: rejecting.uri, network: 'regtest' },
  ];
  const kinds: unknown[] = [];
  for (const options of cases) {
    const onThread = await outcome((o) => pool.check(o), options);
    assert.deepEqual(onThread, await outcome(connect, options), options.id);
    kinds.push((onThread as { class?: string }).class);
  }
  // Every kind of ending is among the cases.
  assert.deepEqual(kinds, [undefined, 'InvalidParamsError', 'InvalidParamsError', 'NoAddressError', 'AllAddressesFailedError', 'AllAddressesFailedError', 'DisconnectedError']);
});

test('errors rebuilt on this side are instances of the library classes, and a bug stays a bug', async () => {
  await assert.rejects(pool.check({ id: 'nope' }), InvalidParamsError);
  await assert.rejects(pool.check({ id: PEER_ID }), NoAddressError);
  await assert.rejects(pool.check({ id: rejecting.uri, network: 'regtest' }), DisconnectedError);
  const bug = await pool.check({ id: 42 as unknown as string }).catch((err: unknown) => err);
  assert.ok(bug instanceof TypeError && !(bug instanceof ConnectError));
  assert.equal(bug.message, 'params.id.indexOf is not a function');
});

test('progress events reach the listener on this thread; a signal aborts the check on its thread', async () => {
  const stages: ProgressStage[] = [];
  await pool.check({ id: up.uri, network: 'regtest', onProgress: (p) => stages.push(p.stage) });
  assert.deepEqual(stages, ['connecting', 'handshake', 'init', 'confirming']);

  // The silent peer completes the handshake and never sends init: only the abort ends the wait.
  const controller = new AbortController();
  const waiting = pool.check({
    id: silent.uri,
    timeout: 600,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.stage === 'init') controller.abort();
    },
  });
  const err = await waiting.catch((e: unknown) => e);
  assert.ok(err instanceof AllAddressesFailedError);
  assert.deepEqual(err.failures, [{ address: `127.0.0.1:${silent.port}`, stage: 'Exchanging init messages', reason: 'Connection timed out' }]);

  // Aborted before the check starts: nothing is dialled, as with connect().
  const aborted = AbortSignal.abort();
  const early = { id: up.uri, network: 'regtest', signal: aborted } as const;
  assert.deepEqual(await outcome((o) => pool.check(o), early), await outcome(connect, early));
  assert.deepEqual(((await outcome(connect, early)) as { json: unknown }).json, { code: 401, message: 'All addresses failed: ' });
});

test('close() lets the checks under way finish, then refuses new ones', async () => {
  const own = createWorkerPool(1);
  const running = own.check({ id: up.uri, network: 'regtest' });
  await own.close();
  assert.equal((await running).id, PEER_ID);
  await assert.rejects(own.check({ id: up.uri }), /the worker pool is closed/);
  assert.throws(() => createWorkerPool(0), /worker pool size: expected a positive integer, got 0/);
});
