/**
 * Offboarding jobs end to end against the simulator: a scheduled termination runs at its time, each device
 * is acted on once per termination however often the job runs, a worker that died mid-job is recovered
 * from the audit log, an unknown employee raises an alert and wipes nothing, and a throttled or failing
 * Hexnode makes jobs wait and finish.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HexnodeClient, HexnodeDirectory, OffboardingPlanner } from '@hexnode-offboard/core';
import {
  createMemoryJobQueue,
  createMemoryStore,
  createJobWorker,
  createOffboardingExecutor,
  scheduleOffboarding,
  verifyAuditLog,
  type Job,
  type JobQueue,
  type OffboardAlert,
  type OffboardResult,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import {
  API_KEY,
  ACTORS,
  JANE,
  actionBody,
  browserRequest,
  deviceIdsOf,
  makeHandler,
  problemOf,
  useSimulator,
} from './support/harness.js';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const HOUR = 60 * 60 * 1000;

const sim = useSimulator();

function setup(
  options: {
    store?: OffboardStore;
    queue?: JobQueue;
    /** Runs when the executor asks for the planner: the job holds the employee's lock by then. */
    beforePlan?: () => Promise<void>;
  } = {},
) {
  const store = options.store ?? createMemoryStore();
  const queue = options.queue ?? createMemoryJobQueue();
  let now = T0;
  const alerts: OffboardAlert[] = [];
  const client = new HexnodeClient({ baseUrl: sim.url, apiKey: API_KEY, retry: false });
  const planner = new OffboardingPlanner({ client, directory: new HexnodeDirectory(client) });
  const execute = createOffboardingExecutor({
    store,
    planner: async () => {
      await options.beforePlan?.();
      return planner;
    },
    onAlert: (alert) => {
      alerts.push(alert);
    },
    now: () => now,
  });
  const worker = createJobWorker({
    queue,
    executors: { offboard: execute },
    now: () => now,
    random: () => 0.5,
    logger: { error: () => undefined },
  });
  const schedule = (overrides: Partial<Parameters<typeof scheduleOffboarding>[0]> = {}) =>
    scheduleOffboarding({
      queue,
      tenant: 'acme',
      employee: { email: JANE, name: 'Jane Leaver' },
      action: 'lock',
      at: now,
      terminationId: 'term-1',
      now: () => now,
      ...overrides,
    });
  return {
    store,
    queue,
    worker,
    execute,
    alerts,
    schedule,
    advance: (ms: number) => {
      now += ms;
    },
    /** The jobs' clock, for a handler that shares their store. */
    now: () => now,
  };
}

