/**
 * The request budget on its own, on a fake clock that moves only when the budget sleeps: its pace, its
 * priorities, the daily reserve, the longest wait and the store two budgets share.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HexnodeBusyError,
  HexnodeClient,
  IN_FLIGHT_MS,
  MemoryBudgetStore,
  RequestBudget,
  type BudgetOptions,
  type BudgetPriority,
  type BudgetStore,
  type BudgetWait,
} from '@hexnode-offboard/core';
import { fakeClock } from './harness.js';

const KIT_WINDOW = 60_000;

function budget(options: BudgetOptions = {}) {
  const clock = fakeClock();
  const made = new RequestBudget(
    { now: clock.now, sleep: clock.sleep, ...options },
    'https://acme.example/api/v1/',
  );
  return { budget: made, clock };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

async function spend(
  target: RequestBudget,
  n: number,
  priority: BudgetPriority = 'action',
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const slot = await target.acquire(priority);
    await target.settle(slot);
    times.push(slot.at);
  }
  return times;
}

describe('the request budget', () => {
  test('spends 80 % of the window at once, then waits until the oldest call leaves the window', async () => {
    const { budget: b, clock } = budget();
    const start = clock.now();
    assert.deepEqual(new Set(await spend(b, 24)), new Set([start]));
    assert.deepEqual(clock.sleeps, []);
    const waits: BudgetWait[] = [];
    const { at } = await b.acquire('preview', { onWait: (wait) => waits.push(wait) });
    assert.equal(at, start + KIT_WINDOW);
    assert.deepEqual(clock.sleeps, [KIT_WINDOW]);
    assert.deepEqual(waits, [{ priority: 'preview', waitMs: KIT_WINDOW, reason: 'window' }]);
  });

  test('under contention the most urgent call goes first: action, preview, status, index', async () => {
    const { budget: b } = budget();
    await spend(b, 24);
    const order: BudgetPriority[] = [];
    const queued = (['index', 'status', 'preview', 'action', 'index', 'action'] as const).map((priority) =>
      b.acquire(priority).then(() => void order.push(priority)),
    );
    await Promise.all(queued);
    assert.deepEqual(order, ['action', 'action', 'preview', 'status', 'index', 'index']);
  });

  test('status and index calls leave 3 of the 24 slots to actions and previews, also across budgets of one store', async () => {
    const store = new MemoryBudgetStore();
    const clock = fakeClock();
    const options = { now: clock.now, sleep: clock.sleep, store, key: 'acme' };
    const indexer = new RequestBudget(options);
    const actor = new RequestBudget(options);
    await spend(indexer, 21, 'index');
    await spend(actor, 2, 'action');
    await spend(actor, 1, 'preview');
    assert.deepEqual(clock.sleeps, [], 'the actor found its 3 slots at once');
    assert.equal((await actor.report()).window, 24);
    const start = clock.now();
    assert.equal(
      (await indexer.acquire('index')).at,
      start + KIT_WINDOW,
      'the 22nd index call waits for a new window',
    );
  });

  test('background calls stop before they eat the daily allowance that actions need', async () => {
    // 10 devices: Hexnode allows 100 calls a day, the kit 80, status and index calls 60 of them.
    const { budget: b, clock } = budget({ managedDevices: 10, callsPerWindow: 1000 });
    assert.deepEqual(b.limits('index'), { window: 700, day: 60 });
    assert.deepEqual(b.limits('action'), { window: 800, day: 80 });
    await spend(b, 60, 'index');
    const refused = await rejection(b.acquire('status'));
    assert.ok(refused instanceof HexnodeBusyError);
    assert.equal(refused.limit, 'day');
    assert.ok(refused.retryAfter > 23 * 3600, `retryAfter ${refused.retryAfter}`);
    assert.deepEqual(clock.sleeps, [], 'it fails at once instead of waiting out a day');
    await spend(b, 20, 'action');
    const spent = await rejection(b.acquire('action'));
    assert.ok(spent instanceof HexnodeBusyError);
    assert.equal((await b.report()).day, 80);
  });

  test('a wait longer than maxWaitMs fails at once with retryAfter and spends nothing', async () => {
    const { budget: b, clock } = budget({ maxWaitMs: 10_000 });
    await spend(b, 24);
    const error = await rejection(b.acquire('action', { method: 'POST', path: '/actions/lock_devices/' }));
    assert.ok(error instanceof HexnodeBusyError);
    assert.equal(error.code, 'hexnode_busy');
    assert.equal(error.retryAfter, 60);
    assert.equal(error.path, '/actions/lock_devices/');
    assert.equal(error.status, undefined, 'nothing was sent');
    assert.deepEqual(clock.sleeps, []);
    assert.equal((await b.report()).window, 24);
  });

  test('a call on its way holds its slot until answered, and one lost for IN_FLIGHT_MS frees it a window later', async () => {
    const { budget: b, clock } = budget({ callsPerWindow: 1, share: 1 });
    const start = clock.now();
    const lost = await b.acquire('action');
    clock.advance(IN_FLIGHT_MS - 1);
    const next = b.acquire('action');
    assert.equal((await next).at, start + IN_FLIGHT_MS + KIT_WINDOW);
    assert.equal(
      clock.sleeps.reduce((sum, ms) => sum + ms, 0),
      KIT_WINDOW + 1,
      'held as if answered "now" until IN_FLIGHT_MS, then for a window',
    );
    assert.equal(lost.at, start);
    const answered = budget({ callsPerWindow: 1, share: 1 });
    const slot = await answered.budget.acquire('action');
    answered.clock.advance(5_000);
    await answered.budget.settle(slot);
    assert.equal(
      (await answered.budget.acquire('action')).at,
      slot.at + 5_000 + KIT_WINDOW,
      'a window after the answer',
    );
  });

  test('a 429 blocks every priority until the announced time', async () => {
    const { budget: b, clock } = budget();
    const start = clock.now();
    await b.throttled(40_000);
    assert.equal((await b.acquire('action')).at, start + 40_000);
    assert.deepEqual(clock.sleeps, [40_000]);
    assert.equal((await b.report()).blockedUntil, 0, 'the block is over');
  });

  test('a store that fails to settle or to record a 429 fails no call, and the 429 still holds calls back here', async () => {
    const memory = new MemoryBudgetStore();
    const broken: BudgetStore = {
      take: (request) => memory.take(request),
      usage: (...args) => memory.usage(...args),
      settle: async () => {
        throw new Error('database is locked');
      },
      block: async () => {
        throw new Error('database is locked');
      },
    };
    const { budget: b, clock } = budget({ store: broken });
    const start = clock.now();
    await b.settle(await b.acquire('action'));
    await b.throttled(30_000);
    assert.equal((await b.acquire('action')).at, start + 30_000);
    assert.deepEqual(clock.sleeps, [30_000]);
  });

  test('the device count comes from the options, else from what the client learns; explicit wins', () => {
    const learnt = budget().budget;
    assert.equal(learnt.managedDevices, undefined);
    assert.equal(learnt.limits('action').day, undefined, 'no daily limit before the count is known');
    learnt.noteDeviceCount(100);
    assert.deepEqual(learnt.limits('action'), { window: 24, day: 800 });
    const fixed = budget({ managedDevices: 5 }).budget;
    fixed.noteDeviceCount(100);
    assert.equal(fixed.managedDevices, 5);
  });

  test('bad options are a TypeError naming each; the client says it is its option', () => {
    assert.throws(
      () => new RequestBudget({ share: 1.5, windowMs: 0, callsPerWindow: 2.5, bogus: 1 } as never),
      (error: unknown) =>
        error instanceof TypeError &&
        ['share', 'windowMs', 'callsPerWindow', 'bogus'].every((k) => error.message.includes(k)),
    );
    assert.throws(
      () => new HexnodeClient({ portal: 'acme', apiKey: 'k', budget: { dailyReserve: 1 } }),
      /HexnodeClient: Invalid Hexnode budget: `dailyReserve`/,
    );
    assert.throws(
      () => new HexnodeClient({ portal: 'acme', apiKey: 'k' }).withPriority('urgent' as never),
      TypeError,
    );
  });

  test('a client view with a priority shares the budget; without one the priority follows the call', async () => {
    const clock = fakeClock();
    const client = new HexnodeClient({
      portal: 'acme',
      apiKey: 'k',
      budget: { now: clock.now, sleep: clock.sleep },
    });
    const view = client.withPriority('action');
    assert.equal(view.budget, client.budget);
    assert.equal(view.priority, 'action');
    assert.equal(client.priority, undefined);
    assert.equal(client.budget.key, 'https://acme.hexnodemdm.com/api/v1/', 'the portal, never the key');
  });
});
