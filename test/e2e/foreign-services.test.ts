import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { createServer as createTlsServer } from 'node:tls';
import { cliJson, runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';

async function listening(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function expectRecord(server: Server, reason: string, options: readonly string[] = []): Promise<void> {
  const port = await listening(server);
  try {
    const run = await runCli([`${ID}@127.0.0.1:${port}`, '--timeout', '5', ...options]);
    assert.equal(run.stdout, cliJson({ code: 401, message: `All addresses failed: 127.0.0.1:${port}: Cryptographic handshake: ${reason}. ` }));
    assert.equal(run.code, 1);
  } finally {
    server.close();
  }
}

test('with --probe-tls, a TLS server is named', async () => {
  const tls = join(ROOT, 'test', 'fixtures', 'tls');
  // Act One sometimes parses as the header of a long TLS record (when its key starts with 03), and
  // the server then waits for the rest; a handshake timeout, as production servers have, ends that wait.
  const server = createTlsServer({ key: readFileSync(join(tls, 'key.pem')), cert: readFileSync(join(tls, 'cert.pem')), handshakeTimeout: 300 });
  // With a listener, closing the connection after a failed handshake is ours to do, as servers do.
  server.on('tlsClientError', (_err, socket) => socket.destroy());
  await expectRecord(server, 'not a Lightning node: it answered like a TLS server', ['--probe-tls']);
});

test('by default a hang-up during the handshake makes no second connection: wrong key, one connection', async () => {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    // A TLS server or a node that does not hold the key: it reads Act One and hangs up without a word.
    socket.once('data', () => socket.destroy());
    socket.on('error', () => {});
  });
  await expectRecord(server, 'peer closed connection (wrong key?)');
  assert.equal(connections, 1);
});

test('an SSH server that greets and waits for our line is named as soon as its banner line is in, not at the deadline', async () => {
  const server = createServer((socket) => {
    // OpenSSH waits (up to its LoginGraceTime) for a line; Act One has none, so it never answers it.
    socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n');
    socket.on('error', () => {});
  });
  const port = await listening(server);
  try {
    const run = await runCli([`${ID}@127.0.0.1:${port}`, '--timeout', '10']);
    assert.equal(
      run.stdout,
      cliJson({
        code: 401,
        message: `All addresses failed: 127.0.0.1:${port}: Cryptographic handshake: not a Lightning node: it answered like an SSH server ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"). `,
      }),
    );
    assert.equal(run.code, 1);
  } finally {
    server.close();
  }
});

test('an SSH server, which greets first, is named with its banner', async () => {
  const server = createServer((socket) => {
    socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n');
    socket.on('data', () => socket.end('Invalid SSH identification string.\r\n'));
    socket.on('error', () => {});
  });
  await expectRecord(server, 'not a Lightning node: it answered like an SSH server ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3")');
});

test('a peer that answers Act One with 50 bytes of the wrong version is named by its first byte', async () => {
  const server = createServer((socket) => {
    socket.once('data', () => socket.write(Buffer.alloc(50, 0x42)));
    socket.on('error', () => {});
  });
  await expectRecord(server, 'not a Lightning node: its reply starts with byte 0x42, not handshake version 0');
});

test('a Lightning-shaped Act Two that fails its MAC says so', async () => {
  const server = createServer((socket) => {
    // Version 0 and a valid point (the spec's responder ephemeral key), but a tag made up.
    const act = Buffer.from('0002466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f27' + '00'.repeat(16), 'hex');
    socket.once('data', () => socket.write(act));
    socket.on('error', () => {});
  });
  await expectRecord(server, 'act two failed its MAC check');
});
