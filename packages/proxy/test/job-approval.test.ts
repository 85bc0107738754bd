/**
 * The two-person rule end to end against the simulator: a job over the device bound, or naming a group, is held
 * (nothing reaches Hexnode), listed by the handler's `GET jobs`, refused to its requester, run once by a second
 * person's approval, ended by a rejection; and the routes refuse without an actor, across tenants, outside the
 * approver's employees, without the permission or without the CSRF proof, changing nothing.
 *
 * Over 300 lines: the rule's whole story (held, listed, decided, refused) shares one set-up and one cast.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  createMemoryJobQueue,
  createMemoryStore,
  scheduleOffboarding,
  verifyAuditLog,
  type Actor,
  type JobQueue,
  type OffboardAlert,
  type OffboardResult,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/sqlite';
import { approvalWorker } from './support/approval-worker.js';
import {
  JANE,
  browserRequest,
  deviceIdsOf,
  makeHandler,
  problemOf,
  tokenFor,
  useSimulator,
} from './support/harness.js';
import { openPostgresStore, postgresTest } from './support/postgres.js';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const MINUTE = 60_000;

const sim = useSimulator();

/** The tests' HR staff: Hanna asks for jobs, Abe approves them; both may approve, so the rule is the requester. */
const STAFF = {
  hanna: { id: 'hr-1', name: 'Hanna HR', tenant: 'acme', actions: ['lock'], canApproveJobs: true },
  abe: { id: 'hr-approver', name: 'Abe Approver', tenant: 'acme', actions: [], canApproveJobs: true },
  auditor: { id: 'hr-audit', name: 'Ada Auditor', tenant: 'acme', actions: [], canReadAudit: true },
  plain: { id: 'hr-plain', name: 'Pat Plain', tenant: 'acme', actions: ['lock', 'wipe'] },
  globex: { id: 'gx-approver', name: 'Gia Globex', tenant: 'globex', actions: [], canApproveJobs: true },
  // An approver limited to other employees than Jane.
  scoped: {
    id: 'hr-scoped',
    name: 'Sam Scoped',
    tenant: 'acme',
    actions: [],
    canApproveJobs: true,
    employees: ['someone.else@acme.example'],
  },
} satisfies Record<string, Actor>;