const janeDevices = () => deviceIdsOf(sim.simulator, JANE).sort((a, b) => a - b);
/** How many Hexnode actions named each device. */
const actionsPerDevice = () => {
  const counts = new Map<number, number>();
  for (const entry of sim.simulator.actionsSent()) {
    for (const id of (entry.body as { devices?: number[] }).devices ?? [])
      counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};
const resultOf = (job: Job | null) => job?.result as OffboardResult;

describe('offboarding jobs', () => {
  test('a scheduled termination waits for its time, then locks every device once with an audit record before and after', async () => {
    const { queue, store, worker, schedule, advance } = setup();
    const { job } = await schedule({ at: T0 + HOUR, reason: 'Last day' });
    assert.equal(await worker.runOnce(), 0);
    advance(HOUR - 1);
    assert.equal(await worker.runOnce(), 0, 'one millisecond early');
    assert.deepEqual(sim.simulator.actionsSent(), []);
    advance(1);
    assert.equal(await worker.runOnce(), 1);

    const sent = sim.simulator.actionsSent();
    assert.equal(sent.length, 1);
    assert.match(sent[0]!.path, /lock/);
    assert.deepEqual(
      [...actionsPerDevice().keys()].sort((a, b) => a - b),
      janeDevices(),
    );
    const done = await queue.getJob(job.id);
    assert.equal(done?.state, 'done');
    assert.deepEqual(
      resultOf(done).sent.sort((a, b) => a - b),
      janeDevices(),
    );

    const records = await store.readAudit();
    assert.deepEqual(
      records.map((record) => [record.event, record.outcome, record.auth, record.actor.id, record.tenant]),
      [
        ['action', 'allowed', 'job', 'termination-jobs', 'acme'],
        ['action_result', 'sent', 'job', 'termination-jobs', 'acme'],
      ],
    );
    assert.equal(records[0]!.reason, 'Last day');
    assert.equal(records[0]!.actionId, records[1]!.actionId);
    assert.deepEqual(await verifyAuditLog(store), { ok: true, records: 2 });
  });

  test('a job delivered again (at least once) acts on no device a second time', async () => {
    const { queue, execute, schedule } = setup();
    const { job } = await schedule();
    const first = (await execute(job, { workerId: 'w1', now: () => T0 })) as OffboardResult;
    const again = (await execute((await queue.getJob(job.id))!, {
      workerId: 'w2',
      now: () => T0,
    })) as OffboardResult;
    assert.equal(first.sent.length, 3);
    assert.deepEqual([again.sent, again.earlier.sort((a, b) => a - b)], [[], janeDevices()]);
    assert.equal(sim.simulator.actionsSent().length, 1);
  });

  test('two jobs of one termination running at once act on each device once', async () => {
    const { queue, worker, schedule, advance } = setup();
    await schedule();
    // The same termination, scheduled again under another key (a second delivery path).
    const twin = await queue.enqueueJob(
      { ...(await queue.listJobs())[0]!, dedupeKey: 'another-path', maxAttempts: 20 },
      T0,
    );
    assert.equal(twin.created, true);
    await worker.runOnce(); // both claimed together: one holds the termination, the other waits
    advance(HOUR);
    await worker.drain();
    assert.deepEqual([...actionsPerDevice().values()], [1, 1, 1]);
    const jobs = await queue.listJobs();
    assert.deepEqual(
      jobs.map((job) => job.state),
      ['done', 'done'],
    );
    assert.deepEqual(jobs.map((job) => resultOf(job).earlier.length).sort(), [0, 3]);
  });

  test('a worker that died after its intent record leaves the devices uncertain: they are never sent again', async () => {
    // The store fails every write after the intent, as a process killed right after sending would.
    const store = createMemoryStore();
    let failWrites = false;
    const dying: OffboardStore = withOverrides(store, {
      appendAudit: async (entry) => {
        if (failWrites) throw new Error('the process died');
        const record = await store.appendAudit(entry);
        if (entry.event === 'action' && entry.outcome === 'allowed') failWrites = true;
        return record;
      },
    });
    const crashed = setup({ store: dying });
    const { job } = await crashed.schedule();
    await crashed.worker.runOnce();
    assert.equal(sim.simulator.actionsSent().length, 1, 'Hexnode got the action');
    assert.equal((await crashed.queue.getJob(job.id))?.state, 'scheduled', 'the job did not finish');

    const recovered = setup({ store, queue: crashed.queue });
    recovered.advance(HOUR);
    await recovered.worker.runOnce();
    const done = await crashed.queue.getJob(job.id);
    assert.equal(done?.state, 'done');
    assert.deepEqual(
      resultOf(done).uncertain.sort((a, b) => a - b),
      janeDevices(),
    );
    assert.equal(sim.simulator.actionsSent().length, 1, 'not sent again');
  });

  test('a worker that died before its intent record leaves the devices to be sent by the next attempt, once', async () => {
    const store = createMemoryStore();
    let failIntent = true;
    const flaky: OffboardStore = withOverrides(store, {
      appendAudit: async (entry) => {
        if (failIntent && entry.event === 'action') throw new Error('the process died');
        return store.appendAudit(entry);
      },
    });
    const { queue, worker, schedule, advance } = setup({ store: flaky });
    const { job } = await schedule();
    await worker.runOnce();
    assert.deepEqual(sim.simulator.actionsSent(), [], 'no intent, no action');
    failIntent = false;
    advance(HOUR);
    await worker.runOnce();
    const done = await queue.getJob(job.id);
    assert.equal(done?.state, 'done');
    assert.deepEqual(
      resultOf(done).sent.sort((a, b) => a - b),
      janeDevices(),
    );
    assert.equal(sim.simulator.actionsSent().length, 1);
  });

  for (const [what, email, code] of [
    ['no Hexnode user has', HARD_CASES.unknownEmail, 'employee_not_found'],
    ['several Hexnode users share', HARD_CASES.sharedEmail.email, 'ambiguous_employee'],
  ] as const) {
    test(`an email ${what} raises an alert, sends nothing and is a dead letter saying why`, async () => {
      const { queue, store, worker, schedule, alerts } = setup();
      const { job } = await schedule({ employee: { email }, action: 'wipe', options: { mode: 'complete' } });
      await worker.runOnce();
      assert.deepEqual(sim.simulator.actionsSent(), []);
      const dead = await queue.getJob(job.id);
      assert.equal(dead?.state, 'dead');
      assert.match(dead?.lastError ?? '', new RegExp(`^${code}: .*nothing was sent`));
      assert.deepEqual(alerts, [
        { code, jobId: job.id, tenant: 'acme', terminationId: 'term-1', employeeEmail: email.toLowerCase() },
      ]);
      const [record] = await store.readAudit();
      assert.deepEqual([record?.event, record?.outcome, record?.code], ['action', 'denied', code]);
    });
  }

  test('while Hexnode fails, the job waits with backoff; once it answers, the job finishes with one action', async () => {
    const { queue, worker, schedule, advance } = setup();
    const { job } = await schedule();
    sim.simulator.setFaults({ errorRate: 1 });
    await worker.runOnce();
    advance(10_000);
    await worker.runOnce();
    const waiting = await queue.getJob(job.id);
    assert.deepEqual([waiting?.state, waiting?.attempts], ['scheduled', 2]);
    assert.match(waiting?.lastError ?? '', /^hexnode_unavailable/);
    sim.simulator.setFaults({ errorRate: 0 });
    advance(HOUR);
    await worker.runOnce();
    assert.equal((await queue.getJob(job.id))?.state, 'done');
    assert.equal(sim.simulator.actionsSent().length, 1);
  });

  test('a throttled Hexnode makes the job wait its announced time without using up attempts', async () => {
    const { queue, worker, schedule, advance } = setup();
    const { job } = await schedule();
    // Hexnode's 429s within the client's wait are waited out by core's request budget itself (the announced
    // time), so the job finishes in its first attempt and the throttle costs it no retry.
    sim.simulator.setFaults({ rateLimit: 5 });
    await worker.runOnce();
    const finished = await queue.getJob(job.id);
    assert.deepEqual([finished?.state, finished?.attempts], ['done', 1]);
    sim.simulator.setFaults({ rateLimit: 0 });
    advance(HOUR);
  });

  test('a job and an HR action take the same employee lock: the click while the job works is refused and sends nothing', async () => {
    let entered!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { store, queue, worker, schedule, now } = setup({
      beforePlan: async () => {
        entered();
        await gate;
      },
    });
    const { job } = await schedule();
    const running = worker.runOnce();
    await inside;
    const handler = makeHandler(sim, { store, now });
    const clicked = await handler(
      browserRequest('/actions', actionBody(sim.simulator, { action: 'lock', options: undefined }), {
        actor: 'hr',
      }),
    );
    assert.deepEqual(await problemOf(clicked).then((problem) => [problem.status, problem.code]), [
      409,
      'idempotency_in_flight',
    ]);
    assert.equal(sim.simulator.actionsSent().length, 0);
    release();
    await running;
    assert.equal((await queue.getJob(job.id))?.state, 'done');
    assert.deepEqual([...actionsPerDevice().values()], [1, 1, 1]);
  });

  test('a job finds the employee locked by an HR action: it waits and sends nothing until the lock is free', async () => {
    const { store, queue, worker, schedule, advance } = setup();
    const { job } = await schedule();
    // What the handler's action path holds while it sends (its EmployeeLock): the same lock, by the same name.
    const held = await store.claimLock({
      tenant: 'acme',
      name: JANE,
      owner: 'an HR request',
      now: T0,
      ttlMs: 60_000,
    });
    assert.equal(held.status, 'claimed');
    await worker.runOnce();
    const waiting = await queue.getJob(job.id);
    assert.deepEqual([waiting?.state, waiting?.lastError?.split(':')[0]], ['scheduled', 'employee_busy']);
    assert.equal(sim.simulator.actionsSent().length, 0);
    await store.releaseLock({ tenant: 'acme', name: JANE, owner: 'an HR request' });
    advance(HOUR);
    await worker.runOnce();
    assert.equal((await queue.getJob(job.id))?.state, 'done');
    assert.deepEqual([...actionsPerDevice().values()], [1, 1, 1]);
  });

  test('after a job locked the devices, an HR action on the employee needs repeat (the handler sees the job)', async () => {
    const { store, worker, schedule } = setup();
    await schedule();
    await worker.runOnce();
    const handler = makeHandler(sim, { store });
    const response = await handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'hr' }));
    assert.deepEqual(await problemOf(response).then((problem) => [problem.status, problem.code]), [
      409,
      'already_offboarded',
    ]);
    assert.equal(ACTORS.hr.tenant, 'acme');
  });

  test('scheduleOffboarding refuses bad input and stores nothing', async () => {
    const { queue, schedule } = setup();
    await assert.rejects(schedule({ employee: { email: 'not-an-email' } }), TypeError);
    // A wipe without a mode is the documented full wipe now (#16); a mode on anything else is refused.
    await assert.rejects(
      schedule({ action: 'lock', options: { mode: 'complete' } }),
      /only a wipe takes a mode/,
    );
    await assert.rejects(schedule({ action: 'explode' as 'lock' }), TypeError);
    await assert.rejects(schedule({ at: Number.NaN }), /at/);
    assert.deepEqual(await queue.listJobs(), []);
  });

  test('scheduling one termination twice is one job', async () => {
    const { queue, schedule } = setup();
    const first = await schedule({ terminationId: 'term-9' });
    const second = await schedule({ terminationId: 'term-9', at: T0 + HOUR });
    assert.deepEqual([first.created, second.created, second.job.id], [true, false, first.job.id]);
    assert.equal((await queue.listJobs()).length, 1);
  });
});

