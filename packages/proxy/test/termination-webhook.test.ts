/**
 * The termination webhook: Standard Webhooks signatures over the raw bytes, the 5-minute window, rotation,
 * deduplication by webhook id, the job stored before the 2xx, and the tenant's policy deciding what and when.
 *
 * Over 300 lines: every refusal of a signature is a case of its own, on one shared signer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import {
  createMemoryJobQueue,
  createTerminationWebhookHandler,
  signWebhook,
  type JobQueue,
  type TerminationPolicy,
  type TerminationWebhookOptions,
} from '@hexnode-offboard/proxy';
import { Webhook } from 'standardwebhooks';
import { openPostgresStore, postgresTest } from './support/postgres.js';
import { NOW, OLD_SECRET, SECRET, WEBHOOK_URL, signedRequest, terminationEvent } from './support/webhooks.js';

const POLICY: TerminationPolicy = {
  actions: {
    involuntary: { action: 'wipe', options: { mode: 'corporate' } },
    voluntary: { action: 'lock', options: { message: 'This device was returned.' } },
    internal_transfer: 'none',
  },
  timeZone: 'America/New_York',
};

function setup(options: Partial<TerminationWebhookOptions> = {}, queue: JobQueue = createMemoryJobQueue()) {
  const handler = createTerminationWebhookHandler({
    queue,
    endpoint: { tenant: 'acme', secrets: [SECRET], policy: POLICY },
    now: () => NOW,
    logger: { error: () => undefined },
    ...options,
  });
  return { queue, handler };
}

const body = (data: Record<string, unknown> = {}, type?: string) =>
  JSON.stringify(terminationEvent(data, type));

async function problem(response: Response) {
  return [response.status, ((await response.json()) as { code: string }).code];
}

describe('termination webhook: signatures', () => {
  test('a validly signed termination is stored as one job before the 2xx answers', async () => {
    const inner = createMemoryJobQueue();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let storedAt = 0;
    let step = 0;
    const gated: JobQueue = Object.assign(Object.create(inner) as JobQueue, {
      enqueueJob: async (...args: Parameters<JobQueue['enqueueJob']>) => {
        await gate;
        const result = await inner.enqueueJob(...args);
        storedAt = ++step;
        return result;
      },
    });
    const { handler } = setup({}, gated);
    let answeredAt = 0;
    const answer = handler(signedRequest(body())).then((response) => {
      answeredAt = ++step;
      return response;
    });
    await delay(30);
    assert.equal(answeredAt, 0, 'no answer while the job is not stored');
    release();
    const response = await answer;
    assert.equal(response.status, 202);
    assert.ok(storedAt > 0 && storedAt < answeredAt, 'stored, then answered');
    const accepted = (await response.json()) as { status: string; jobId: string; runAt: string };
    const [job] = await inner.listJobs();
    assert.deepEqual([accepted.status, accepted.jobId], ['scheduled', job?.id]);
    assert.deepEqual(job?.payload, {
      terminationId: 'term-1001',
      employee: { email: 'jane.leaver@acme.example', name: 'Jane Leaver' },
      action: 'lock',
      options: { message: 'This device was returned.' },
      reason: 'Termination (voluntary) effective 2026-11-27',
      source: 'webhook',
      webhookId: job?.payload && (job.payload as { webhookId: string }).webhookId,
      terminationType: 'voluntary',
    });
    assert.equal(job?.tenant, 'acme');
  });

  const refusals: [string, () => Request][] = [
    [
      'one flipped byte in the body',
      () => {
        const bytes = new TextEncoder().encode(body());
        const signature = signWebhook(SECRET, 'msg_1', Math.floor(NOW / 1000), bytes);
        const flipped = bytes.slice();
        flipped[40] = flipped[40]! ^ 0x01;
        return signedRequest(flipped, { id: 'msg_1', signature });
      },
    ],
    [
      'the same JSON re-serialised (other whitespace)',
      () => {
        const text = body();
        const signature = signWebhook(SECRET, 'msg_2', Math.floor(NOW / 1000), text);
        return signedRequest(JSON.stringify(JSON.parse(text), null, 2), { id: 'msg_2', signature });
      },
    ],
    ['no webhook-signature header', () => signedRequest(body(), { omit: ['webhook-signature'] })],
    ['no webhook-id header', () => signedRequest(body(), { omit: ['webhook-id'] })],
    ['no webhook-timestamp header', () => signedRequest(body(), { omit: ['webhook-timestamp'] })],
    ['a timestamp six minutes old', () => signedRequest(body(), { timestamp: Math.floor(NOW / 1000) - 360 })],
    [
      'a timestamp six minutes ahead',
      () => signedRequest(body(), { timestamp: Math.floor(NOW / 1000) + 360 }),
    ],
    ['a signature under another secret', () => signedRequest(body(), { secret: OLD_SECRET })],
    ['a malformed timestamp', () => signedRequest(body(), { timestamp: Number.NaN })],
    ['a signature of another scheme', () => signedRequest(body(), { signature: 'v1a,AAAA' })],
  ];
  for (const [name, request] of refusals) {
    test(`${name} is refused 401 and nothing is stored`, async () => {
      const { queue, handler } = setup();
      assert.deepEqual(await problem(await handler(request())), [401, 'unauthenticated']);
      assert.deepEqual(await queue.listJobs(), []);
    });
  }

  test('a timestamp four minutes off either way is accepted', async () => {
    const { queue, handler } = setup();
    const seconds = Math.floor(NOW / 1000);
    assert.equal((await handler(signedRequest(body(), { timestamp: seconds - 240 }))).status, 202);
    assert.equal((await handler(signedRequest(body(), { timestamp: seconds + 240 }))).status, 202);
    assert.equal((await queue.listJobs()).length, 2);
  });

  test('during a rotation both secrets verify, and a header with several signatures passes on the valid one', async () => {
    const { queue, handler } = setup({
      endpoint: { tenant: 'acme', secrets: [SECRET, OLD_SECRET], policy: POLICY },
    });
    assert.equal(
      (await handler(signedRequest(body(), { secret: OLD_SECRET }))).status,
      202,
      'the old secret',
    );
    assert.equal((await handler(signedRequest(body(), { secret: SECRET }))).status, 202, 'the new secret');
    const text = body();
    const valid = signWebhook(OLD_SECRET, 'msg_multi', Math.floor(NOW / 1000), text);
    const forged = signWebhook(
      `whsec_${Buffer.alloc(32, 9).toString('base64')}`,
      'msg_multi',
      Math.floor(NOW / 1000),
      text,
    );
    const response = await handler(
      signedRequest(text, { id: 'msg_multi', signature: `v1a,xyz ${forged} ${valid}` }),
    );
    assert.equal(response.status, 202);
    assert.equal((await queue.listJobs()).length, 3);
  });

  test('a signature made by the reference standardwebhooks library verifies', async () => {
    const { queue, handler } = setup();
    const text = body();
    const signature = new Webhook(SECRET).sign('msg_reference', new Date(NOW), text);
    const response = await handler(signedRequest(text, { id: 'msg_reference', signature }));
    assert.equal(response.status, 202);
    assert.equal((await queue.listJobs()).length, 1);
  });

  test('the same webhook id delivered three times is one job', async () => {
    const { queue, handler } = setup();
    const text = body();
    const answers = [];
    for (let delivery = 0; delivery < 3; delivery++) {
      const response = await handler(signedRequest(text, { id: 'msg_retried' }));
      answers.push([response.status, ((await response.json()) as { status: string; jobId: string }).status]);
    }
    assert.deepEqual(answers, [
      [202, 'scheduled'],
      [200, 'duplicate'],
      [200, 'duplicate'],
    ]);
    assert.equal((await queue.listJobs()).length, 1);
  });
});

describe('termination webhook: events and policy', () => {
  const jobOf = async (queue: JobQueue) => {
    const jobs = await queue.listJobs();
    assert.equal(jobs.length, 1);
    return jobs[0]!;
  };

  test('an involuntary termination is acted on at once, whatever its effective date', async () => {
    const { queue, handler } = setup();
    const response = await handler(
      signedRequest(body({ terminationType: 'involuntary', effectiveDate: '2026-12-31' })),
    );
    assert.equal(response.status, 202);
    const job = await jobOf(queue);
    assert.equal(job.runAt, NOW);
    assert.deepEqual(
      [(job.payload as { action: string }).action, (job.payload as { options: unknown }).options],
      ['wipe', { mode: 'corporate' }],
    );
  });

  const requesterOf = (job: { payload: unknown }) => (job.payload as { requestedBy?: string }).requestedBy;

  test("the HRMS user who entered the termination is the job's requester; without one it is the webhook", async () => {
    const named = setup();
    const response = await named.handler(signedRequest(body({ requestedBy: 'harriet' })));
    assert.equal(response.status, 202);
    assert.equal(requesterOf(await jobOf(named.queue)), 'harriet');
    const unnamed = setup();
    assert.equal((await unnamed.handler(signedRequest(body()))).status, 202);
    assert.equal(requesterOf(await jobOf(unnamed.queue)), undefined);
    const blank = setup();
    assert.equal((await blank.handler(signedRequest(body({ requestedBy: '  ' })))).status, 400);
    assert.deepEqual(await blank.queue.listJobs(), []);
  });

  test("another termination runs at the effective date and time in the employee's time zone", async () => {
    const { queue, handler } = setup();
    await handler(signedRequest(body({ effectiveTime: '16:00' })));
    assert.equal(
      (await jobOf(queue)).runAt,
      Date.UTC(2026, 10, 27, 15, 0),
      '16:00 in Berlin (CET) is 15:00 UTC',
    );
  });

  test("without a time it runs at the policy's default time, in the policy's zone when the employee has none", async () => {
    const { queue, handler } = setup();
    await handler(
      signedRequest(body({ employee: { email: 'jane.leaver@acme.example' }, effectiveDate: '2026-11-27' })),
    );
    assert.equal(
      (await jobOf(queue)).runAt,
      Date.UTC(2026, 10, 27, 22, 0),
      '17:00 in New York (EST) is 22:00 UTC',
    );
  });

  test('an effective date already past runs now', async () => {
    const { queue, handler } = setup();
    await handler(signedRequest(body({ effectiveDate: '2026-11-01' })));
    assert.equal((await jobOf(queue)).runAt, NOW);
  });

  test('an unknown event type is acknowledged and ignored', async () => {
    const { queue, handler } = setup();
    const response = await handler(signedRequest(body({}, 'employee.hired')));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      status: 'ignored',
      reason: 'unknown_event_type',
      type: 'employee.hired',
    });
    assert.deepEqual(await queue.listJobs(), []);
  });

  test("a termination type the policy maps to 'none' is acknowledged and nothing is scheduled", async () => {
    const { queue, handler } = setup();
    const response = await handler(signedRequest(body({ terminationType: 'internal_transfer' })));
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ignored');
    assert.deepEqual(await queue.listJobs(), []);
  });

  test("a type the policy does not name gets the policy's `otherwise` (a lock by default)", async () => {
    const { queue, handler } = setup();
    await handler(signedRequest(body({ terminationType: 'retirement' })));
    assert.equal(((await jobOf(queue)).payload as { action: string }).action, 'lock');
  });

  const invalid: [string, Record<string, unknown>][] = [
    ['no employee email', { employee: { name: 'Jane' } }],
    ['an effective date that is not a date', { effectiveDate: '2026-02-30' }],
    ['an effective date in another format', { effectiveDate: '27/11/2026' }],
    ['an unknown time zone', { employee: { email: 'jane.leaver@acme.example', timeZone: 'Mars/Olympus' } }],
    ['an effective time out of range', { effectiveTime: '25:00' }],
  ];
  for (const [name, data] of invalid) {
    test(`a signed termination with ${name} is refused 400 and nothing is stored`, async () => {
      const { queue, handler } = setup();
      assert.deepEqual(await problem(await handler(signedRequest(body(data)))), [400, 'invalid_request']);
      assert.deepEqual(await queue.listJobs(), []);
    });
  }

  test('a body that is not JSON is refused 400 after the signature checks out', async () => {
    const { handler } = setup();
    assert.deepEqual(await problem(await handler(signedRequest('{"type": '))), [400, 'invalid_request']);
  });

  test('when the job cannot be stored the answer is 503 with Retry-After, so the sender delivers again', async () => {
    const failing: JobQueue = Object.assign(Object.create(createMemoryJobQueue()) as JobQueue, {
      enqueueJob: async () => {
        throw new Error('connection refused');
      },
    });
    const { handler } = setup({}, failing);
    const response = await handler(signedRequest(body()));
    assert.deepEqual(await problem(response.clone()), [503, 'audit_unavailable']);
    assert.equal(response.headers.get('retry-after'), '30');
  });

  test('only POST; a body over the limit is 413; an endpoint function answering null is 404', async () => {
    const { handler } = setup({ maxBodyBytes: 100 });
    assert.deepEqual(await problem(await handler(new Request(WEBHOOK_URL))), [405, 'method_not_allowed']);
    assert.deepEqual(await problem(await handler(signedRequest(body()))), [413, 'payload_too_large']);
    const routed = createTerminationWebhookHandler({
      queue: createMemoryJobQueue(),
      endpoint: (request) =>
        new URL(request.url).pathname.endsWith('/acme')
          ? { tenant: 'acme', secrets: [SECRET], policy: POLICY }
          : null,
      now: () => NOW,
    });
    assert.deepEqual(await problem(await routed(signedRequest(body()))), [404, 'not_found']);
  });

  test('options and policies that cannot work are refused at creation', () => {
    const queue = createMemoryJobQueue();
    const make = (endpoint: Partial<TerminationWebhookOptions['endpoint'] & object>) => () =>
      createTerminationWebhookHandler({
        queue,
        endpoint: { tenant: 'acme', secrets: [SECRET], policy: POLICY, ...endpoint },
      });
    assert.throws(make({ secrets: [] }), TypeError);
    assert.throws(make({ secrets: ['not-a-secret'] }), TypeError);
    assert.throws(make({ secrets: [`whsec_${Buffer.alloc(8).toString('base64')}`] }), /24 to 64/);
    // A wipe without a mode is the documented full wipe since #16; a mode on a lock cannot work.
    assert.doesNotThrow(make({ policy: { actions: { involuntary: { action: 'wipe' } } } }));
    assert.throws(
      make({ policy: { actions: { involuntary: { action: 'lock', options: { mode: 'complete' } } } } }),
      /only a wipe takes a mode/,
    );
    assert.throws(
      make({ policy: { actions: { involuntary: { action: 'explode' as 'lock' } } } }),
      /unknown action/,
    );
    assert.throws(make({ policy: { actions: {}, timeZone: 'Mars/Olympus' } }), /timeZone/);
    assert.throws(make({ policy: { actions: {}, defaultTime: '5pm' } }), /defaultTime/);
    assert.throws(make({ tenant: '' }), TypeError);
  });
});

describe('termination webhook on PostgreSQL', () => {
  postgresTest('a termination delivered three times is one durable job in PostgreSQL', async () => {
    const { store, cleanup } = openPostgresStore();
    try {
      const { handler } = setup({}, store);
      const text = body();
      const statuses = [];
      for (let delivery = 0; delivery < 3; delivery++) {
        statuses.push((await handler(signedRequest(text, { id: 'msg_pg' }))).status);
      }
      assert.deepEqual(statuses, [202, 200, 200]);
      const jobs = await store.listJobs();
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]?.runAt, Date.UTC(2026, 10, 27, 16, 0), '17:00 in Berlin');
    } finally {
      await cleanup();
    }
  });
});
