/**
 * One tracker per sent action, on the server: it reads the devices' action status on its schedule and stops at
 * a final state or at the end of the schedule; `GET actions/{id}` answers from it and never calls Hexnode; two
 * handler instances on one SQLite file check each point once; a restart resumes from the store; Hexnode busy or
 * down during a check reschedules it; a warm preview costs no call and still warns of the kit's pending action.
 * Counted with the simulator's request log, its real throttle on.
 *
 * Over 300 lines: each test is a point of the one schedule, on one simulator and one fake clock.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createMemoryStore, type OffboardStore } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { ActionStatusResponse, PreviewResponse, type ActionAccepted } from '@hexnode-offboard/core/protocol';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';
import {
  API_KEY,
  JANE,
  actionBody,
  browserRequest,
  deviceIdsOf,
  makeHandler,
  hexnodeOnClock,
  testClock,
  trackAfter,
} from './support/harness.js';
import { tempDir } from './support/stores.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
let sim: RunningSimulator;
let store: OffboardStore;

// Devices take a command only when the test checks them in, so commands stay pending meanwhile.
before(async () => {
  sim = await startSimulator({ apiKey: API_KEY, checkinMs: 60 * MINUTE });
});
after(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.simulator.reset();
  store = createMemoryStore();
});

type Handler = ReturnType<typeof makeHandler>;
const lockBody = () => actionBody(sim.simulator, { action: 'lock', options: undefined, confirmation: '' });

async function send(handler: Handler): Promise<ActionAccepted> {
  const response = await handler(browserRequest('/actions', lockBody()));
  assert.equal(response.status, 202);
  return (await response.json()) as ActionAccepted;
}

async function statusOf(handler: Handler, id: string) {
  const response = await handler(browserRequest(`/actions/${id}`, null, { method: 'GET' }));
  assert.equal(response.status, 200);
  return ActionStatusResponse.parse(await response.json());
}

/** The simulator's requests from now on: `calls()` those since, `statusReads()` the action_status reads. */
function counter() {
  const start = sim.simulator.log.length;
  const since = () => sim.simulator.log.slice(start);
  return {
    calls: () => since().length,
    statusReads: () => since().filter((entry) => entry.path.endsWith('/action_status/')).length,
  };
}

test('30 polls cost no Hexnode call; the tracker reads each device at most 7 times in the first hour', async () => {
  const clock = testClock();
  const handler = makeHandler(sim, { store, now: clock.now, hexnode: hexnodeOnClock(sim, clock) });
  const ids = deviceIdsOf(sim.simulator, JANE);
  const accepted = await send(handler);
  const count = counter();
  const firstHour = [10, 30, 60, 120, 300, 900, 3600].map((seconds) => seconds * SECOND);
  let elapsed = 0;
  let polls = 0;
  for (const point of firstHour) {
    // A widget polling every 2 s until the next point, then the runner's check at that point.
    for (let index = 0; index < 4 && polls < 30; index++, polls++) {
      const before = count.calls();
      const status = await statusOf(handler, accepted.id);
      assert.equal(count.calls(), before, 'a poll calls Hexnode');
      assert.equal(status.status, 'pending');
    }
    assert.equal(await trackAfter(handler, clock, point - elapsed), 1);
    elapsed = point;
  }
  assert.equal(polls, 28);
  for (; polls < 30; polls++) await statusOf(handler, accepted.id);
  assert.equal(count.statusReads(), 7 * ids.length);
  assert.equal(count.calls(), 7 * ids.length, 'nothing but the schedule’s reads');
  const status = await statusOf(handler, accepted.id);
  assert.equal(status.checkedAt, new Date(clock.now()).toISOString());
  assert.equal(status.nextCheckAt, new Date(Date.parse(status.checkedAt!) + HOUR).toISOString());
});

test('a tracker stops once every device is final, and its answer says so', async () => {
  const clock = testClock();
  const handler = makeHandler(sim, { store, now: clock.now });
  const ids = deviceIdsOf(sim.simulator, JANE);
  const accepted = await send(handler);
  await trackAfter(handler, clock, 10 * SECOND);
  sim.simulator.checkIn(ids);
  await trackAfter(handler, clock, 20 * SECOND);
  const done = await statusOf(handler, accepted.id);
  assert.equal(done.status, 'done');
  assert.equal(done.nextCheckAt, null);
  const count = counter();
  for (const step of [MINUTE, HOUR, 24 * HOUR]) assert.equal(await trackAfter(handler, clock, step), 0);
  assert.equal(count.calls(), 0);
});

