import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import {
  applyPlan,
  buildPlan,
  connect,
  devicesToAct,
  Journal,
  readJournal,
  takeLock,
  toLeavers,
  type Connection,
} from '../src/index.js';
import { PLAN_KEY, WINDOW_MS, bulkFleet, commandsPerDevice, start, tempDir } from './helpers.js';

const running: RunningSimulator[] = [];
after(() => Promise.all(running.map((simulator) => simulator.close())));

const leavers = (count: number) =>
  toLeavers(
    Array.from({ length: count }, (_, i) => ({ email: `leaver${i + 1}@acme.example` })),
    'leavers',
  );

function connectTo(simulator: RunningSimulator): Connection {
  return connect(
    { baseUrl: simulator.url, apiKey: simulator.simulator.apiKey },
    { budget: { windowMs: WINDOW_MS } },
  );
}

test('200 leavers through injected 429s and 5xx: exactly one action per device, no 429 of the kit’s making', async () => {
  const simulator = await start({ fleet: bulkFleet(200) });
  running.push(simulator);
  const connection = connectTo(simulator);
  const plan = await buildPlan({
    connection,
    leavers: leavers(200),
    action: 'lock',
    author: 'alice',
    key: PLAN_KEY,
  });
  assert.equal(plan.totals.toAct, 300);
  // Faults from here on: 20 % of requests answered 5xx unprocessed, and a token bucket of 8 requests a second
  // that answers 429 to the kit's bursts (another integration spending the portal's minute). Batches of 10 make
  // 30 action calls, so the run meets both (the chance that no call gets a 5xx is below 0.1 %).
  simulator.simulator.setFaults({ errorRate: 0.2, rateLimit: 8 });
  const dir = tempDir();
  const result = await applyPlan({
    connection,
    plan,
    key: PLAN_KEY,
    journalDir: dir,
    approvalThreshold: 1000,
    batchSize: 10,
  });
  assert.deepEqual(result.pending, []);
  assert.equal(result.sent.length, 300);
  const counts = commandsPerDevice(simulator, 'lock_devices');
  const planned = devicesToAct(plan)
    .map(({ device }) => device.id)
    .sort((a, b) => a - b);
  assert.deepEqual(
    [...counts.keys()].sort((a, b) => a - b),
    planned,
  );
  assert.ok(
    [...counts.values()].every((n) => n === 1),
    JSON.stringify([...counts].filter(([, n]) => n > 1)),
  );
  // The simulator's real throttle (30 a window) never answered 429: every 429 came from the injected fault.
  assert.equal(simulator.simulator.budget().throttled, 0);
  const injected = simulator.simulator.log.filter((entry) => entry.status === 429).length;
  const failed = simulator.simulator.log.filter((entry) => entry.status >= 500).length;
  assert.ok(failed > 0, 'the run met injected 5xx');
  assert.ok(injected > 0, 'the run met injected 429s');
  const journal = readJournal(result.journal, PLAN_KEY);
  assert.equal(journal.at(-1)!.type, 'done');
});

test('two applies of one plan cannot run at once; a lock left by a dead process is taken over', async () => {
  const simulator = await start({ fleet: bulkFleet(4) });
  running.push(simulator);
  const connection = connectTo(simulator);
  const plan = await buildPlan({
    connection,
    leavers: leavers(4),
    action: 'lock',
    author: 'alice',
    key: PLAN_KEY,
  });
  const dir = tempDir();
  const release = takeLock(`${dir}/${plan.id}.jsonl.lock`);
  await assert.rejects(
    applyPlan({ connection, plan, key: PLAN_KEY, journalDir: dir, approvalThreshold: 100 }),
    /Another apply of this plan is running/,
  );
  assert.deepEqual(simulator.simulator.actionsSent(), []);
  release();
  writeFileSync(`${dir}/${plan.id}.jsonl.lock`, '999999999'); // no such process
  const result = await applyPlan({
    connection,
    plan,
    key: PLAN_KEY,
    journalDir: dir,
    approvalThreshold: 100,
  });
  assert.equal(result.sent.length, 6);
});

test('a run that died between an intent and its answer: acted devices are not sent again, the others are', async () => {
  const simulator = await start({ fleet: bulkFleet(4) });
  running.push(simulator);
  const connection = connectTo(simulator);
  const plan = await buildPlan({
    connection,
    leavers: leavers(4),
    action: 'lock',
    author: 'alice',
    key: PLAN_KEY,
  });
  const ids = devicesToAct(plan).map(({ device }) => device.id);
  const dir = tempDir();
  const journal = new Journal(`${dir}/${plan.id}.jsonl`, PLAN_KEY);
  journal.append({ type: 'run', planId: plan.id, action: 'lock', author: 'alice', pid: 1 });
  journal.append({ type: 'intent', batch: '1.1.1', devices: ids.slice(0, 2) });
  await connection.client.actions.lock({ devices: ids.slice(0, 2) }); // Hexnode acted; the answer was lost
  journal.append({ type: 'intent', batch: '1.1.2', devices: ids.slice(2) }); // killed before this one was sent
  journal.close();
  const result = await applyPlan({
    connection,
    plan,
    key: PLAN_KEY,
    journalDir: dir,
    approvalThreshold: 100,
  });
  assert.deepEqual(result.pending, []);
  assert.deepEqual(result.sent.sort(), [...ids].sort());
  const counts = commandsPerDevice(simulator, 'lock_devices');
  assert.deepEqual([...counts.keys()].sort(), [...ids].sort());
  assert.ok([...counts.values()].every((n) => n === 1));
  const resolved = readJournal(result.journal, PLAN_KEY).find((entry) => entry.type === 'resolved');
  assert.deepEqual(resolved && 'acted' in resolved ? resolved.acted : [], ids.slice(0, 2));
});
