import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InvalidParamsError, listen } from '../../src/index.js';

async function bindFailure(path: string): Promise<string> {
  const err = await listen({ listen: path, timeout: 1 }).catch((e: unknown) => e);
  assert.ok(err instanceof InvalidParamsError, String(err));
  return err.message;
}

test('a unix socket path in a missing directory says so, not "Permission denied" (libuv\'s word for it)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ln-connect-bind-'));
  const missing = join(dir, 'no', 'such', 'sock');
  assert.equal(await bindFailure(missing), `listen: cannot listen on ${missing}: No such file or directory`);
  const file = join(dir, 'file');
  writeFileSync(file, '');
  assert.equal(await bindFailure(join(file, 'sock')), `listen: cannot listen on ${file}/sock: Not a directory`);
});