test('after the schedule’s end a device still pending stays pending and the tracker stops', async () => {
  const clock = testClock();
  const handler = makeHandler(sim, {
    store,
    now: clock.now,
    tracking: { tickMs: 0, scheduleMs: [10 * SECOND, HOUR, 12 * HOUR, 24 * HOUR] },
  });
  const ids = deviceIdsOf(sim.simulator, JANE);
  const sentAt = clock.now();
  const accepted = await send(handler);
  const count = counter();
  let elapsed = 0;
  for (const point of [10 * SECOND, HOUR, 12 * HOUR, 24 * HOUR]) {
    assert.equal(await trackAfter(handler, clock, point - elapsed), 1);
    elapsed = point;
  }
  const status = await statusOf(handler, accepted.id);
  assert.equal(status.status, 'pending');
  assert.ok(status.devices.every((device) => device.status === 'pending'));
  assert.equal(status.nextCheckAt, null);
  assert.equal(status.trackedUntil, new Date(sentAt + 24 * HOUR).toISOString());
  assert.equal(count.statusReads(), 4 * ids.length);
  assert.equal(await trackAfter(handler, clock, HOUR), 0);
  assert.equal(count.statusReads(), 4 * ids.length);
});

test('two handler instances on one SQLite file check each point of the schedule once', async () => {
  const temp = tempDir();
  const path = join(temp.dir, 'offboard.db');
  const stores = [createSqliteStore({ path }), createSqliteStore({ path })];
  try {
    const clock = testClock();
    const [one, two] = stores.map((shared) => makeHandler(sim, { store: shared, now: clock.now }));
    const ids = deviceIdsOf(sim.simulator, JANE);
    const accepted = await send(one!);
    // The second instance learns the portal from a request (a poll of the action).
    assert.equal((await statusOf(two!, accepted.id)).status, 'pending');
    const count = counter();
    for (const step of [10 * SECOND, 20 * SECOND, 30 * SECOND]) {
      clock.advance(step);
      const checked = await Promise.all([one!.tracking.checkDue(), two!.tracking.checkDue()]);
      assert.equal(checked[0]! + checked[1]!, 1, 'one instance checked it');
    }
    assert.equal(count.statusReads(), 3 * ids.length);
  } finally {
    for (const shared of stores) await shared.close();
    temp.remove();
  }
});

test('a restart resumes the tracker from the store once a request names its portal', async () => {
  const temp = tempDir();
  const path = join(temp.dir, 'offboard.db');
  const clock = testClock();
  const sentAt = clock.now();
  const ids = deviceIdsOf(sim.simulator, JANE);
  let first = createSqliteStore({ path });
  let accepted: ActionAccepted;
  try {
    const handler = makeHandler(sim, { store: first, now: clock.now });
    accepted = await send(handler);
    await trackAfter(handler, clock, 10 * SECOND);
  } finally {
    await first.close();
  }
  sim.simulator.checkIn(ids);
  first = createSqliteStore({ path });
  try {
    const restarted = makeHandler(sim, { store: first, now: clock.now });
    clock.advance(20 * SECOND);
    assert.equal(await restarted.tracking.checkDue(), 0, 'no portal known yet');
    const waiting = await statusOf(restarted, accepted.id);
    assert.equal(waiting.status, 'pending');
    assert.equal(waiting.nextCheckAt, new Date(sentAt + 30 * SECOND).toISOString());
    assert.equal(await restarted.tracking.checkDue(), 1);
    assert.equal((await statusOf(restarted, accepted.id)).status, 'done');
  } finally {
    await first.close();
    temp.remove();
  }
});

test('Hexnode down or busy during a check reschedules it, and the answer stays readable', async () => {
  const clock = testClock();
  const ids = deviceIdsOf(sim.simulator, JANE);
  let mode: 'up' | 'down' | 'busy' = 'up';
  const logged: string[] = [];
  const handler = makeHandler(sim, {
    store,
    now: clock.now,
    logger: { error: (message, fields) => logged.push(`${message} ${String(fields.error)}`) },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      if (mode !== 'up' && new URL(request.url).pathname.endsWith('/action_status/')) {
        return mode === 'down'
          ? new Response('unavailable', { status: 503 })
          : Response.json(
              { detail: 'Request was throttled. Expected available in 600.0 seconds.' },
              { status: 429, headers: { 'Retry-After': '600' } },
            );
      }
      return fetch(request);
    },
  });
  const sentAt = clock.now();
  const accepted = await send(handler);
  mode = 'down';
  assert.equal(await trackAfter(handler, clock, 10 * SECOND), 1);
  const down = await statusOf(handler, accepted.id);
  assert.equal(down.status, 'pending');
  assert.equal(down.checkedAt, null);
  assert.equal(down.nextCheckAt, new Date(sentAt + 30 * SECOND).toISOString(), 'the next point');
  mode = 'busy';
  assert.equal(await trackAfter(handler, clock, 20 * SECOND), 1);
  const busy = await statusOf(handler, accepted.id);
  assert.equal(busy.status, 'pending');
  assert.equal(busy.nextCheckAt, new Date(sentAt + 30 * SECOND + 600 * SECOND).toISOString(), 'when it fits');
  assert.deepEqual(logged, [
    'action tracking check deferred HexnodeUnavailableError',
    'action tracking check deferred HexnodeBusyError',
  ]);
  mode = 'up';
  sim.simulator.checkIn(ids);
  assert.equal(await trackAfter(handler, clock, 5 * MINUTE), 0, 'not before the announced wait');
  // The kit's own budget remembers Hexnode's 429 (in real time), so the check waits that out too: here it is
  // a fresh handler on the same store that reads once the wait is over.
  const fresh = makeHandler(sim, { store, now: clock.now });
  await statusOf(fresh, accepted.id);
  assert.equal(await trackAfter(fresh, clock, 5 * MINUTE), 1);
  assert.equal((await statusOf(fresh, accepted.id)).status, 'done');
});

