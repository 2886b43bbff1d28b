import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { PEER_ID } from '../helpers/fake-peer.js';
import { assertValidListLine } from '../helpers/schema.js';
import { hangUpFirst, startResponder, upPeer } from './responder.js';

const TARGETS = 1000;
const JOBS = 8;
/** One connection in this many gets a whole session; the others a cheap answer, so the test costs little CPU. */
const FULL_EVERY = 20;
const HTTP_REPLY = 'HTTP/1.1 400 Bad Request\r\n\r\n';

test(`${TARGETS} targets with --jobs ${JOBS}: never more than ${JOBS} connections open at the peer, and ${JOBS} reached`, async () => {
  // Every connection ends on the peer's side first, so the peer has counted it closed before the
  // client, which waits for the peer's last bytes, can open the next one: a pong for a session
  // (the confirmation), an HTTP error for the others, which ln-connect reports without a probe.
  const session = upPeer({ endAfterPongs: 1 });
  let connections = 0;
  const peer = await startResponder({
    holdUntilOpen: JOBS,
    script: async (p) => {
      if (++connections % FULL_EVERY === 0) return session(p);
      await p.read(50);
      hangUpFirst(p.socket, HTTP_REPLY);
    },
  });
  try {
    const input = join(mkdtempSync(join(tmpdir(), 'ln-connect-jobs-')), 'targets.txt');
    writeFileSync(input, `${peer.uri()}\n`.repeat(TARGETS));
    const run = await runCli(['--input', input, '--network', 'regtest', '--jobs', String(JOBS), '--timeout', '60']);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    assert.equal(lines.length, TARGETS);
    const refusal = `All addresses failed: ${peer.host}: Cryptographic handshake: not a Lightning node: it answered like an HTTP server ("HTTP/1.1 400 Bad Request"). `;
    let up = 0;
    for (const line of lines) {
      assertValidListLine(line);
      if (line['result']?.id === PEER_ID) up++;
      else assert.deepEqual(line['error'], { code: 401, message: refusal });
    }
    assert.equal(up, TARGETS / FULL_EVERY);
    assert.equal(peer.accepted, TARGETS);
    assert.equal(peer.maxOpen, JOBS);
    assert.deepEqual(peer.errors, []);
  } finally {
    await peer.close();
  }
});
