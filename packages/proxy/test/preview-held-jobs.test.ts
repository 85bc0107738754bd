/**
 * The preview's held jobs (the two-person rule in the widget's dialog): an actor who may approve jobs sees this
 * employee's jobs waiting for a second person, with `yours` on the ones they asked for; nobody else sees them,
 * nor does a session token; another employee's held job is not listed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HeldJob, PreviewResponse } from '@hexnode-offboard/core/protocol';
import {
  createMemoryJobQueue,
  createMemoryStore,
  scheduleOffboarding,
  type Actor,
} from '@hexnode-offboard/proxy';
import { approvalWorker } from './support/approval-worker.js';
import { JANE, browserRequest, deviceIdsOf, makeHandler, tokenFor, useSimulator } from './support/harness.js';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

const sim = useSimulator();

const STAFF = {
  hanna: { id: 'hr-1', name: 'Hanna HR', tenant: 'acme', actions: ['lock'], canApproveJobs: true },
  carl: { id: 'hr-2', name: 'Carl Checker', tenant: 'acme', actions: ['lock'], canApproveJobs: true },
  plain: { id: 'hr-plain', name: 'Pat Plain', tenant: 'acme', actions: ['lock', 'wipe'] },
  globex: { id: 'gx-1', name: 'Gia Globex', tenant: 'globex', actions: ['lock'], canApproveJobs: true },
} satisfies Record<string, Actor>;

async function authorize(request: Request): Promise<Actor | null> {
  const name = /(?:^|;\s*)session=([a-zA-Z]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return name && name in STAFF ? STAFF[name as keyof typeof STAFF] : null;
}

/** Jane's termination job held by the rule (three devices over a bound of two), asked for by Hanna. */
async function heldJob() {
  const store = createMemoryStore();
  const queue = createMemoryJobQueue();
  const worker = approvalWorker({ url: sim.url, store, queue, now: () => T0 });
  const { job } = await scheduleOffboarding({
    queue,
    tenant: 'acme',
    employee: { email: JANE, name: 'Jane Leaver' },
    action: 'lock',
    at: T0,
    terminationId: 'term-1',
    requestedBy: STAFF.hanna.id,
    now: () => T0,
  });
  assert.equal(await worker.runOnce(), 1);
  assert.equal((await queue.getJob(job.id))?.state, 'awaiting_approval');
  const handler = makeHandler(sim, { store, authorize, jobs: { queue }, now: () => T0 });
  return { job, handler };
}

const previewOf = async (response: Response): Promise<PreviewResponse> => {
  assert.equal(response.status, 200);
  return (await response.json()) as PreviewResponse;
};

describe("the preview's held jobs", () => {
  test('an approver sees the employee’s held job; its requester sees it as theirs; nobody else sees it', async () => {
    const { job, handler } = await heldJob();
    const preview = (actor: keyof typeof STAFF, email = JANE) =>
      handler(browserRequest('/preview', { employee: { email } }, { actor: actor as never }));
    const expected = (yours: boolean): HeldJob[] => [
      {
        id: job.id,
        action: 'lock',
        deviceIds: deviceIdsOf(sim.simulator, JANE),
        requestedBy: 'hr-1',
        heldAt: new Date(T0).toISOString(),
        yours,
      },
    ];
    const sortIds = (jobs: HeldJob[] | undefined) =>
      jobs?.map((held) => ({ ...held, deviceIds: [...held.deviceIds].sort((a, b) => a - b) }));
    const approver = await previewOf(await preview('carl', JANE.toUpperCase()));
    assert.deepEqual(sortIds(approver.heldJobs), sortIds(expected(false)), 'the email is matched normalised');
    const requester = await previewOf(await preview('hanna'));
    assert.deepEqual(sortIds(requester.heldJobs), sortIds(expected(true)));
    const plain = await previewOf(await preview('plain'));
    assert.equal(plain.heldJobs, undefined, 'an actor who may not approve jobs is not shown them');
    const other = await previewOf(await preview('globex'));
    assert.deepEqual(other.heldJobs, [], "another tenant's job is not listed");
    const sam = await previewOf(await preview('carl', 'sam.shift@acme.example'));
    assert.deepEqual(sam.heldJobs, [], "another employee's job is not listed");

    const token = await tokenFor(STAFF.carl, JANE, ['lock'], 300, () => T0);
    const tokenPreview = await previewOf(
      await handler(browserRequest('/preview', { employee: { email: JANE } }, { token })),
    );
    assert.equal(tokenPreview.heldJobs, undefined, 'a session token never lists jobs');
  });

  test('a job queue that fails leaves the held jobs out; the preview is still answered, and recorded', async () => {
    const store = createMemoryStore();
    const queue = createMemoryJobQueue();
    queue.listJobs = () => Promise.reject(new Error('the queue is down'));
    const errors: string[] = [];
    const handler = makeHandler(sim, {
      store,
      authorize,
      jobs: { queue },
      now: () => T0,
      logger: { error: (message) => void errors.push(message) },
    });
    const answer = await previewOf(
      await handler(browserRequest('/preview', { employee: { email: JANE } }, { actor: 'carl' as never })),
    );
    assert.equal(answer.status, 'ready');
    assert.equal(answer.heldJobs, undefined);
    assert.deepEqual(errors, ['held jobs could not be read']);
    const records = (await store.readAudit()).filter((record) => record.event === 'preview');
    assert.deepEqual(
      records.map((record) => record.outcome),
      ['allowed'],
    );
  });

  test('a handler without a job queue shows no held jobs', async () => {
    const handler = makeHandler(sim, { authorize, now: () => T0 });
    const answer = await previewOf(
      await handler(browserRequest('/preview', { employee: { email: JANE } }, { actor: 'carl' as never })),
    );
    assert.equal(answer.heldJobs, undefined);
  });
});
