// The two-person rule in the dialog, against the real handler (cookie mode, with a job queue) and the simulated
// portal: a termination job held for a second person is listed in Jane's dialog; a second person approves it
// there and it is scheduled; Reject needs a reason, refused in the dialog before any request; the job's own
// requester is told another person must approve it.
import { expect, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import { http } from 'msw';
import {
  createMemoryJobQueue,
  scheduleOffboarding,
  type Actor,
  type JobQueue,
} from '@hexnode-offboard/proxy';
import { $, $$, ENDPOINT, JANE, mount, open, startBackend, text, type Backend } from './harness.js';

const MINUTE = 60_000;

interface Decision {
  path: string;
  csrf: string | null;
  credentials: RequestCredentials;
  body: unknown;
}

/** A backend whose handler has a job queue holding one of Jane's termination jobs, asked for by Harriet. */
async function heldJob(actor: Partial<Actor>): Promise<{ backend: Backend; queue: JobQueue; id: string }> {
  const queue = createMemoryJobQueue();
  const backend = await startBackend({ cookies: true, actor, handler: { jobs: { queue } } });
  const jane = backend.sim.users.find((u) => u.email === JANE)!;
  const deviceIds = backend.sim.devices.filter((d) => d.userId === jane.id).map((d) => d.id);
  const now = backend.now();
  const { job } = await scheduleOffboarding({
    queue,
    tenant: null,
    employee: { email: JANE, name: 'Jane Leaver' },
    action: 'wipe',
    at: now,
    terminationId: 'term-jane',
    requestedBy: 'harriet',
    now: () => now,
  });
  // What the job worker does when the rule holds a job: claims it, then holds it with what it would do.
  await queue.claimJobs({ workerId: 'w1', now, limit: 1, leaseMs: MINUTE });
  const approval = {
    reasons: ['too_many_devices' as const],
    action: 'wipe',
    deviceIds,
    group: null,
    requestedBy: 'harriet',
  };
  expect(await queue.holdJob({ id: job.id, workerId: 'w1', now, approval })).to.equal(true);
  return { backend, queue, id: job.id };
}

/**
 * The widget's requests, passed on to the handler; the decisions are recorded. msw rebuilds each request in the
 * page, where a Request cannot carry the Origin header the browser sends (a forbidden header), and cookie mode's
 * CSRF check needs it on a mutating request (the preview, a decision): it is put back here, as the page's own
 * origin, and nothing else is changed. `forgedDecisions`: not on the decisions, which the check then refuses.
 */
function passRequests(backend: Backend, forgedDecisions = false): Decision[] {
  const decisions: Decision[] = [];
  backend.use(
    http.post(`${ENDPOINT}/*`, async ({ request }) => {
      const path = new URL(request.url).pathname.slice(ENDPOINT.length);
      const decision = path.startsWith('/jobs/');
      if (decision) {
        const body = await request
          .clone()
          .json()
          .catch(() => undefined);
        const csrf = request.headers.get('x-hexnode-offboard');
        decisions.push({ path, csrf, credentials: request.credentials, body });
      }
      if (!decision || !forgedDecisions) {
        const headers = new Headers(request.headers);
        headers.set('origin', location.origin);
        Object.defineProperty(request, 'headers', { value: headers });
      }
      return backend.handle(request);
    }),
  );
  return decisions;
}

const button = () =>
  mount(
    html`<hexnode-offboard-button endpoint=${ENDPOINT} employee-email=${JANE}></hexnode-offboard-button>`,
  );

describe('the two-person rule in the dialog', () => {
  it('a second person approves the held job from the dialog; the job is scheduled and leaves the list', async () => {
    const { backend, queue, id } = await heldJob({ id: 'hr-2', canApproveJobs: true });
    const decisions = passRequests(backend);
    const el = await button();
    await open(el);
    expect(el.state).to.equal('ready');
    const held = $(el, '[part=held-jobs]');
    expect(text(held)).to.contain(
      'A termination job waits for a second person: wipe on 3 devices, asked by harriet.',
    );
    $<HTMLButtonElement>(el, '.approve-job')!.click();
    await waitUntil(
      () => decisions.length === 1 && el.state === 'ready' && !$(el, '[part=held-jobs]'),
      'the dialog did not refresh',
      { timeout: 8000 },
    );
    expect(decisions).to.deep.equal([
      { path: `/jobs/${id}/approve`, csrf: '1', credentials: 'same-origin', body: {} },
    ]);
    const job = await queue.getJob(id);
    expect([job?.state, job?.approval?.decision, job?.approval?.decidedBy?.id]).to.deep.equal([
      'scheduled',
      'approved',
      'hr-2',
    ]);
    expect(backend.sim.actionsSent()).to.have.length(0, 'the job runs later, through the worker');
  });

  it("what the second person types beside Approve is sent as the approval's note and kept with the job", async () => {
    const { backend, queue, id } = await heldJob({ id: 'hr-2', canApproveJobs: true });
    const decisions = passRequests(backend);
    const el = await button();
    await open(el);
    $<HTMLInputElement>(el, '[part=held-jobs] input')!.value = '  Checked with her manager ';
    $<HTMLButtonElement>(el, '.approve-job')!.click();
    await waitUntil(() => decisions.length === 1 && el.state === 'ready', 'no decision', { timeout: 8000 });
    expect(decisions[0]?.body).to.deep.equal({ note: 'Checked with her manager' });
    const job = await queue.getJob(id);
    expect([job?.state, job?.approval?.note]).to.deep.equal(['scheduled', 'Checked with her manager']);
  });

  it('Reject without a reason is refused in the dialog; with one, the job ends', async () => {
    const { backend, queue, id } = await heldJob({ id: 'hr-2', canApproveJobs: true });
    const decisions = passRequests(backend);
    const el = await button();
    await open(el);
    $<HTMLButtonElement>(el, '.reject-job')!.click();
    await el.updateComplete;
    expect(text($(el, '[part=held-jobs] [role=alert]'))).to.equal('Give a reason.');
    expect(decisions).to.have.length(0, 'nothing was posted');
    expect((await queue.getJob(id))?.state).to.equal('awaiting_approval');

    $<HTMLInputElement>(el, '[part=held-jobs] input')!.value = 'Not a leaver: wrong employee';
    $<HTMLButtonElement>(el, '.reject-job')!.click();
    await waitUntil(
      () => decisions.length === 1 && el.state === 'ready' && !$(el, '[part=held-jobs]'),
      'the dialog did not refresh',
      { timeout: 8000 },
    );
    expect(decisions[0]!.body).to.deep.equal({ reason: 'Not a leaver: wrong employee' });
    const job = await queue.getJob(id);
    expect([job?.state, job?.approval?.note]).to.deep.equal(['dead', 'Not a leaver: wrong employee']);
  });

  it('the requester sees the job as theirs, with no Approve: another person must approve it', async () => {
    const { backend, queue, id } = await heldJob({ id: 'harriet', canApproveJobs: true });
    const decisions = passRequests(backend);
    const el = await button();
    await open(el);
    expect(text($(el, '[part=held-jobs]'))).to.contain('Another person must approve it.');
    expect($$(el, '.approve-job, .reject-job')).to.have.length(0);
    expect(decisions).to.have.length(0);
    expect((await queue.getJob(id))?.state).to.equal('awaiting_approval');
  });

  it('a refused decision shows the handler’s words in the dialog and changes nothing', async () => {
    const { backend, queue, id } = await heldJob({ id: 'hr-2', canApproveJobs: true });
    // Without the Origin put back, cookie mode's CSRF check refuses the decision, as it would a forged one.
    const decisions = passRequests(backend, true);
    const el = await button();
    await open(el);
    $<HTMLButtonElement>(el, '.approve-job')!.click();
    await waitUntil(() => $(el, '[part=held-jobs] [role=alert]'), 'no error shown', { timeout: 8000 });
    expect(text($(el, '[part=held-jobs] [role=alert]'))).to.contain('not one of the handler');
    expect(el.state).to.equal('ready');
    expect($<HTMLButtonElement>(el, '.approve-job')!.disabled).to.equal(false, 'HR may try again');
    expect((await queue.getJob(id))?.state).to.equal('awaiting_approval');
    expect(decisions).to.have.length(1);
    expect(backend.sim.actionsSent()).to.have.length(0);
  });
});
