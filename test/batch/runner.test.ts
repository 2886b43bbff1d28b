import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runInOrder } from '../../src/batch/runner.js';

/** A controllable piece of work: it finishes when the test says so. */
class Gate<T> {
  readonly started: T[] = [];
  private readonly waiting = new Map<T, () => void>();
  run = (item: T): Promise<T> => {
    this.started.push(item);
    return new Promise((resolve) => this.waiting.set(item, () => resolve(item)));
  };
  finish(item: T): void {
    const done = this.waiting.get(item);
    assert.ok(done, `${String(item)} is not running`);
    this.waiting.delete(item);
    done();
  }
  get running(): number {
    return this.waiting.size;
  }
}

/** Lets every pending promise callback run. */
const settle = (): Promise<void> => sleep(5);

async function* list(n: number, read: number[] = []): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    read.push(i);
    yield i;
  }
}

test('results come out in input order, each as soon as it and all before it are done', async () => {
  const gate = new Gate<number>();
  const out: number[] = [];
  const done = runInOrder(list(4), gate.run, (r) => void out.push(r), { jobs: 4, window: 100 });
  await settle();
  assert.deepEqual(gate.started, [0, 1, 2, 3]);
  gate.finish(2);
  gate.finish(1);
  await settle();
  assert.deepEqual(out, [], 'nothing before the first is done');
  gate.finish(0);
  await settle();
  assert.deepEqual(out, [0, 1, 2]);
  gate.finish(3);
  await done;
  assert.deepEqual(out, [0, 1, 2, 3]);
});

test('never more than `jobs` at work, and the next starts when one ends', async () => {
  const gate = new Gate<number>();
  const done = runInOrder(list(10), gate.run, () => {}, { jobs: 3, window: 100 });
  await settle();
  assert.deepEqual(gate.started, [0, 1, 2]);
  gate.finish(1);
  await settle();
  assert.deepEqual(gate.started, [0, 1, 2, 3]);
  assert.equal(gate.running, 3);
  for (let i = 0; i < 10; i++) {
    if (gate.started.includes(i) && i !== 1) gate.finish(i);
    await settle();
    assert.ok(gate.running <= 3);
  }
  await done;
  assert.deepEqual(gate.started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('a slow first item holds back at most `window` items: no further input is read', async () => {
  const gate = new Gate<number>();
  const read: number[] = [];
  const done = runInOrder(list(100, read), gate.run, () => {}, { jobs: 2, window: 5 });
  await settle();
  // 0 stays; 1, 2, 3, 4 finish and wait for it in the window.
  for (const i of [1, 2, 3, 4]) {
    gate.finish(i);
    await settle();
  }
  assert.deepEqual(gate.started, [0, 1, 2, 3, 4]);
  assert.equal(read.length, 5);
  gate.finish(0);
  await settle();
  assert.deepEqual(gate.started, [0, 1, 2, 3, 4, 5, 6]);
  for (let i = 5; i < 100; i++) {
    gate.finish(i);
    await settle();
  }
  await done;
});

test('results are emitted while the input waits for its next line', async () => {
  const out: string[] = [];
  let more: () => void = () => {};
  async function* slowInput(): AsyncGenerator<string> {
    yield 'a';
    await new Promise<void>((resolve) => (more = resolve));
    yield 'b';
  }
  const done = runInOrder(slowInput(), async (s) => s.toUpperCase(), (r) => void out.push(r), { jobs: 4, window: 10 });
  await settle();
  assert.deepEqual(out, ['A']);
  more();
  await done;
  assert.deepEqual(out, ['A', 'B']);
});

test('a slow emit (a full pipe) holds back reading', async () => {
  const read: number[] = [];
  let release: () => void = () => {};
  const emitted: number[] = [];
  const done = runInOrder(list(50, read), async (i) => i, (r) => {
    emitted.push(r);
    if (r === 0) return new Promise<void>((resolve) => (release = resolve));
  }, { jobs: 2, window: 4 });
  await settle();
  assert.deepEqual(emitted, [0]);
  assert.ok(read.length <= 5, `read ${read.length} lines while the output was blocked`);
  release();
  await done;
  assert.equal(emitted.length, 50);
});

test('an abort stops reading and emitting; the run ends when the items at work end', async () => {
  const gate = new Gate<number>();
  const controller = new AbortController();
  const out: number[] = [];
  const done = runInOrder(list(10), gate.run, (r) => void out.push(r), { jobs: 2, window: 10, signal: controller.signal });
  await settle();
  gate.finish(0);
  await settle();
  controller.abort();
  let ended = false;
  void done.then(() => (ended = true));
  await settle();
  assert.equal(ended, false, 'items 1 and 2 are still at work');
  gate.finish(1);
  gate.finish(2);
  await done;
  assert.deepEqual(out, [0]);
  assert.deepEqual(gate.started, [0, 1, 2]);
});

test('a failing input or work rejects the run; an empty list resolves at once', async () => {
  async function* broken(): AsyncGenerator<number> {
    yield 1;
    throw new Error('unreadable');
  }
  await assert.rejects(runInOrder(broken(), async (i) => i, () => {}, { jobs: 2, window: 2 }), /unreadable/);
  await assert.rejects(
    runInOrder(list(3), async (i) => (i === 1 ? Promise.reject(new Error('bug')) : i), () => {}, { jobs: 1, window: 2 }),
    /bug/,
  );
  const out: number[] = [];
  await runInOrder(list(0), async (i) => i, (r) => void out.push(r), { jobs: 2, window: 2 });
  assert.deepEqual(out, []);
});
