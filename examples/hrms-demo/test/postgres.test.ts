/**
 * `DATABASE_URL`: the demo keeps its audit log, Hexnode budget and job queue in PostgreSQL. A Terminate stores its
 * job there (another store on the same schema sees it), the worker runs it on that queue, and the audit records
 * are there too.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { createPostgresStore } from '@hexnode-offboard/proxy/postgres';
import { startTestDemo } from './harness.js';
import { DATABASE_URL, dropSchema, freshSchema, postgresTest } from './postgres-support.js';
import { formFields, terminate } from './terminate-support.js';

postgresTest('with DATABASE_URL, a termination is a job in PostgreSQL, run by the worker on it', async () => {
  const schema = freshSchema();
  // Hexnode's minute lasts one second: the wipe need not wait for the budget.
  const t = await startTestDemo({
    database: { url: DATABASE_URL!, schema },
    windowMs: 1000,
    workerPollMs: 100,
  });
  const other = createPostgresStore({ connectionString: DATABASE_URL!, schema, max: 2 });
  try {
    assert.match(
      t.demo.server.storeDescription,
      new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:\\d+/\\w+ \\(schema ${schema}\\)`),
    );
    const cookie = await t.signIn('harriet');
    const profile = await (
      await fetch(new URL('/employees/E1009', t.origin), { headers: { cookie } })
    ).text();
    const form = {
      ...formFields(profile),
      type: 'involuntary',
      effectiveDate: '2099-01-01',
      effectiveTime: '09:00',
    };
    const sent = await terminate(t, 'E1009', cookie, form);
    assert.equal(sent.status, 303);
    const jobId = new URL(sent.headers.get('location') ?? '', t.origin).searchParams.get('job') ?? '';

    // Another instance's store on the same schema sees the job, and then sees it done.
    assert.ok(await other.getJob(jobId), 'the job is in PostgreSQL');
    const deadline = Date.now() + 20_000;
    let job = await other.getJob(jobId);
    while (job && job.state !== 'done' && job.state !== 'dead' && Date.now() < deadline) {
      await delay(100);
      job = await other.getJob(jobId);
    }
    assert.equal(job?.state, 'done', job?.lastError ?? '');
    const sentDevices = (job?.result as { sent: number[] }).sent;
    const wiped = t.simulator
      .actionsSent()
      .filter((entry) => entry.path === '/actions/wipe_device/')
      .flatMap(
        (entry) =>
          ((Array.isArray(entry.body) ? entry.body[0] : entry.body) as { devices?: number[] }).devices ?? [],
      );
    assert.ok(sentDevices.length > 0, "Lucy Kim's devices were acted on");
    assert.deepEqual(wiped.sort(), [...sentDevices].sort(), 'one wipe per device, each once');

    const records = await other.readAudit({ employeeEmail: 'lucy.kim@acme.example' });
    assert.ok(
      records.some((record) => record.actor.id === 'harriet'),
      'the Terminate is audited in PostgreSQL',
    );
    assert.ok(
      records.some((record) => record.auth === 'job' && record.event === 'action_result'),
      "the job's result too",
    );
  } finally {
    await other.close();
    await t.close();
    await dropSchema(schema);
  }
});
