import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { test } from 'node:test';
import { MAX_BUFFERED_BYTES, SocketReader } from '../../src/net/socket-reader.js';
import { isBannerLine } from '../../src/session/sniff.js';
import { socketPair, within } from '../helpers/socket-pair.js';

/** What Node may read past a pause before its own stream buffer stops the handle: a few 64 KiB reads. */
const NODE_READ_AHEAD = 4 * 65536;

test('a reader holds at most two frames unread: it pauses the socket and resumes as it is read', async () => {
  const pair = await socketPair();
  try {
    const sent = randomBytes(8 * 1024 * 1024);
    pair.server.write(sent);
    const reader = new SocketReader(pair.client, AbortSignal.timeout(20_000));
    await within(once(pair.client, 'pause'), 5000, 'the reader never paused the socket');
    // Give the socket every chance to read on, had it not been paused.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(pair.client.bytesRead <= MAX_BUFFERED_BYTES + NODE_READ_AHEAD, `read ${pair.client.bytesRead} bytes ahead`);

    const received: Uint8Array[] = [];
    let consumed = 0;
    while (consumed < sent.length) {
      const chunk = await reader.read(Math.min(65551, sent.length - consumed));
      received.push(chunk);
      consumed += chunk.length;
      assert.ok(pair.client.bytesRead - consumed <= MAX_BUFFERED_BYTES + NODE_READ_AHEAD, `${pair.client.bytesRead - consumed} bytes unread`);
    }
    assert.ok(Buffer.concat(received).equals(sent));
  } finally {
    pair.close();
  }
});

test('a read can end early when what arrived is complete as something else; unread() shows what waits', async () => {
  const pair = await socketPair();
  try {
    const reader = new SocketReader(pair.client, AbortSignal.timeout(5000));
    pair.server.write('SSH-2.0-OpenSSH_9.2p1\r\n');
    assert.equal(Buffer.from(await reader.read(50, isBannerLine)).toString(), 'SSH-2.0-OpenSSH_9.2p1\r\n');

    pair.server.write('abc');
    await once(pair.client, 'data');
    assert.equal(Buffer.from(reader.unread()).toString(), 'abc');
    assert.equal(Buffer.from(await reader.read(3)).toString(), 'abc');
  } finally {
    pair.close();
  }
});
