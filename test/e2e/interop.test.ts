import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { cliJson, collect, firstStderrLine, keyFile, runCli, spawnCli } from '../helpers/cli.js';
import { unhex } from '../helpers/fixtures.js';
import { assertValidResponse } from '../helpers/schema.js';
import { within } from '../helpers/socket-pair.js';

// @node-lightning/noise: an independent BOLT 8 implementation (CommonJS), our peer in these tests.
const noise = createRequire(import.meta.url)('@node-lightning/noise');

const PEER_SECRET = Buffer.from('21'.repeat(32), 'hex');
const PEER_ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
const OUR_SECRET = '11'.repeat(32);
const OUR_ID = '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa';
const REGTEST = '06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f';

/**
 * The peer's messages are written byte by byte from BOLT 1, not with our codec, so a bug shared
 * by our encoder and decoder cannot hide here. Its init: globalfeatures 0x2200 (bits 9, 13),
 * features 0x0800000000 (bit 35) + networks [regtest]; OR'ed: bits 9 13 35 -> 0800002200.
 */
const PEER_INIT = Buffer.from(`0010` + `0002` + `2200` + `0005` + `0800000000` + `0120` + REGTEST, 'hex');
const PEER_FEATURES = '0800002200';

/** Answers what a Lightning peer must: a pong for each ping. Records what it received. */
function serve(socket: any, received: Buffer[]): void {
  socket.on('data', (message: Buffer) => {
    received.push(message);
    if (message.readUInt16BE(0) === 18) {
      const pongBytes = message.readUInt16BE(2);
      const pong = Buffer.alloc(4 + pongBytes);
      pong.writeUInt16BE(19, 0);
      pong.writeUInt16BE(pongBytes, 2);
      socket.write(pong);
    }
  });
}

test('ln-connect connects to an @node-lightning/noise responder', async () => {
  const received: Buffer[] = [];
  const server = noise.createServer({ ls: PEER_SECRET }, (socket: any) => {
    socket.on('ready', () => socket.write(PEER_INIT));
    serve(socket, received);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const out = await runCli([`${PEER_ID}@127.0.0.1:${port}`, '--network', 'regtest', '--key-file', keyFile(OUR_SECRET)]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(out.stdout, cliJson({ id: PEER_ID, features: PEER_FEATURES, direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port } }));
    assertValidResponse(JSON.parse(out.stdout));
    // Our init: no globalfeatures, the default features, networks = [regtest]; then a ping for 4 bytes.
    assert.equal(received[0]!.toString('hex'), `0010000000062000000` + `2a282` + `0120` + REGTEST);
    assert.equal(received[1]!.toString('hex'), '001200040000');
  } finally {
    server.close();
  }
});

test('an @node-lightning/noise initiator connects to ln-connect --listen', async () => {
  const listener = spawnCli(['--listen', '127.0.0.1:0', '--network', 'regtest', '--key-file', keyFile(OUR_SECRET)]);
  const done = collect(listener);
  const uri = await firstStderrLine(listener);
  const port = Number(uri.split(':').pop());
  const received: Buffer[] = [];
  const socket = noise.connect({ ls: PEER_SECRET, rpk: Buffer.from(unhex(OUR_ID)), host: '127.0.0.1', port });
  serve(socket, received);
  // Send our init straight away, as ln-connect does: neither side waits for the other's.
  socket.on('ready', () => socket.write(PEER_INIT));
  // Once the listener's confirming ping is answered (serve's handler, registered first, has
  // written the pong), the session is up; hang up as a one-shot client would. Hanging up at its
  // init instead would race that ping.
  await within(
    new Promise<void>((resolve) => socket.on('data', (m: Buffer) => m.readUInt16BE(0) === 18 && resolve())),
    20_000,
    'the listener sent no ping',
  );
  socket.end();
  const inbound = await done;
  assert.equal(inbound.code, 0, inbound.stdout + inbound.stderr);
  const result = JSON.parse(inbound.stdout);
  assert.equal(inbound.stdout, cliJson({ id: PEER_ID, features: PEER_FEATURES, direction: 'in', address: { type: 'ipv4', address: '127.0.0.1', port: result.address.port } }));
  assertValidResponse(result);
  assert.equal(received[0]!.toString('hex'), `0010000000062000000` + `2a282` + `0120` + REGTEST);
  assert.equal(received[1]!.toString('hex'), '001200040000');
});
