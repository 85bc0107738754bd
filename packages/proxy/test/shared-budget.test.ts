/**
 * Two handler instances on one SQLite file spend one Hexnode budget: each opens its own connection to the file (as
 * two processes would) and takes no `budget.store`, so both count in the store's own `budgetStore`. Against the
 * simulator's real throttle (30 calls per window) with a short window, their calls together stay inside the kit's
 * share of every window (24 of 30) and draw no 429.
 *
 * The workload: each instance sends a lock for one leaver, both widgets poll, and both instances run the
 * trackers' checks at the first hour's seven points at once (the polls themselves read nothing from Hexnode).
 *
 * Measured with the earlier workload (polls that read Hexnode; 38 calls): one shared budget, at most 21 calls in any window and no 429. The
 * contrast, measured three times with each instance given a budget store of its own instead: each paces itself
 * to 24, so together they sent 30 to 31 calls in one window (all of Hexnode's 30, none left for the portal's
 * other integrations) and drew a 429 in two runs of three.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ActionAccepted } from '@hexnode-offboard/core/protocol';
import { DEFAULT_TRACKING_SCHEDULE_MS } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';
import {
  API_KEY,
  JANE,
  SAM,
  actionBody,
  browserRequest,
  deviceIdsOf,
  makeHandler,
  testClock,
} from './support/harness.js';
import { tempDir } from './support/stores.js';
import { busiestWindow } from '../../core/test/fixtures/busiest-window.js';

/** The simulator's and the budget's window: Hexnode's minute, lived in a second. */
const WINDOW_MS = 1000;
/** The kit's share of Hexnode's 30 calls per window (the default share, 0.8). */
const KIT_SHARE = 24;
const POLLS = 6;

let sim: RunningSimulator;
before(async () => {
  // The real throttle (30 per window, 10 per managed device per day), in a short window. Devices check in only
  // when told, so every status read reads pending commands.
  sim = await startSimulator({ apiKey: API_KEY, checkinMs: 60 * 60_000, throttle: { windowMs: WINDOW_MS } });
});
after(async () => {
  await sim.close();
});

test("two handler instances on one SQLite file stay inside one budget: at most the kit's share per window, no 429", async (t) => {
  const temp = tempDir();
  const path = join(temp.dir, 'offboard.db');
  const stores = [createSqliteStore({ path }), createSqliteStore({ path })];
  try {
    const clock = testClock();
    const handlers = stores.map((store) =>
      makeHandler(sim, {
        store,
        now: clock.now,
        // The schedule in real minutes (by default it follows the budget's shortened minute): the test's clock
        // walks the first hour's points while the budget paces in real time.
        tracking: { tickMs: 0, scheduleMs: DEFAULT_TRACKING_SCHEDULE_MS },
        hexnode: { baseUrl: sim.url, apiKey: API_KEY, budget: { windowMs: WINDOW_MS, maxWaitMs: 60_000 } },
      }),
    );
    // Each instance sends a lock for one leaver, then follows it as a widget would (the polls read the tracker).
    const work = [JANE, SAM].map(async (email, index) => {
      const handler = handlers[index]!;
      const body = actionBody(sim.simulator, {
        employee: { email },
        action: 'lock',
        options: undefined,
        confirmation: '',
        deviceIds: deviceIdsOf(sim.simulator, email),
      });
      const response = await handler(browserRequest('/actions', body));
      assert.equal(response.status, 202, `the lock for ${email} is accepted`);
      const { id } = (await response.json()) as ActionAccepted;
      for (let poll = 0; poll < POLLS; poll++) {
        const status = await handler(browserRequest(`/actions/${id}`, null, { method: 'GET' }));
        assert.equal(status.status, 200, `poll ${poll + 1} for ${email}`);
      }
    });
    await Promise.all(work);
    // The trackers' first hour: at each point both instances run their due checks at once.
    let elapsed = 0;
    for (const point of [10, 30, 60, 120, 300, 900, 3600].map((seconds) => seconds * 1000)) {
      clock.advance(point - elapsed);
      elapsed = point;
      await Promise.all(handlers.map((handler) => handler.tracking.checkDue()));
    }

    const log = sim.simulator.log;
    assert.deepEqual(
      log
        .filter((entry) => entry.status !== 200)
        .map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
      [],
      'no 429, no failure',
    );
    assert.equal(sim.simulator.actionsSent().length, 2, 'one lock per leaver');
    assert.ok(
      log.length > 30,
      `the work needs more than one window of Hexnode's calls (it made ${log.length})`,
    );
    const busiest = busiestWindow(
      log.map((entry) => Date.parse(entry.time)),
      WINDOW_MS,
    );
    t.diagnostic(`Hexnode calls: ${log.length}; busiest window: ${busiest} of ${KIT_SHARE}; 429s: 0`);
    assert.ok(busiest <= KIT_SHARE, `at most ${KIT_SHARE} calls in any window, saw ${busiest}`);
    const usage = await stores[0]!.budgetStore.usage(
      new URL(sim.url).href,
      Date.now(),
      WINDOW_MS,
      1440 * WINDOW_MS,
    );
    assert.ok(usage.day >= log.length, 'both instances counted in the file: its day holds every call');
  } finally {
    for (const store of stores) await store.close();
    temp.remove();
  }
});
