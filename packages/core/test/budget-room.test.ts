/**
 * `budget.room(priority, calls)`: whether a number of calls could start now, spending nothing; otherwise when the
 * budget expects room for all of them and why. On a fake clock, against the memory store's own counters.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryBudgetStore, RequestBudget } from '@hexnode-offboard/core';
import { fakeClock } from './harness.js';

const WINDOW = 60_000;

function budget(managedDevices?: number) {
  const clock = fakeClock();
  const store = new MemoryBudgetStore();
  const made = new RequestBudget(
    { now: clock.now, sleep: clock.sleep, store, ...(managedDevices ? { managedDevices } : {}) },
    'https://acme.example/api/v1/',
  );
  return { budget: made, clock, store };
}

/** Spends `n` calls now, each answered at once. */
async function spend(target: RequestBudget, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await target.settle(await target.acquire('action'));
}

describe('budget.room', () => {
  test('room for the calls now: ok, and nothing is counted', async () => {
    const { budget: b, store } = budget();
    await spend(b, 17);
    assert.deepEqual(await b.room('action', 7), { ok: true });
    const usage = await store.usage(b.key, b.now(), WINDOW, b.dayMs);
    assert.equal(usage.window, 17);
  });

  test('no room: when enough slots leave the window, with nothing counted', async () => {
    const { budget: b, clock, store } = budget();
    await spend(b, 10);
    clock.advance(20_000);
    await spend(b, 10);
    // 20 of 24 held: room for 7 once the first 10 leave, a window after they were answered.
    const room = await b.room('action', 7);
    assert.deepEqual(room, { ok: false, retryAt: clock.now() - 20_000 + WINDOW, reason: 'window' });
    assert.equal((await store.usage(b.key, b.now(), WINDOW, b.dayMs)).window, 20);
    clock.advance(40_000);
    assert.deepEqual(await b.room('action', 7), { ok: true });
  });

  test('a 429 block says throttled, until its end', async () => {
    const { budget: b, clock } = budget();
    await b.throttled(42_000);
    assert.deepEqual(await b.room('action', 1), {
      ok: false,
      retryAt: clock.now() + 42_000,
      reason: 'throttled',
    });
  });

  test('a 429 the store failed to record still says throttled, in this process', async () => {
    const { budget: b, clock, store } = budget();
    store.block = () => Promise.reject(new Error('the store is down'));
    await b.throttled(30_000);
    assert.equal((await store.usage(b.key, b.now(), WINDOW, b.dayMs)).blockedUntil, 0, 'not recorded');
    assert.deepEqual(await b.room('action', 1), {
      ok: false,
      retryAt: clock.now() + 30_000,
      reason: 'throttled',
    });
  });

  test('a number of calls that is not one or more, or an unknown priority, is refused', async () => {
    const { budget: b } = budget();
    for (const calls of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(b.room('action', calls), TypeError, String(calls));
    }
    await assert.rejects(b.room('urgent' as never, 1), TypeError);
  });

  test('a spent day says day', async () => {
    // One managed device: 8 calls a day for the kit.
    const { budget: b, clock } = budget(1);
    await spend(b, 6);
    const room = await b.room('action', 3);
    assert.equal(room.ok, false);
    assert.equal(!room.ok && room.reason, 'day');
    assert.ok(!room.ok && room.retryAt > clock.now() + WINDOW);
    assert.deepEqual(await b.room('action', 2), { ok: true });
  });

  test('asks for at most a window of calls', async () => {
    const { budget: b } = budget();
    assert.deepEqual(await b.room('action', 100), { ok: true });
  });
});
