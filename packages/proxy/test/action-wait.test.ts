/**
 * A confirmed action and Hexnode's rate limit, against the simulator's real throttle (30 calls per window, 10 per
 * managed device per day) with a short window: a minute already spent makes the action `503 hexnode_busy` with
 * `retryAfter` and `reason`, before any call (not even the ownership reads); the same idempotency key, sent again
 * once the wait is over, sends exactly one action per device; a wait within `limits.actionWaitInRequestMs` is
 * simply waited in the request. The minute is spent with real Hexnode calls through a client that shares the
 * handler's budget store, as another handler process on the same store would.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { HexnodeClient, MemoryBudgetStore } from '@hexnode-offboard/core';
import type { ActionAccepted } from '@hexnode-offboard/core/protocol';
import { createMemoryStore } from '@hexnode-offboard/proxy';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';
import {
  API_KEY,
  JANE,
  actionBody,
  browserRequest,
  deviceIdsOf,
  makeHandler,
  problemOf,
} from './support/harness.js';

/** The simulator's and the budget's window: Hexnode's minute, lived in three seconds. */
const WINDOW_MS = 3000;

let sim: RunningSimulator;
before(async () => {
  // Devices check in only when told: the action's commands stay pending, nothing else changes.
  sim = await startSimulator({ apiKey: API_KEY, checkinMs: 60 * 60_000, throttle: { windowMs: WINDOW_MS } });
});
after(async () => {
  await sim.close();
});
beforeEach(() => sim.simulator.reset());

/** A handler and a client of another "process" counting in one budget store. */
function setup(actionWaitInRequestMs: number) {
  const budgetStore = new MemoryBudgetStore();
  const budget = { windowMs: WINDOW_MS, store: budgetStore };
  const store = createMemoryStore();
  const handler = makeHandler(sim, {
    store,
    hexnode: { baseUrl: sim.url, apiKey: API_KEY, budget },
    limits: { actionWaitInRequestMs },
  });
  const other = new HexnodeClient({ baseUrl: sim.url, apiKey: API_KEY, budget });
  return { handler, store, other };
}

/** Opens the dialog (the directory's index is read), then lets its calls leave the window. */
async function preview(handler: (request: Request) => Promise<Response>): Promise<void> {
  const response = await handler(browserRequest('/preview', { employee: { email: JANE } }));
  assert.equal(response.status, 200);
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 100));
}

/** Spends the kit's whole window with real Hexnode reads, as the portal's other work would. */
async function spendWindow(other: HexnodeClient): Promise<number> {
  const device = deviceIdsOf(sim.simulator, JANE)[0]!;
  let spent = 0;
  while ((await other.budget.room('action', 1)).ok) {
    await other.devices.get(device);
    spent++;
  }
  return spent;
}

const lockBody = () => actionBody(sim.simulator, { action: 'lock', options: undefined });

test('a spent minute: 503 hexnode_busy with retryAfter and nothing sent; the same key after the wait sends one action per device', async () => {
  const { handler, store, other } = setup(500);
  await preview(handler);
  assert.equal(await spendWindow(other), 24, "the kit's share of the window");
  const before = sim.simulator.log.length;
  const key = crypto.randomUUID();

  const busy = await handler(browserRequest('/actions', lockBody(), { idempotencyKey: key }));
  const problem = await problemOf(busy);
  assert.equal(problem.status, 503);
  assert.equal(problem.code, 'hexnode_busy');
  assert.equal(problem.body.reason, 'window');
  const retryAfter = problem.body.retryAfter as number;
  assert.ok(retryAfter >= 1 && retryAfter <= WINDOW_MS / 1000, `retryAfter ${retryAfter} s within a window`);
  assert.equal(busy.headers.get('retry-after'), String(retryAfter));
  assert.equal(sim.simulator.log.length, before, 'no Hexnode call: not even the ownership reads');
  const denied = await store.readAudit({ events: ['action'] });
  assert.deepEqual(
    denied.map((record) => [record.outcome, record.code]),
    [['denied', 'hexnode_busy']],
  );

  await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  const sent = await handler(browserRequest('/actions', lockBody(), { idempotencyKey: key }));
  assert.equal(sent.status, 202, 'the same key, after the wait, is accepted');
  const accepted = (await sent.json()) as ActionAccepted;
  const replay = await handler(browserRequest('/actions', lockBody(), { idempotencyKey: key }));
  assert.equal(replay.status, 202);
  assert.equal(((await replay.json()) as ActionAccepted).id, accepted.id, 'a third send replays the answer');

  const actions = sim.simulator.actionsSent();
  assert.equal(actions.length, 1, 'one lock call');
  const named = (actions[0]!.body as { devices: number[] }).devices;
  assert.deepEqual([...named].sort(), [...deviceIdsOf(sim.simulator, JANE)].sort(), 'each device once');
  assert.deepEqual(
    sim.simulator.log.filter((entry) => entry.status === 429),
    [],
    'no 429 drawn',
  );
});

test('a wait within the bound is waited in the request, then the action is sent once', async () => {
  const { handler, other } = setup(WINDOW_MS + 1000);
  await preview(handler);
  assert.equal(await spendWindow(other), 24);
  const started = Date.now();
  const response = await handler(
    browserRequest('/actions', lockBody(), { idempotencyKey: crypto.randomUUID() }),
  );
  const waited = Date.now() - started;
  assert.equal(response.status, 202);
  assert.ok(waited >= 500, `the request waited for room (${waited} ms)`);
  assert.equal(sim.simulator.actionsSent().length, 1);
  assert.deepEqual(
    sim.simulator.log.filter((entry) => entry.status === 429),
    [],
    'no 429 drawn',
  );
});

test('limits.actionWaitInRequestMs is checked', () => {
  for (const bad of [-1, 1.5, 30_001]) {
    assert.throws(() => setup(bad), /limits\.actionWaitInRequestMs/);
  }
});
