/** The worker: results, retries with backoff, dead letters with their reason, Hexnode's waits (fake clock). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { MemoryBudgetStore, RequestBudget } from '@hexnode-offboard/core';
import {
  backoffDelay,
  createJobWorker,
  createMemoryJobQueue,
  PermanentJobError,
  RetryLaterError,
  type JobExecutor,
  type JobQueue,
} from '@hexnode-offboard/proxy';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

function setup(executor: JobExecutor, options: { maxAttempts?: number } = {}) {
  const queue = createMemoryJobQueue();
  let now = T0;
  const errors: string[] = [];
  const worker = createJobWorker({
    queue,
    executors: { offboard: executor },
    workerId: 'w1',
    now: () => now,
    random: () => 0.5, // no jitter
    logger: { error: (message) => errors.push(message) },
  });
  const enqueue = (kind = 'offboard') =>
    queue.enqueueJob(
      { kind, tenant: null, dedupeKey: crypto.randomUUID(), payload: { n: 1 }, runAt: T0, ...options },
      T0,
    );
  return {
    queue,
    worker,
    errors,
    enqueue,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const get = async (queue: JobQueue, id: string) => (await queue.getJob(id))!;

describe('job worker', () => {
  test('a job that succeeds is done with what the executor returned', async () => {
    const seen: number[] = [];
    const { queue, worker, enqueue } = setup(async (job) => {
      seen.push(job.attempts);
      return { sent: [41] };
    });
    const { job } = await enqueue();
    assert.equal(await worker.drain(), 1);
    const done = await get(queue, job.id);
    assert.deepEqual([done.state, done.result, done.attempts], ['done', { sent: [41] }, 1]);
    assert.deepEqual(seen, [1]);
  });

  test('a failing job is tried again after an exponential backoff, and finishes once it succeeds', async () => {
    let calls = 0;
    const { queue, worker, enqueue, advance } = setup(async () => {
      calls += 1;
      if (calls < 3) throw new Error('Hexnode did not answer');
      return 'ok';
    });
    const { job } = await enqueue();
    await worker.runOnce();
    let current = await get(queue, job.id);
    assert.deepEqual(
      [current.state, current.runAt, current.lastError],
      ['scheduled', T0 + 10_000, 'Error: Hexnode did not answer'],
    );
    advance(9_999);
    assert.equal(await worker.runOnce(), 0, 'not before its backoff');
    advance(1);
    await worker.runOnce();
    current = await get(queue, job.id);
    assert.equal(current.runAt, T0 + 10_000 + 20_000, 'the second wait is twice the first');
    advance(20_000);
    await worker.runOnce();
    current = await get(queue, job.id);
    assert.deepEqual([current.state, current.result, current.attempts], ['done', 'ok', 3]);
  });

  test('a job that fails on every attempt becomes a dead letter saying so and why', async () => {
    const { queue, worker, enqueue, advance } = setup(
      async () => {
        throw new TypeError('cannot read');
      },
      { maxAttempts: 3 },
    );
    const { job } = await enqueue();
    for (let attempt = 0; attempt < 3; attempt++) {
      await worker.runOnce();
      advance(60 * 60 * 1000);
    }
    const dead = await get(queue, job.id);
    assert.equal(dead.state, 'dead');
    assert.equal(dead.lastError, 'attempts_exhausted: 3 of 3 failed, the last with TypeError: cannot read');
    assert.deepEqual(
      (await queue.listJobs({ state: 'dead' })).map((letter) => letter.id),
      [job.id],
    );
  });

  test('a permanent failure is dead-lettered at once with its code', async () => {
    const { queue, worker, enqueue } = setup(async () => {
      throw new PermanentJobError(
        'employee_not_found',
        'Hexnode has no user with this email; nothing was sent',
      );
    });
    const { job } = await enqueue();
    await worker.runOnce();
    const dead = await get(queue, job.id);
    assert.deepEqual(
      [dead.state, dead.attempts, dead.lastError],
      ['dead', 1, 'employee_not_found: Hexnode has no user with this email; nothing was sent'],
    );
  });

  test("waiting for Hexnode's announced time reschedules the job then and never uses up an attempt", async () => {
    let calls = 0;
    const { queue, worker, enqueue, advance } = setup(
      async () => {
        calls += 1;
        if (calls <= 5) throw new RetryLaterError('hexnode_throttled', 'Hexnode is throttling calls', 57_000);
        return 'sent';
      },
      { maxAttempts: 2 },
    );
    const { job } = await enqueue();
    for (let wait = 0; wait < 5; wait++) {
      await worker.runOnce();
      const waiting = await get(queue, job.id);
      assert.deepEqual(
        [waiting.state, waiting.attempts, waiting.lastError],
        ['scheduled', 0, 'hexnode_throttled: Hexnode is throttling calls'],
      );
      advance(57_000);
    }
    await worker.runOnce();
    assert.equal(
      (await get(queue, job.id)).state,
      'done',
      'five throttled waits did not exhaust two attempts',
    );
  });

  test('a job of a kind no executor handles is dead-lettered', async () => {
    const { queue, worker, enqueue } = setup(async () => 'never');
    const { job } = await enqueue('report');
    await worker.runOnce();
    const dead = await get(queue, job.id);
    assert.deepEqual(
      [dead.state, dead.lastError],
      ['dead', 'unknown_kind: no executor for jobs of kind "report"'],
    );
  });

  test('started, the worker polls and runs a due job; stopped, it waits for the running job and polls no more', async () => {
    const queue = createMemoryJobQueue();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const worker = createJobWorker({
      queue,
      executors: {
        offboard: async () => {
          runs += 1;
          await gate;
          return 'ok';
        },
      },
      pollIntervalMs: 5,
    });
    worker.start();
    const { job } = await queue.enqueueJob(
      { kind: 'offboard', tenant: null, dedupeKey: 'k', payload: null, runAt: Date.now() },
      Date.now(),
    );
    while (runs === 0) await delay(5);
    const stopped = worker.stop();
    release();
    await stopped;
    assert.equal((await queue.getJob(job.id))?.state, 'done', 'stop() waited for the running job');
    await queue.enqueueJob(
      { kind: 'offboard', tenant: null, dedupeKey: 'k2', payload: null, runAt: Date.now() },
      Date.now(),
    );
    await delay(50);
    assert.equal(runs, 1, 'no polling after stop()');
  });

  test('backoff doubles from 10 s up to an hour, spread by the jitter', () => {
    assert.deepEqual(
      [1, 2, 3, 9, 20].map((attempt) => backoffDelay(attempt, {}, () => 0.5)),
      [10_000, 20_000, 40_000, 2_560_000, 3_600_000],
    );
    assert.equal(
      backoffDelay(1, {}, () => 0),
      8_000,
    );
    assert.equal(
      backoffDelay(1, {}, () => 1),
      12_000,
    );
  });

  test('with the shared budget spent, due jobs stay in the queue unclaimed until the budget expects room', async () => {
    // The budget's own clock and store, shared as the executor's client would share them; nothing calls Hexnode.
    let now = T0;
    const store = new MemoryBudgetStore();
    const budget = new RequestBudget({ windowMs: 60_000, store, now: () => now, key: 'acme' });
    const other = new RequestBudget({ windowMs: 60_000, store, now: () => now, key: 'acme' });
    const queue = createMemoryJobQueue();
    const ran: string[] = [];
    const worker = createJobWorker({
      queue,
      executors: { offboard: async (job) => (ran.push(job.id), { ok: true }) },
      workerId: 'w1',
      now: () => now,
      budget,
      callsPerJob: 4,
    });
    const { job } = await queue.enqueueJob(
      { kind: 'offboard', tenant: null, dedupeKey: 'k1', payload: {}, runAt: T0 },
      T0,
    );
    // Another instance spent 21 of the kit's 24 calls this minute: no room for a job's 4.
    for (let i = 0; i < 21; i += 1) await other.settle({ ...(await other.acquire('action')), at: now });
    assert.equal(await worker.runOnce(), 0);
    const waiting = await queue.getJob(job.id);
    assert.deepEqual([waiting?.state, waiting?.attempts, ran.length], ['scheduled', 0, 0]);
    // A window after those calls answered, the budget has room again and the job runs once.
    now += 60_001;
    assert.equal(await worker.runOnce(), 1);
    assert.deepEqual(ran, [job.id]);
    assert.equal((await queue.getJob(job.id))?.state, 'done');
  });

  test('bad worker options are refused', () => {
    const queue = createMemoryJobQueue();
    assert.throws(
      () => createJobWorker({ queue, executors: {}, budget: { room: 1 } as never }),
      /`budget` must be a RequestBudget/,
    );
    assert.throws(() => createJobWorker({ queue, executors: {}, callsPerJob: 0 }), TypeError);
    assert.throws(() => createJobWorker({ queue, executors: {}, concurrency: 0 }), TypeError);
    assert.throws(() => createJobWorker({ queue, executors: {}, leaseMs: -1 }), TypeError);
    assert.throws(() => createJobWorker({ executors: {} } as never), TypeError);
  });
});
