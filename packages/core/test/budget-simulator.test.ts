/**
 * The client and its budget against the simulator's real throttle (30 calls a minute, 10 per device a day).
 * Both run on one virtual clock that moves only when the budget sleeps, and only once no call is on its way:
 * a minute costs no real time, calls take no virtual time, and a slow, loaded machine cannot change what the
 * simulator counts. Calls are counted in the simulator's own log.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HexnodeBusyError,
  MemoryBudgetStore,
  RequestBudget,
  type BudgetWait,
  type HexnodeClientOptions,
} from '@hexnode-offboard/core';
import { fakeClock } from './harness.js';
import { useSimulator } from './simulator-harness.js';
import { busiestWindow } from './fixtures/busiest-window.js';

const MINUTE = 60_000;

/** Ten leavers with three devices each. */
const LEAVERS = {
  users: Array.from({ length: 10 }, (_, i) => ({
    name: `Leaver ${i + 1}`,
    email: `leaver${i + 1}@acme.example`,
  })),
  devices: Array.from({ length: 30 }, (_, i) => ({
    name: `Device ${i + 1}`,
    platform: 'android' as const,
    userId: Math.floor(i / 3) + 1,
  })),
};

describe('the client within the simulated throttle', () => {
  const clock = fakeClock();
  const sim = useSimulator({ fleet: LEAVERS, checkinMs: 0, now: clock.now });
  const log = () => sim.running.simulator.log;
  let inFlight = 0;
  const sleep = async (ms: number) => {
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await clock.sleep(ms);
  };
  const client = (options: Partial<HexnodeClientOptions> = {}) =>
    sim.client({
      ...options,
      budget: { now: clock.now, sleep, ...options.budget },
      hooks: {
        ...options.hooks,
        beforeRequest: () => void inFlight++,
        afterResponse: () => void inFlight--,
      },
    });

  /** Another integration on the same key spends the whole minute. */
  async function spendMinuteElsewhere(): Promise<void> {
    for (let i = 0; i < 30; i++) {
      const response = await fetch(`${sim.running.url}users/1/`, {
        headers: { Authorization: sim.running.simulator.apiKey },
      });
      assert.equal(response.status, 200);
    }
    sim.running.simulator.log.length = 0;
  }

  test("10 actors offboarding at once stay inside the kit's share of every window and draw no 429", async () => {
    const actor = client().withPriority('action');
    await Promise.all(
      LEAVERS.users.map(async (_, i) => {
        const ids = [3 * i + 1, 3 * i + 2, 3 * i + 3];
        const details = await Promise.all(ids.map((id) => actor.devices.get(id)));
        assert.ok(details.every((detail) => detail.user?.email === `leaver${i + 1}@acme.example`));
        await actor.actions.lock({ devices: ids });
      }),
    );
    const entries = log();
    assert.deepEqual(
      entries.filter((entry) => entry.status !== 200),
      [],
      'no 429, no failure',
    );
    assert.equal(entries.length, 40, '3 detail reads and 1 action per actor');
    assert.equal(sim.running.simulator.actionsSent().length, 10, 'one action per actor');
    const busiest = busiestWindow(
      entries.map((entry) => Date.parse(entry.time)),
      MINUTE,
    );
    assert.equal(busiest, 24, "the kit's share of a minute, and not one call more");
    for (let id = 1; id <= 30; id++) {
      assert.equal(sim.running.simulator.commands(id).length, 1, `device ${id}`);
    }
  });

  test('a minute the kit already spent elsewhere turns an action into a wait, then exactly one call', async () => {
    // Another process of the kit spent the minute: one shared store, two budgets.
    const store = new MemoryBudgetStore();
    const other = new RequestBudget({ store, now: clock.now, sleep }, sim.running.url);
    for (let i = 0; i < 24; i++) await other.settle(await other.acquire('action'));
    const waits: BudgetWait[] = [];
    const hr = client({ budget: { store }, hooks: { onBudgetWait: (wait) => waits.push(wait) } });
    await hr.withPriority('action').actions.lock({ devices: [1, 2, 3] });
    assert.deepEqual(
      log().map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
      ['POST /actions/lock_devices/ 200'],
    );
    assert.deepEqual(
      waits.map(({ reason, waitMs }) => ({ reason, waitMs })),
      [{ reason: 'window', waitMs: MINUTE }],
    );
  });

  test('a minute another integration spent draws one 429; the action waits the announced time and is sent once more', async () => {
    await spendMinuteElsewhere();
    const waits: BudgetWait[] = [];
    const hr = client({ hooks: { onBudgetWait: (wait) => waits.push(wait) } });
    await hr.withPriority('action').actions.lock({ devices: [4, 5, 6] });
    assert.deepEqual(
      log().map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
      ['POST /actions/lock_devices/ 429', 'POST /actions/lock_devices/ 200'],
    );
    assert.deepEqual(
      waits.map(({ reason, waitMs }) => ({ reason, waitMs })),
      [{ reason: 'throttled', waitMs: MINUTE }],
    );
    for (const id of [4, 5, 6]) assert.equal(sim.running.simulator.commands(id).length, 1, `device ${id}`);
  });

  test('a wait beyond maxWaitMs is a HexnodeBusyError with retryAfter, and the action is not sent again', async () => {
    await spendMinuteElsewhere();
    const hr = client({ budget: { maxWaitMs: 30_000 } });
    const error = await hr.actions.wipe({ devices: [7] }, { mode: 'complete' }).then(
      () => assert.fail('expected the wipe to fail'),
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof HexnodeBusyError);
    assert.equal(error.retryAfter, 60);
    assert.deepEqual(
      log().map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
      ['POST /actions/wipe_device/ 429'],
    );
    assert.equal(sim.running.simulator.commands(7).length, 0, 'nothing was wiped');
  });

  test('an unfiltered device list page tells the budget how many devices the portal has', async () => {
    const hr = client();
    assert.equal(hr.budget.managedDevices, undefined);
    await hr.devices.getPage(1, { perPage: 5, platform: 'android' });
    assert.equal(hr.budget.managedDevices, undefined, 'a filtered page does not count the portal');
    await hr.devices.getPage(1, { perPage: 5 });
    assert.equal(hr.budget.managedDevices, 30);
    assert.deepEqual(hr.budget.limits('action'), { window: 24, day: 240 });
  });
});
