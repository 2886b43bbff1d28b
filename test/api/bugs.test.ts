import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { connect } from '../../src/connect/connect.js';
import { AttemptError, asConnectError, attemptReason, InvalidParamsError } from '../../src/errors.js';
import { InputError, ProtocolError } from '../../src/failures.js';
import { InvalidHostError } from '../../src/net/host.js';
import { WireError } from '../../src/wire/errors.js';
import { runMain } from '../helpers/main-io.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';

/**
 * Runs `body` while fs.readFileSync throws `fault` for `path` (and reads every other file as
 * usual). The modules that imported readFileSync by name see the stub too: their bindings follow
 * the CommonJS object once syncBuiltinESMExports() is called.
 */
async function whileReadingFails<T>(path: string, fault: Error, body: () => Promise<T>): Promise<T> {
  const read = fs.readFileSync;
  const stub = mock.method(fs, 'readFileSync', (file: fs.PathOrFileDescriptor, options?: unknown) => {
    if (file === path) throw fault;
    return read(file, options as BufferEncoding);
  });
  syncBuiltinESMExports();
  try {
    return await body();
  } finally {
    stub.mock.restore();
    syncBuiltinESMExports();
  }
}

test('a graph file the system cannot read is -32602 naming the file', async () => {
  const path = join(tmpdir(), `ln-connect-no-such-graph-${process.pid}.json`);
  await assert.rejects(connect({ id: ID, graph: path }), { name: 'InvalidParamsError', code: -32602, message: `graph file ${path}: no such file` });
});

test('a fault that is no input error, met while reading the graph, stays what it is: a bug, exit 5', async () => {
  const path = join(tmpdir(), `ln-connect-graph-${process.pid}.json`);
  const fault = new TypeError('a fault of ours');
  const rejection = await whileReadingFails(path, fault, () => connect({ id: ID, graph: path }).catch((err: unknown) => err));
  assert.equal(rejection, fault);

  const run = await whileReadingFails(path, fault, () => runMain([ID, '--graph', path]));
  assert.equal(run.code, 5);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^ln-connect: internal error: a fault of ours\nThis is a bug; please report it/);
});

test('the stub reaches the graph reader: a system error it throws is reported as the file', async () => {
  const path = join(tmpdir(), `ln-connect-graph-${process.pid}.json`);
  const denied = Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', errno: -13, syscall: 'open' });
  await assert.rejects(
    whileReadingFails(path, denied, () => connect({ id: ID, graph: path })),
    { name: 'InvalidParamsError', message: `graph file ${path}: EACCES: permission denied, open '${path}'` },
  );
});

test('asConnectError turns only input errors into -32602; attemptReason reads only attempt failures', () => {
  const translated = asConnectError(new InvalidHostError("Host x_y:9735 not valid: '_' is not allowed"));
  assert.ok(translated instanceof InvalidParamsError);
  assert.equal(translated.message, "Host x_y:9735 not valid: '_' is not allowed");
  for (const bug of [new TypeError('x is undefined'), new RangeError('u8 out of range: 256'), new Error('plain'), 'a string']) {
    assert.equal(asConnectError(bug), bug);
    assert.equal(attemptReason(bug), undefined);
  }
  assert.equal(asConnectError(new WireError('init: truncated')) instanceof WireError, true);
  assert.equal(attemptReason(new WireError('init: truncated')), 'init: truncated');
  assert.equal(attemptReason(new ProtocolError('peer broke it')), 'peer broke it');
  assert.equal(attemptReason(new AttemptError('Connection refused')), 'Connection refused');
  assert.equal(attemptReason(new InputError('a typo')), undefined);
});