test('a warm preview costs no Hexnode call and warns of a device the kit’s action is still pending on', async () => {
  const clock = testClock();
  const handler = makeHandler(sim, { store, now: clock.now });
  const ids = deviceIdsOf(sim.simulator, JANE);
  const preview = async () => {
    const response = await handler(browserRequest('/preview', { employee: { email: JANE } }));
    assert.equal(response.status, 200);
    return PreviewResponse.parse(await response.json());
  };
  await preview();
  const count = counter();
  const cold = await preview();
  assert.equal(count.calls(), 0, 'a warm preview');
  assert.ok(cold.devices.every((device) => device.warnings.every((w) => w.code !== 'pending_action')));
  await send(handler);
  await trackAfter(handler, clock, 10 * SECOND);
  sim.simulator.checkIn([ids[0]!]);
  await trackAfter(handler, clock, 20 * SECOND);
  const warm = counter();
  const pending = await preview();
  assert.equal(warm.calls(), 0, 'a warm preview after an action');
  for (const device of pending.devices) {
    const warning = device.warnings.find((w) => w.code === 'pending_action');
    if (device.id === ids[0]) assert.equal(warning, undefined, 'a device whose lock is done');
    else assert.deepEqual(warning, { code: 'pending_action', action: 'Lock Device' });
  }
});

test('a check whose reads waited past the next point schedules the point after, never a burst of make-up checks', async () => {
  const clock = testClock();
  let slow = false;
  const handler = makeHandler(sim, {
    store,
    now: clock.now,
    // Each action-status read takes 10 s (a budget wait, a slow Hexnode): a check at 10 s ends after 30 s.
    fetch: async (input, init) => {
      const request = new Request(input, init);
      if (slow && new URL(request.url).pathname.endsWith('/action_status/')) clock.advance(10 * SECOND);
      return fetch(request);
    },
  });
  const ids = deviceIdsOf(sim.simulator, JANE);
  assert.ok(ids.length >= 2, 'the reads of one check add up past the 30 s point');
  const sentAt = clock.now();
  const accepted = await send(handler);
  slow = true;
  const count = counter();
  assert.equal(await trackAfter(handler, clock, 10 * SECOND), 1, 'one check, not the missed points made up');
  assert.equal(count.statusReads(), ids.length);
  const status = await statusOf(handler, accepted.id);
  assert.ok(clock.now() > sentAt + 30 * SECOND);
  assert.equal(status.checkedAt, new Date(sentAt + 10 * SECOND).toISOString());
  assert.equal(
    status.nextCheckAt,
    new Date(sentAt + MINUTE).toISOString(),
    'the first point after the reads',
  );
});

test('the timer runs the due checks on its own; bad tracking options are clear TypeErrors', async () => {
  const clock = testClock();
  const handler = makeHandler(sim, { store, now: clock.now, tracking: { tickMs: 20 } });
  try {
    const accepted = await send(handler);
    clock.advance(10 * SECOND);
    let status = await statusOf(handler, accepted.id);
    for (let waited = 0; waited < 5000 && status.checkedAt === null; waited += 50) {
      await delay(50);
      status = await statusOf(handler, accepted.id);
    }
    assert.equal(status.checkedAt, new Date(clock.now()).toISOString());
  } finally {
    handler.tracking.stop();
  }
  assert.throws(() => makeHandler(sim, { tracking: { tickMs: -1 } }), /tracking\.tickMs/);
  assert.throws(() => makeHandler(sim, { tracking: { tickMs: 1.5 } }), /tracking\.tickMs/);
  assert.throws(() => makeHandler(sim, { tracking: { scheduleMs: [] } }), /tracking\.scheduleMs/);
  assert.throws(() => makeHandler(sim, { tracking: { scheduleMs: [30_000, 10_000] } }), TypeError);
  assert.throws(() => makeHandler(sim, { tracking: 'soon' as never }), /options\.tracking/);
});
