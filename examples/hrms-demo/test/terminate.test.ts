/**
 * Zero-touch in the demo: the profile's Terminate button signs an `employee.terminated` event and posts it to the
 * demo's own termination webhook; the kit stores one job, the demo's worker runs it (one Hexnode action per
 * device), and the pages list the jobs with their state. Only the HR admin may terminate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { signWebhook, type Job } from '@hexnode-offboard/proxy';
import { startTestDemo, type TestDemo } from './harness.js';
import { formFields, terminate } from './terminate-support.js';

let t: TestDemo;

before(async () => {
  // One involuntary wipe and the lookups before it: Hexnode's minute lasts one second so the test need not
  // wait for the budget, and the worker looks for due jobs every 100 ms.
  t = await startTestDemo({ checkinMs: 100, windowMs: 1000, workerPollMs: 100 });
});

after(async () => {
  await t?.close();
});

async function jobsFor(email: string): Promise<Job[]> {
  const jobs = await t.demo.server.queue.listJobs({ limit: 1000 });
  return jobs.filter((job) => (job.payload as { employee?: { email?: string } }).employee?.email === email);
}

async function waitForState(id: string, states: string[], timeoutMs = 20_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await t.demo.server.queue.getJob(id);
    if (job && states.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state}, not ${states.join(' or ')}`);
    await delay(100);
  }
}

describe('the Terminate button', () => {
  test('sends a signed event the kit accepts: one job, the same form twice is still one, audited as the HR admin', async () => {
    const cookie = await t.signIn('harriet');
    const profile = await (
      await fetch(new URL('/employees/E1003', t.origin), { headers: { cookie } })
    ).text();
    const fields = formFields(profile);
    assert.ok(fields.formId && fields.csrf, 'the HR admin sees the Terminate form');
    const form = { ...fields, type: 'voluntary', effectiveDate: '2099-06-30', effectiveTime: '16:00' };

    const first = await terminate(t, 'E1003', cookie, form);
    assert.equal(first.status, 303);
    const location = new URL(first.headers.get('location') ?? '', t.origin);
    assert.equal(location.pathname, '/employees/E1003');
    assert.equal(location.searchParams.get('termination'), 'scheduled');
    const jobId = location.searchParams.get('job') ?? '';

    const jobs = await jobsFor('priya.nair@acme.example');
    assert.deepEqual(
      jobs.map((job) => job.id),
      [jobId],
    );
    const job = jobs[0]!;
    assert.equal(job.state, 'scheduled');
    // 16:00 in London on 30 June 2099 is summer time: 15:00 UTC.
    assert.equal(new Date(job.runAt).toISOString(), '2099-06-30T15:00:00.000Z');
    const payload = job.payload as { action: string; terminationType: string; source: string };
    assert.deepEqual(
      [payload.action, payload.terminationType, payload.source],
      ['lock', 'voluntary', 'webhook'],
    );

    const page = await (await fetch(location, { headers: { cookie } })).text();
    assert.match(page, new RegExp(`stored as job ${jobId}, scheduled for 30 Jun 2099, 15:00 UTC`));

    const again = await terminate(t, 'E1003', cookie, form);
    assert.equal(
      new URL(again.headers.get('location') ?? '', t.origin).searchParams.get('termination'),
      'duplicate',
    );
    assert.equal((await jobsFor('priya.nair@acme.example')).length, 1, 'one termination, one job');

    const records = await t.demo.server.store.readAudit({ employeeEmail: 'priya.nair@acme.example' });
    const asked = records.filter((record) => record.actor.id === 'harriet');
    assert.equal(asked.length, 2, 'each Terminate is audited as the person who pressed it');
    assert.match(asked[0]?.reason ?? '', /Terminated \(voluntary\), effective 2099-06-30 16:00/);
    // The Audit page reads the handler's export, which verifies the chain: the records are in it.
    const audit = await fetch(new URL('/audit', t.origin), { headers: { cookie } });
    assert.equal(audit.status, 200);
    assert.match(await audit.text(), /Terminated \(voluntary\), effective 2099-06-30 16:00/);
  });

  test('the endpoint refuses an event signed with another secret and stores nothing', async () => {
    const before = (await t.demo.server.queue.listJobs({ limit: 1000 })).length;
    const body = JSON.stringify({
      type: 'employee.terminated',
      data: {
        employee: { email: 'tom.baker@acme.example' },
        terminationType: 'involuntary',
        effectiveDate: '2026-01-01',
      },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const forged = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    const response = await fetch(new URL('/hooks/terminations', t.origin), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(forged, 'msg_forged', timestamp, body),
      },
      body,
    });
    assert.equal(response.status, 401);
    assert.equal((await t.demo.server.queue.listJobs({ limit: 1000 })).length, before);
  });

  test('an involuntary termination of a 3-device leaver waits for a second HR admin, then wipes each device once', async () => {
    const cookie = await t.signIn('harriet');
    const profile = await (
      await fetch(new URL('/employees/E1001', t.origin), { headers: { cookie } })
    ).text();
    const form = {
      ...formFields(profile),
      type: 'involuntary',
      effectiveDate: '2099-12-31',
      effectiveTime: '17:00',
    };
    const response = await terminate(t, 'E1001', cookie, form);
    const jobId = new URL(response.headers.get('location') ?? '', t.origin).searchParams.get('job') ?? '';
    // Over the demo's bound of two devices: held, nothing sent.
    const held = await waitForState(jobId, ['awaiting_approval', 'done', 'dead']);
    assert.equal(held.state, 'awaiting_approval', held.lastError ?? '');
    assert.equal(held.approval?.requestedBy, 'harriet');
    assert.deepEqual(
      [...held.approval!.deviceIds].sort((a, b) => a - b),
      [101, 102, 103],
    );
    const wipesOf = () => t.simulator.actionsSent().filter((entry) => entry.path === '/actions/wipe_device/');
    assert.deepEqual(wipesOf(), []);

    // Harriet asked for it: the page offers her no decision, and the kit refuses hers.
    const page = (who: string) =>
      fetch(new URL('/offboarding', t.origin), { headers: { cookie: who } }).then((r) => r.text());
    const harrietsPage = await page(cookie);
    assert.match(harrietsPage, /You asked for it: another HR admin must approve it/);
    assert.doesNotMatch(harrietsPage, new RegExp(`class="job-decision" data-job-id="${jobId}"`));
    const decide = (who: string, decision: 'approve' | 'reject', body: object = {}) =>
      fetch(new URL(`/api/hexnode-offboard/jobs/${jobId}/${decision}`, t.origin), {
        method: 'POST',
        headers: {
          cookie: who,
          origin: t.origin,
          'content-type': 'application/json',
          'x-hexnode-offboard': '1',
        },
        body: JSON.stringify(body),
      });
    assert.equal((await decide(cookie, 'approve')).status, 403);
    assert.equal((await t.demo.server.queue.getJob(jobId))?.state, 'awaiting_approval');

    // Ingrid, the other HR admin, sees Approve and Reject and approves: the worker runs it once.
    const ingrid = await t.signIn('ingrid');
    assert.match(await page(ingrid), new RegExp(`class="job-decision" data-job-id="${jobId}"`));
    const approved = await decide(ingrid, 'approve');
    assert.equal(approved.status, 200, await approved.clone().text());
    const job = await waitForState(jobId, ['done', 'dead']);
    assert.equal(job.state, 'done', job.lastError ?? '');
    const devices = wipesOf().flatMap((entry) => {
      const target = (Array.isArray(entry.body) ? entry.body[0] : entry.body) as { devices?: number[] };
      return target.devices ?? [];
    });
    assert.deepEqual(
      devices.sort((a, b) => a - b),
      [101, 102, 103],
      "each of Jane's devices wiped once",
    );
    assert.deepEqual((job.result as { sent: number[] }).sent.sort(), [101, 102, 103]);
    assert.match(await page(cookie), new RegExp(`data-job-id="${jobId}" data-state="done"`));
  });

  test('an involuntary termination of someone Hexnode does not know is a dead letter and an alert; nothing is sent', async () => {
    const cookie = await t.signIn('harriet');
    const actionsBefore = t.simulator.actionsSent().length;
    const profile = await (
      await fetch(new URL('/employees/E1003', t.origin), { headers: { cookie } })
    ).text();
    const form = {
      ...formFields(profile),
      type: 'involuntary',
      effectiveDate: '2099-01-01',
      effectiveTime: '09:00',
    };
    const response = await terminate(t, 'E1003', cookie, form);
    const jobId = new URL(response.headers.get('location') ?? '', t.origin).searchParams.get('job') ?? '';
    const job = await waitForState(jobId, ['done', 'dead']);
    assert.equal(job.state, 'dead');
    assert.match(job.lastError ?? '', /^employee_not_found/);
    assert.equal(t.simulator.actionsSent().length, actionsBefore, 'no action reached Hexnode');
    assert.ok(
      t.alerts.some((line) => line.includes(`employee_not_found for priya.nair@acme.example (job ${jobId})`)),
    );
  });

  test('an HR viewer sees no form and cannot terminate; a post without the CSRF token is refused', async () => {
    const viewer = await t.signIn('victor');
    const profile = await (
      await fetch(new URL('/employees/E1004', t.origin), { headers: { cookie: viewer } })
    ).text();
    assert.equal(formFields(profile).formId, undefined, 'no Terminate form for the viewer');
    assert.match(profile, /Only an HR admin may terminate/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(profile)?.[1] ?? ''; // the sign-out form's token
    const form = {
      csrf,
      formId: 'abcdefghijkl',
      type: 'involuntary',
      effectiveDate: '2099-01-01',
      effectiveTime: '09:00',
    };
    const refused = await terminate(t, 'E1004', viewer, form);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /Only an HR admin may terminate/);

    const admin = await t.signIn('harriet');
    const adminPage = await (
      await fetch(new URL('/employees/E1004', t.origin), { headers: { cookie: admin } })
    ).text();
    const adminForm = { ...form, ...formFields(adminPage) };
    const noCsrf = await terminate(t, 'E1004', admin, { ...adminForm, csrf: 'not-the-token' });
    assert.equal(noCsrf.status, 403);
    const crossSite = await terminate(t, 'E1004', admin, adminForm, 'https://evil.example');
    assert.equal(crossSite.status, 403);
    assert.deepEqual(await jobsFor('noah.brooks@acme.example'), [], 'nothing stored');
  });
});
