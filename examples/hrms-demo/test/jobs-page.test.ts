/**
 * The Offboarding page's termination jobs: every state the queue has (scheduled, running, done, dead) is listed
 * with its employee, action, time, attempts and last error; a state the demo does not know yet (a queue that
 * waits for a second approver) is shown by its name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMemoryJobQueue, scheduleOffboarding, type Job } from '@hexnode-offboard/proxy';
import { jobsTable, stateLabel } from '../src/views/jobs.js';
import { countByState } from '../src/views/offboarding.js';
import { startTestDemo, type TestDemo } from './harness.js';

const DAY = 24 * 60 * 60 * 1000;

let t: TestDemo;

before(async () => {
  t = await startTestDemo();
});

after(async () => {
  await t?.close();
});

describe('the jobs list', () => {
  test('lists scheduled, running, done and dead jobs from the queue with their state and last error', async () => {
    const queue = t.demo.server.queue;
    const at = Date.now() + DAY; // due tomorrow: the demo's own worker leaves them alone
    const schedule = (email: string, name: string) =>
      scheduleOffboarding({ queue, employee: { email, name }, action: 'lock', at });
    const scheduled = (await schedule('lucy.kim@acme.example', 'Lucy Kim')).job;
    const running = (await schedule('raj.singh@acme.example', 'Raj Singh')).job;
    const done = (await schedule('ben.ortiz@acme.example', 'Ben Ortiz')).job;
    const dead = (await schedule('eva.mueller@acme.example', 'Eva Müller')).job;
    // A worker of the test's own, with a clock two days ahead, takes the last three through their states.
    const later = Date.now() + 2 * DAY;
    const claimed = await queue.claimJobs({ workerId: 'test-worker', now: later, limit: 10, leaseMs: DAY });
    assert.deepEqual(
      claimed.map((job) => job.id).sort(),
      [scheduled.id, running.id, done.id, dead.id].sort(),
    );
    const lease = (id: string) => ({ id, workerId: 'test-worker', now: later });
    assert.equal(
      await queue.failJob({
        ...lease(scheduled.id),
        error: 'hexnode_unavailable: try later',
        retryAt: at + DAY,
      }),
      true,
    );
    assert.equal(
      await queue.completeJob({
        ...lease(done.id),
        result: { sent: [1, 2], earlier: [], uncertain: [], refused: [] },
      }),
      true,
    );
    assert.equal(
      await queue.failJob({ ...lease(dead.id), error: 'employee_not_found: no such user', retryAt: null }),
      true,
    );

    const cookie = await t.signIn('victor'); // a viewer may look
    const response = await fetch(new URL('/offboarding', t.origin), { headers: { cookie } });
    assert.equal(response.status, 200);
    const page = await response.text();
    const row = (id: string) =>
      new RegExp(`<tr data-job-id="${id}" data-state="([a-z_]+)">([\\s\\S]*?)</tr>`).exec(page);
    assert.equal(row(scheduled.id)?.[1], 'scheduled');
    assert.match(
      row(scheduled.id)?.[2] ?? '',
      /Lucy Kim[\s\S]*lock[\s\S]*1 of 20[\s\S]*hexnode_unavailable: try later/,
    );
    assert.equal(row(running.id)?.[1], 'running');
    assert.match(row(running.id)?.[2] ?? '', /Running[\s\S]*Raj Singh[\s\S]*1 of 20/);
    assert.equal(row(done.id)?.[1], 'done');
    assert.match(row(done.id)?.[2] ?? '', /Ben Ortiz[\s\S]*sent: 2/);
    assert.equal(row(dead.id)?.[1], 'dead');
    assert.match(
      row(dead.id)?.[2] ?? '',
      /Failed \(dead letter\)[\s\S]*Eva Müller[\s\S]*employee_not_found: no such user/,
    );
    for (const count of ['1 Scheduled', '1 Running', '1 Done', '1 Failed (dead letter)'])
      assert.ok(page.includes(count), `the page counts ${count}`);
  });

  test('a state the demo does not know is shown by its name, not hidden', async () => {
    const queue = createMemoryJobQueue();
    const { job } = await scheduleOffboarding({
      queue,
      employee: { email: 'jane.leaver@acme.example', name: 'Jane Leaver' },
      action: 'wipe',
      at: Date.now() + DAY,
    });
    // As a queue with a two-person rule would list it.
    const waiting = { ...job, state: 'awaiting_approval' } as unknown as Job;
    const rendered = jobsTable([waiting, job]).value;
    assert.match(
      rendered,
      /data-state="awaiting_approval">\s*<td><span class="badge badge-job" data-state="awaiting_approval">Awaiting approval</,
    );
    assert.match(rendered, /Jane Leaver/);
    assert.equal(stateLabel('running'), 'Running');
    assert.equal(countByState([waiting, job]), '1 Awaiting approval · 1 Scheduled');
  });
});