async function authorize(request: Request): Promise<Actor | null> {
  const name = /(?:^|;\s*)session=([a-zA-Z]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return name && name in STAFF ? STAFF[name as keyof typeof STAFF] : null;
}

function setup() {
  const store = createMemoryStore();
  const queue: JobQueue = createMemoryJobQueue();
  let now = T0;
  const alerts: OffboardAlert[] = [];
  const worker = approvalWorker({
    url: sim.url,
    store,
    queue,
    now: () => now,
    onAlert: (alert) => {
      alerts.push(alert);
    },
  });
  const handler = makeHandler(sim, {
    store,
    authorize,
    jobs: { queue },
    now: () => now,
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
      requestedBy: STAFF.hanna.id,
      now: () => now,
      ...overrides,
    });
  const decide = (
    id: string,
    verb: 'approve' | 'reject',
    actor: keyof typeof STAFF | null,
    body: unknown = {},
  ) => handler(browserRequest(`/jobs/${encodeURIComponent(id)}/${verb}`, body, { actor: actor as never }));
  const list = async (actor: keyof typeof STAFF, query = '') =>
    handler(browserRequest(`/jobs${query}`, undefined, { actor: actor as never, method: 'GET' }));
  return {
    store,
    queue,
    worker,
    alerts,
    handler,
    schedule,
    decide,
    list,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const janeDevices = () => deviceIdsOf(sim.simulator, JANE).sort((a, b) => a - b);
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
const actionsPerDevice = () => {
  const counts = new Map<number, number>();
  for (const entry of sim.simulator.actionsSent())
    for (const id of (entry.body as { devices?: number[] }).devices ?? [])
      counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
};

describe('the two-person rule for jobs', () => {
  test('a job over the device bound waits with what it would do, an audit record and an alert; Hexnode hears nothing', async () => {
    const { queue, store, worker, alerts, schedule, list } = setup();
    const { job } = await schedule();
    assert.equal(await worker.runOnce(), 1);
    assert.deepEqual(sim.simulator.actionsSent(), [], 'no action reached Hexnode');
    const held = await queue.getJob(job.id);
    assert.equal(held?.state, 'awaiting_approval');
    assert.equal(held?.attempts, 0, 'being held is not a failed attempt');
    assert.deepEqual(
      { ...held?.approval, deviceIds: sorted(held?.approval?.deviceIds ?? []) },
      {
        reasons: ['too_many_devices'],
        action: 'lock',
        deviceIds: janeDevices(),
        group: null,
        requestedBy: 'hr-1',
        heldAt: T0,
        decision: null,
        decidedBy: null,
        decidedAt: null,
        note: null,
      },
    );
    assert.equal(await worker.drain(), 0, 'a held job is never claimed');
    assert.deepEqual(
      alerts.map((alert) => [alert.code, alert.jobId, sorted(alert.deviceIds ?? [])]),
      [['approval_required', job.id, janeDevices()]],
    );
    const records = await store.readAudit();
    assert.deepEqual(
      records.map((record) => [record.event, record.outcome, record.code, sorted(record.deviceIds)]),
      [['job_approval', 'denied', 'approval_required', janeDevices()]],
    );
    const listed = await list('abe', '?state=awaiting_approval');
    assert.equal(listed.status, 200);
    const { jobs } = (await listed.json()) as {
      jobs: { id: string; state: string; employeeEmail: string }[];
    };
    assert.deepEqual(
      jobs.map((view) => [view.id, view.state, view.employeeEmail]),
      [[job.id, 'awaiting_approval', JANE]],
    );
    assert.equal((await list('auditor')).status, 200, 'an audit reader may list jobs');
  });

  test('its requester cannot approve it; a second person can, and it then acts once on each approved device', async () => {
    const { queue, store, worker, schedule, decide, advance } = setup();
    const { job } = await schedule();
    await worker.runOnce();

    const own = await decide(job.id, 'approve', 'hanna');
    assert.deepEqual([own.status, (await problemOf(own)).code], [403, 'forbidden']);
    assert.equal((await queue.getJob(job.id))?.state, 'awaiting_approval', 'the refusal changed nothing');

    advance(MINUTE);
    const approved = await decide(job.id, 'approve', 'abe', { note: 'checked with legal' });
    assert.equal(approved.status, 200);
    const answer = (await approved.json()) as { job: { state: string; approval: { decision: string } } };
    assert.deepEqual([answer.job.state, answer.job.approval.decision], ['scheduled', 'approved']);
    const again = await decide(job.id, 'approve', 'abe', { note: 'checked with legal' });
    assert.equal(again.status, 200, 'approving twice is one approval');

    assert.equal(await worker.drain(), 1);
    assert.deepEqual(sorted([...actionsPerDevice().keys()]), janeDevices());
    assert.deepEqual([...actionsPerDevice().values()], [1, 1, 1], 'one action per device');
    const done = await queue.getJob(job.id);
    assert.equal(done?.state, 'done');
    assert.deepEqual(sorted((done?.result as OffboardResult).sent), janeDevices());
    assert.deepEqual(done?.approval?.decidedBy, { id: 'hr-approver', name: 'Abe Approver' });

    const late = await decide(job.id, 'reject', 'abe', { reason: 'too late' });
    assert.deepEqual([late.status, (await problemOf(late)).code], [409, 'not_awaiting_approval']);
    const records = await store.readAudit();
    assert.deepEqual(
      records.map((record) => [record.event, record.outcome, record.code, record.actor.id]),
      [
        ['job_approval', 'denied', 'approval_required', 'termination-jobs'],
        ['job_approval', 'denied', 'forbidden', 'hr-1'],
        ['job_approval', 'allowed', null, 'hr-approver'],
        ['job_approval', 'replayed', null, 'hr-approver'],
        ['action', 'allowed', null, 'termination-jobs'],
        ['action_result', 'sent', null, 'termination-jobs'],
        ['job_approval', 'denied', 'not_awaiting_approval', 'hr-approver'],
      ],
    );
    assert.equal(records[2]!.reason, 'checked with legal');
    assert.equal((await verifyAuditLog(store)).ok, true);
  });

  test('a rejection ends the job with its reason, and nothing is sent', async () => {
    const { queue, worker, schedule, decide, advance } = setup();
    const { job } = await schedule();
    await worker.runOnce();
    const empty = await decide(job.id, 'reject', 'abe', {});
    assert.deepEqual(
      [empty.status, (await problemOf(empty)).code],
      [400, 'invalid_request'],
      'a reason is required',
    );
    const rejected = await decide(job.id, 'reject', 'abe', { reason: 'Not a leaver: wrong employee' });
    assert.equal(rejected.status, 200);
    const dead = await queue.getJob(job.id);
    assert.equal(dead?.state, 'dead');
    assert.equal(dead?.lastError, 'job_rejected: rejected by hr-approver: Not a leaver: wrong employee');
    advance(60 * MINUTE);
    assert.equal(await worker.drain(), 0);
    assert.deepEqual(sim.simulator.actionsSent(), []);
    const approve = await decide(job.id, 'approve', 'abe');
    assert.deepEqual([approve.status, (await problemOf(approve)).code], [409, 'not_awaiting_approval']);
  });

  test('a job naming a group waits for approval even under the device bound', async () => {
    const { queue, worker, schedule, decide } = setup();
    const sam = 'sam.shift@acme.example';
    assert.ok(deviceIdsOf(sim.simulator, sam).length <= 2, 'under the bound of two');
    const { job } = await schedule({
      employee: { email: sam },
      terminationId: 'term-sam',
      group: { kind: 'user', name: 'North warehouse closure' },
    });
    await worker.runOnce();
    const held = await queue.getJob(job.id);
    assert.equal(held?.state, 'awaiting_approval');
    assert.deepEqual(held?.approval?.reasons, ['names_group']);
    assert.deepEqual(held?.approval?.group, { kind: 'user', name: 'North warehouse closure' });
    assert.deepEqual(sim.simulator.actionsSent(), []);
    assert.equal((await decide(job.id, 'approve', 'abe')).status, 200);
    await worker.drain();
    assert.equal((await queue.getJob(job.id))?.state, 'done');
    assert.equal(sim.simulator.actionsSent().length, 1);
  });

  test('a job under the bound, naming no group, runs without approval', async () => {
    const { queue, worker, schedule } = setup();
    // Sam has fewer devices than the bound of two.
    const sam = 'sam.shift@acme.example';
    assert.ok(deviceIdsOf(sim.simulator, sam).length <= 2);
    const { job } = await schedule({ employee: { email: sam }, terminationId: 'term-sam' });
    await worker.drain();
    assert.equal((await queue.getJob(job.id))?.state, 'done');
    assert.equal((await queue.getJob(job.id))?.approval, undefined);
  });

  test('the routes refuse without an actor, across tenants, outside the scope, without the permission or the CSRF proof, and change nothing', async () => {
    const { queue, worker, schedule, handler, decide, list } = setup();
    const { job } = await schedule();
    await worker.runOnce();
    const path = `/jobs/${job.id}/approve`;
    const refusals: [string, Response, number, string][] = [
      ['no actor', await decide(job.id, 'approve', null), 401, 'unauthenticated'],
      ['another tenant', await decide(job.id, 'approve', 'globex'), 404, 'not_found'],
      [
        "an employee outside the approver's scope",
        await decide(job.id, 'approve', 'scoped'),
        404,
        'not_found',
      ],
      [
        'a rejection outside the scope',
        await decide(job.id, 'reject', 'scoped', { reason: 'Not mine' }),
        404,
        'not_found',
      ],
      ['no permission', await decide(job.id, 'approve', 'plain'), 403, 'forbidden'],
      ['an audit reader', await decide(job.id, 'approve', 'auditor'), 403, 'forbidden'],
      [
        'no CSRF header',
        await handler(browserRequest(path, {}, { actor: 'abe' as never, csrfHeader: null })),
        403,
        'csrf_header_missing',
      ],
      [
        'a foreign origin',
        await handler(browserRequest(path, {}, { actor: 'abe' as never, origin: 'https://evil.example' })),
        403,
        'origin_not_allowed',
      ],
      [
        'a cross-site request',
        await handler(
          browserRequest(path, {}, { actor: 'abe' as never, origin: null, secFetchSite: 'cross-site' }),
        ),
        403,
        'origin_not_allowed',
      ],
      [
        'a GET',
        await handler(browserRequest(path, undefined, { actor: 'abe' as never, method: 'GET' })),
        405,
        'method_not_allowed',
      ],
      ['no such job', await decide('job_nope', 'approve', 'abe'), 404, 'not_found'],
      ['listing without permission', await list('plain'), 403, 'forbidden'],
      ['listing a bad state', await list('abe', '?state=sleeping'), 400, 'invalid_request'],
    ];
    for (const [what, response, status, code] of refusals) {
      assert.deepEqual([what, response.status, (await problemOf(response)).code], [what, status, code]);
    }
    const globex = (await (await list('globex')).json()) as { jobs: unknown[] };
    assert.deepEqual(globex.jobs, [], "another tenant's jobs are not listed");
    const scoped = (await (await list('scoped')).json()) as { jobs: unknown[] };
    assert.deepEqual(scoped.jobs, [], "the jobs of employees outside the approver's scope are not listed");
    const abe = (await (await list('abe')).json()) as { jobs: { id: string }[] };
    assert.deepEqual(
      abe.jobs.map((listed) => listed.id),
      [job.id],
      'an approver without a scope sees it',
    );
    const still = await queue.getJob(job.id);
    assert.equal(still?.state, 'awaiting_approval');
    assert.equal(still?.approval?.decision, null);
    assert.equal(await worker.drain(), 0);
    assert.deepEqual(sim.simulator.actionsSent(), []);
  });

  test('a handler without a job queue answers 404 on the jobs routes', async () => {
    const handler = makeHandler(sim, { authorize });
    const response = await handler(
      browserRequest('/jobs', undefined, { actor: 'abe' as never, method: 'GET' }),
    );
    assert.deepEqual([response.status, (await problemOf(response)).code], [404, 'not_found']);
  });

  test('a session token never lists nor decides jobs', async () => {
    const { schedule, worker, handler, queue } = setup();
    const { job } = await schedule();
    await worker.runOnce();
    const token = await tokenFor(STAFF.abe, JANE, ['lock'], 300, () => T0);
    for (const request of [
      browserRequest('/jobs', undefined, { token, method: 'GET' }),
      browserRequest(`/jobs/${job.id}/approve`, {}, { token }),
    ]) {
      const response = await handler(request);
      assert.deepEqual([response.status, (await problemOf(response)).code], [403, 'forbidden']);
    }
    assert.equal((await queue.getJob(job.id))?.state, 'awaiting_approval');
  });
});

/** A job held in the store's own queue, approved through a handler given only the store. */
async function approveThroughStore(store: OffboardStore, queue: JobQueue): Promise<void> {
  const { job } = await scheduleOffboarding({
    queue,
    tenant: 'acme',
    employee: { email: JANE },
    action: 'lock',
    at: T0,
    requestedBy: STAFF.hanna.id,
    now: () => T0,
  });
  await queue.claimJobs({ workerId: 'w1', now: T0, limit: 1, leaseMs: MINUTE });
  const approval = {
    reasons: ['too_many_devices' as const],
    action: 'lock',
    deviceIds: [1, 2, 3],
    group: null,
    requestedBy: 'hr-1',
  };
  assert.equal(await queue.holdJob({ id: job.id, workerId: 'w1', now: T0, approval }), true);
  const handler = makeHandler(sim, { store, authorize, now: () => T0 + MINUTE });
  const listed = await handler(
    browserRequest('/jobs?state=awaiting_approval', undefined, { actor: 'abe' as never, method: 'GET' }),
  );
  assert.deepEqual(
    ((await listed.json()) as { jobs: { id: string }[] }).jobs.map((view) => view.id),
    [job.id],
  );
  const approved = await handler(browserRequest(`/jobs/${job.id}/approve`, {}, { actor: 'abe' as never }));
  assert.equal(approved.status, 200);
  assert.equal((await queue.getJob(job.id))?.approval?.decision, 'approved');
}

describe("the jobs routes on the store's own queue", () => {
  test('the SQLite store: its jobQueue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hexnode-offboard-approval-'));
    const store = createSqliteStore({ path: join(dir, 'offboard.db') });
    try {
      await approveThroughStore(store, store.jobQueue);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  postgresTest('the PostgreSQL store: the store itself', async () => {
    const { store, cleanup } = openPostgresStore();
    try {
      await approveThroughStore(store, store);
    } finally {
      await cleanup();
    }
  });
});
