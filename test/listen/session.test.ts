import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DisconnectedError, exitStatusFor, NoPeerError } from '../../src/index.js';
import { handshakeWith, REGTEST_CHAIN } from '../helpers/initiator.js';
import { startListener } from '../helpers/listener.js';

const CONNECTOR_KEY = new Uint8Array(32).fill(0x11);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

test('listen confirms the session: a peer that sends an error after init is a 402, not a success', { timeout: 30_000 }, async () => {
  const listener = await startListener({ network: 'regtest', timeout: 20 });
  const channel = await handshakeWith(listener.port, listener.info.id, CONNECTOR_KEY);
  channel.send({ kind: 'init', globalFeatures: new Uint8Array(0), features: new Uint8Array([0x02, 0x22]), networks: [REGTEST_CHAIN] });
  assert.equal((await channel.receive()).kind, 'init');
  channel.send({ kind: 'error', channelId: new Uint8Array(32), data: text('go away') });
  const err = await listener.outcome;
  assert.ok(err instanceof DisconnectedError);
  assert.deepEqual(err.toJSON(), { code: 402, message: 'disconnected during connection: peer sent error: go away' });
  assert.equal(exitStatusFor(err), 4);
  channel.close();
});

test('a peer whose init fails is closed and counted, and the listener waits for another', { timeout: 30_000 }, async () => {
  const listener = await startListener({ network: 'regtest', timeout: 1 });
  const channel = await handshakeWith(listener.port, listener.info.id, CONNECTOR_KEY);
  channel.send({ kind: 'warning', channelId: new Uint8Array(32), data: text('not now') });
  const err = await listener.outcome;
  assert.ok(err instanceof NoPeerError);
  assert.deepEqual(err.toJSON(), {
    code: 401,
    message: 'No peer completed the handshake and init before the deadline: 1 connection closed (1 × Exchanging init messages: peer sent warning: not now)',
  });
  channel.close();
});
