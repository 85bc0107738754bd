/**
 * `GET actions/{id}` reports this action's own commands, as its tracker last read them: never an older command
 * of the same kind, a device Hexnode queued nothing for ends `failed` (`not_queued`), and devices Hexnode will
 * not act on (no longer enrolled, or named in the action's reply) are `failed` at once, so the action can end
 * `partial`. The tracker reads Hexnode on its schedule (`trackAfter` runs what is due).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createMemoryStore, type OffboardStore } from '@hexnode-offboard/proxy';
import { ActionStatusResponse, type ActionAccepted } from '@hexnode-offboard/core/protocol';
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

const MINUTE = 60_000;
let sim: RunningSimulator;
let store: OffboardStore;

// Devices take a command only when they check in (the test says when), so commands stay pending meanwhile.
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

const lockBody = (overrides: Record<string, unknown> = {}) =>
  actionBody(sim.simulator, { action: 'lock', options: undefined, confirmation: '', ...overrides });

async function send(handler: ReturnType<typeof makeHandler>, body: unknown, actor: 'hr' | 'admin' = 'hr') {
  const response = await handler(browserRequest('/actions', body, { actor }));
  assert.equal(response.status, 202);
  return (await response.json()) as ActionAccepted;
}

async function statusOf(handler: ReturnType<typeof makeHandler>, id: string) {
  const response = await handler(browserRequest(`/actions/${id}`, null, { method: 'GET' }));
  assert.equal(response.status, 200);
  return ActionStatusResponse.parse(await response.json());
}

/** The network in front of the simulator, with one Hexnode answer replaced where `answer` returns one. */
function edge(answer: (request: Request, url: URL) => Response | undefined): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    return answer(request, new URL(request.url)) ?? fetch(request);
  };
}

/** Action POSTs reach the simulator (it acts), and the handler reads `reply()` as Hexnode's answer. */
function replyToActions(reply: () => Response): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const answer = await fetch(request);
    const isAction = request.method === 'POST' && new URL(request.url).pathname.includes('/actions/');
    return isAction ? reply() : answer;
  };
}

test('an older command of the same kind never decides a new action’s status', async () => {
  const clock = testClock();
  const handler = makeHandler(sim, { store, now: clock.now, hexnode: hexnodeOnClock(sim, clock) });
  const ids = deviceIdsOf(sim.simulator, JANE);
  const first = await send(handler, lockBody());
  sim.simulator.checkIn(ids);
  assert.equal(await trackAfter(handler, clock, 10_000), 1);
  assert.equal((await statusOf(handler, first.id)).status, 'done');
  // A second lock, moments later: its commands are still pending although the first lock's are done.
  const second = await send(handler, lockBody({ repeat: true }), 'admin');
  assert.equal(await trackAfter(handler, clock, 10_000), 1, 'only the second is still tracked');
  const status = await statusOf(handler, second.id);
  assert.deepEqual(
    status.devices.map((device) => device.status),
    ids.map(() => 'pending'),
  );
  assert.equal(status.status, 'pending');
  sim.simulator.checkIn(ids);
  await trackAfter(handler, clock, 20_000);
  assert.equal((await statusOf(handler, second.id)).status, 'done');
});

test('a device Hexnode shows no command for minutes after sending is failed (not_queued) and the action ends partial', async () => {
  let clock = Date.now();
  const ids = deviceIdsOf(sim.simulator, JANE);
  const silent = ids[0]!;
  const handler = makeHandler(sim, {
    store,
    now: () => clock,
    // Hexnode keeps no command for this device (its history stays empty).
    fetch: edge((request, url) =>
      request.method === 'GET' && url.pathname.endsWith(`/devices/${silent}/action_status/`)
        ? Response.json({ count: 0, next: null, previous: null, results: [] })
        : undefined,
    ),
  });
  const accepted = await send(handler, lockBody());
  sim.simulator.checkIn(ids);
  clock += MINUTE;
  await handler.tracking.checkDue();
  const early = await statusOf(handler, accepted.id);
  assert.equal(early.devices.find((device) => device.id === silent)?.status, 'pending');
  assert.equal(early.status, 'pending');
  clock += 5 * MINUTE;
  await handler.tracking.checkDue();
  const late = await statusOf(handler, accepted.id);
  assert.deepEqual(
    late.devices.find((device) => device.id === silent),
    {
      id: silent,
      action: 'lock',
      status: 'failed',
      updatedAt: null,
      reason: 'not_queued',
    },
  );
  assert.ok(
    late.devices.filter((device) => device.id !== silent).every((device) => device.status === 'done'),
  );
  assert.equal(late.status, 'partial');
});

test('a device no longer enrolled is failed (not_enrolled) from the start, and its status is never read', async () => {
  const clock = testClock();
  const handler = makeHandler(sim, { store, now: clock.now });
  const ids = deviceIdsOf(sim.simulator, JANE);
  const returned = ids[1]!;
  sim.simulator.devices.find((device) => device.id === returned)!.enrollmentStatus = 'unenrolled';
  const accepted = await send(handler, lockBody());
  assert.deepEqual(
    accepted.devices.find((device) => device.id === returned),
    {
      id: returned,
      action: 'lock',
      status: 'failed',
      reason: 'not_enrolled',
    },
  );
  const [intent] = await store.readAudit({ actionId: accepted.id, events: ['action'] });
  assert.deepEqual(
    intent?.devices?.find((device) => device.id === returned),
    {
      id: returned,
      action: 'lock',
      failure: 'not_enrolled',
    },
  );
  sim.simulator.checkIn(ids);
  sim.simulator.log.length = 0;
  await trackAfter(handler, clock, 10_000);
  const status = await statusOf(handler, accepted.id);
  assert.equal(status.status, 'partial');
  assert.equal(status.devices.find((device) => device.id === returned)?.reason, 'not_enrolled');
  assert.ok(!sim.simulator.log.some((entry) => entry.path === `/devices/${returned}/action_status/`));
});

test('devices the action’s reply names as not acted on are recorded and reported failed (rejected)', async () => {
  const ids = deviceIdsOf(sim.simulator, JANE);
  const refusedId = ids[2]!;
  const clock = testClock();
  const handler = makeHandler(sim, {
    store,
    now: clock.now,
    // The action goes through; the reply names one device Hexnode did not act on.
    fetch: replyToActions(() =>
      Response.json({ failed_devices: [{ id: refusedId, message: 'Device is busy' }] }),
    ),
  });
  const accepted = await send(handler, lockBody());
  assert.deepEqual(
    accepted.devices.find((device) => device.id === refusedId),
    {
      id: refusedId,
      action: 'lock',
      status: 'failed',
      reason: 'rejected',
    },
  );
  const [result] = await store.readAudit({ actionId: accepted.id, events: ['action_result'] });
  assert.deepEqual(result?.devices, [{ id: refusedId, failure: 'rejected' }]);
  sim.simulator.checkIn(ids);
  await trackAfter(handler, clock, 10_000);
  const status = await statusOf(handler, accepted.id);
  assert.equal(status.devices.find((device) => device.id === refusedId)?.status, 'failed');
  assert.ok(status.devices.filter((device) => device.id !== refusedId).every((d) => d.status === 'done'));
  assert.equal(status.status, 'partial');
});

test('a reply that is not JSON still counts as sent, with no device named', async () => {
  const handler = makeHandler(sim, {
    store,
    fetch: replyToActions(() => new Response('', { status: 200 })),
  });
  const accepted = await send(handler, lockBody());
  assert.ok(accepted.devices.every((device) => device.status === 'pending'));
  assert.equal(sim.simulator.actionsSent().length, 1);
});