/** The store with some methods replaced; the rest delegate to it, bound (the memory store is a class with private fields). */
function withOverrides(store: OffboardStore, overrides: Partial<OffboardStore>): OffboardStore {
  return new Proxy(store, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof OffboardStore];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('offboarding jobs and the offers rule', () => {
  test("a wipe job never erases the leaver's personal phone; a corporate wipe without configured fields refuses and is recorded, no TypeError", async () => {
    const rosa = HARD_CASES.frontlineLeaver;
    const named = (name: string) => sim.simulator.devices.find((device) => device.name === name)!.id;
    const { queue, store, worker, schedule } = setup();
    const complete = await schedule({
      employee: { email: rosa.email },
      action: 'wipe',
      terminationId: 'term-rosa',
    });
    await worker.drain();
    const done = await queue.getJob(complete.job.id);
    assert.equal(done?.state, 'done');
    assert.deepEqual(resultOf(done).refused, [
      { id: named(rosa.devices.personalPhone), reason: 'personal_device' },
    ]);
    assert.deepEqual(
      sim.simulator.actionsSent().map((entry) => (entry.body as { devices: number[] }).devices),
      [[named(rosa.devices.sharedScanner), named(rosa.devices.laptop)]],
      'one wipe naming only the corporate devices',
    );
    const refusals = await store.readAudit({ events: ['action_result'], outcomes: ['failed'] });
    assert.deepEqual(
      refusals.map((record) => [record.code, record.deviceIds]),
      [['action_not_offered', [named(rosa.devices.personalPhone)]]],
    );

    sim.simulator.reset();
    const corporate = await schedule({
      employee: { email: JANE },
      action: 'wipe',
      options: { mode: 'corporate' },
      terminationId: 'term-jane-corporate',
    });
    await worker.drain();
    const refused = await queue.getJob(corporate.job.id);
    assert.equal(refused?.state, 'done');
    assert.deepEqual(
      resultOf(refused).refused.map((entry) => entry.reason),
      janeDevices().map(() => 'corporate_wipe_unconfigured'),
    );
    assert.deepEqual(sim.simulator.actionsSent(), [], 'Hexnode heard nothing');
    assert.equal((await verifyAuditLog(store)).ok, true);
  });
});
