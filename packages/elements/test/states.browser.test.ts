import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { html } from 'lit';
import {
  $,
  $$,
  ENDPOINT,
  JANE,
  confirmText,
  dialog,
  focused,
  mount,
  open,
  startBackend,
  submitButton,
  text,
  trigger,
  waitForState,
} from './harness.js';

describe('<hexnode-offboard-button> states', () => {
  it('idle: shows the button, no dialog, nothing requested', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    expect(el.state).to.equal('idle');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(text(trigger(el))).to.equal('Offboard devices');
    expect(dialog(el).open).to.equal(false);
    expect(backend.requests).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('loading: the button is busy and says so while the preview is on its way', async () => {
    const backend = await startBackend();
    backend.sim.setFaults({ latencyMs: 600 });
    const el = await backend.button();
    trigger(el).click();
    await el.updateComplete;
    expect(el.state).to.equal('loading');
    expect(trigger(el).getAttribute('aria-busy')).to.equal('true');
    expect(text(trigger(el))).to.equal('Loading devices…');
    await expect(el).to.be.accessible();
    trigger(el).click(); // ignored while loading
    await waitForState(el, 'ready');
    expect(backend.requests.filter((r) => r.path === '/preview')).to.have.length(1);
  });

  it('ready: a modal alert dialog lists the devices, labelled and described, Cancel focused', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    const d = dialog(el);
    expect(el.state).to.equal('ready');
    expect(d.open).to.equal(true);
    expect(d.matches(':modal')).to.equal(true);
    expect(d.getAttribute('role')).to.equal('alertdialog');
    expect(text($(el, '#' + d.getAttribute('aria-labelledby')))).to.contain('Offboard');
    expect(text($(el, '#' + d.getAttribute('aria-describedby')))).to.contain('3 devices');
    expect($$(el, 'input.device')).to.have.length(3);
    expect($$<HTMLInputElement>(el, 'input.device').every((i) => i.checked)).to.equal(true);
    expect(await focused(el)).to.equal('button.cancel');
    const names = $$(el, '[part=actions] .name').map(text);
    expect(names).to.deep.equal(['Lock', 'Full wipe']); // no corporate wipe: this portal has not configured one
    expect(
      $$(el, '[part=actions] .hint')
        .map(text)
        .every((t) => t.length > 10),
    ).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('not in Hexnode: says so, offers only Close, sends nothing', async () => {
    const backend = await startBackend();
    const el = await backend.button('not.in.hexnode@acme.example');
    await open(el);
    expect(el.state).to.equal('not-found');
    expect(text($(el, '#title'))).to.equal('Not in Hexnode');
    expect(text($(el, '#desc'))).to.contain('not.in.hexnode@acme.example');
    expect($$(el, '.submit').length).to.equal(0);
    await expect(el).to.be.accessible();
    expect(backend.sim.actionsSent()).to.have.length(0);
  });

  it('no devices: says there is nothing to do', async () => {
    const backend = await startBackend();
    const el = await backend.button('no.devices@acme.example');
    await open(el);
    expect(el.state).to.equal('no-devices');
    expect(text($(el, '#title'))).to.equal('No devices');
    expect($$(el, '.submit').length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('ambiguous: lists the Hexnode users sharing the email and offers no action', async () => {
    const backend = await startBackend();
    const el = await backend.button('shared@acme.example');
    await open(el);
    expect(el.state).to.equal('ambiguous');
    expect(text($(el, '#desc'))).to.contain('2 Hexnode users');
    expect($$(el, '[part=candidates] li')).to.have.length(2);
    expect($$(el, '.submit').length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('not allowed: the button is disabled with the reason, and no dialog opens', async () => {
    const backend = await startBackend({ actor: { actions: [] } });
    const el = await backend.button();
    const error = oneEvent(el, 'hexnode-offboard-error');
    await open(el);
    expect((await error).detail.code).to.equal('forbidden');
    expect(el.state).to.equal('not-allowed');
    expect(dialog(el).open).to.equal(false);
    expect(trigger(el).getAttribute('aria-disabled')).to.equal('true');
    expect(text($(el, '#' + trigger(el).getAttribute('aria-describedby')))).to.contain('not allowed');
    await expect(el).to.be.accessible();
    trigger(el).click();
    await el.updateComplete;
    expect(el.state).to.equal('not-allowed');
  });

  it('not allowed with hide-when-not-allowed: the button is hidden', async () => {
    const backend = await startBackend({ actor: { actions: [] } });
    const el = await mount(
      html`<hexnode-offboard-button
        endpoint=${ENDPOINT}
        employee-email=${JANE}
        session-token=${await backend.mint()}
        preload
        hide-when-not-allowed
      ></hexnode-offboard-button>`,
    );
    await waitForState(el, 'not-allowed');
    expect(getComputedStyle(el).display).to.equal('none');
  });

  it('not allowed with hide-when-not-allowed after a click: the button keeps focus and shows its reason until focus leaves', async () => {
    const backend = await startBackend({ actor: { actions: [] } });
    const el = await mount(
      html`<div>
        <hexnode-offboard-button
          endpoint=${ENDPOINT}
          employee-email=${JANE}
          session-token=${await backend.mint()}
          hide-when-not-allowed
        ></hexnode-offboard-button>
        <a href="#next" class="next">next</a>
      </div>`,
    );
    trigger(el).focus();
    await open(el);
    expect(el.state).to.equal('not-allowed');
    expect(getComputedStyle(el).display).not.to.equal('none');
    expect(await focused(el)).to.equal('button.trigger');
    expect(text($(el, '#' + trigger(el).getAttribute('aria-describedby')))).to.contain('not allowed');
    el.parentElement!.querySelector<HTMLElement>('.next')!.focus();
    await el.updateComplete;
    expect(getComputedStyle(el).display).to.equal('none');
  });

  it('preload: fetches the preview when shown and puts the device count on the button, without events', async () => {
    const backend = await startBackend();
    let events = 0;
    const el = await mount(
      html`<hexnode-offboard-button
        endpoint=${ENDPOINT}
        employee-email=${JANE}
        session-token=${await backend.mint()}
        preload
        @hexnode-offboard-open=${() => events++}
        @hexnode-offboard-error=${() => events++}
      ></hexnode-offboard-button>`,
    );
    await waitUntil(() => text(trigger(el)) === 'Offboard devices (3)', 'no count on the button');
    expect(el.state).to.equal('idle');
    expect(dialog(el).open).to.equal(false);
    expect(events).to.equal(0);
    expect(backend.requests).to.have.length(1);
  });

  it('preload then click: the fresh preloaded preview opens the dialog at once, once; the next open asks again', async () => {
    const backend = await startBackend();
    const el = await mount(
      html`<hexnode-offboard-button
        endpoint=${ENDPOINT}
        employee-email=${JANE}
        session-token=${await backend.mint()}
        preload
      ></hexnode-offboard-button>`,
    );
    await waitUntil(() => text(trigger(el)) === 'Offboard devices (3)', 'no count on the button');
    trigger(el).click();
    await el.updateComplete;
    expect(el.state).to.equal('ready');
    expect(dialog(el).open).to.equal(true);
    expect($$(el, '[part=device-list] li')).to.have.length(3);
    expect(backend.requests.map((r) => r.path)).to.deep.equal(['/preview']);
    $<HTMLButtonElement>(el, '.cancel')!.click();
    await waitForState(el, 'idle');
    await open(el);
    expect(el.state).to.equal('ready');
    expect(backend.requests.map((r) => r.path)).to.deep.equal(['/preview', '/preview']);
  });

  it('device checklist: shows model, OS, serial, last seen and warnings (shared device, offline N days)', async () => {
    const backend = await startBackend();
    const sam = await backend.button('sam.shift@acme.example');
    await open(sam);
    expect($$(sam, '[data-warning=shared_device]').map(text)).to.deep.equal(['Shared device']);
    expect(text($(sam, '[part=device-list] .meta'))).to.match(/Serial \S+/);
    expect(text($(sam, '[part=device-list] li'))).to.contain('Last seen');
    await expect(sam).to.be.accessible();

    const olly = await backend.button('offline.olly@acme.example');
    await open(olly);
    expect(text($(olly, '[data-warning=offline]'))).to.match(/^Offline \d+ days$/);
  });

  it('device checklist: each device says who owns it, read as unknown when the handler does not say, inside its checkbox label', async () => {
    const backend = await startBackend();
    // The real handler's preview, passed on with an ownership per device (the last one without, as from an
    // older handler).
    const ownership = ['corporate', 'personal', undefined];
    backend.use(
      http.post(`${ENDPOINT}/preview`, async ({ request }) => {
        const preview = (await (await backend.handle(request)).json()) as { devices: object[] };
        preview.devices = preview.devices.map((d, i) => ({ ...d, ownership: ownership[i] }));
        return HttpResponse.json(preview);
      }),
    );
    const el = await mount(
      html`<hexnode-offboard-provider
        endpoint=${ENDPOINT}
        session-token=${await backend.mint()}
        .strings=${{ ownership: { personal: 'Private phone or laptop' } }}
      >
        <hexnode-offboard-button employee-email=${JANE}></hexnode-offboard-button>
      </hexnode-offboard-provider>`,
    );
    await open(el);
    expect($$(el, '[data-ownership]').map((e) => [e.dataset.ownership, text(e)])).to.deep.equal([
      ['corporate', 'Company-owned'],
      ['personal', 'Private phone or laptop'],
      ['unknown', 'Ownership unknown'],
    ]);
    const names = $$<HTMLInputElement>(el, 'input.device').map((box) => text(box.labels![0]));
    expect(names[0]).to.contain('Company-owned');
    expect(names[2]).to.contain('Ownership unknown');
    await expect(el).to.be.accessible();
  });

  it('submitting: a pending label, the form locked, clicks ignored', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    backend.sim.setFaults({ latencyMs: 500 });
    submitButton(el).click();
    await el.updateComplete;
    expect(el.state).to.equal('submitting');
    expect(text(submitButton(el))).to.equal('Sending…');
    expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect($<HTMLFieldSetElement>(el, '[part=device-list]')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    expect(backend.actionRequests()).to.have.length(1);
  });

  it('sent: per-device progress, "waiting for the device to check in", then done', async () => {
    const backend = await startBackend({ simulator: { checkinMs: 60_000 } });
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    const sent = oneEvent(el, 'hexnode-offboard-sent');
    submitButton(el).click();
    const { detail } = await sent;
    expect(detail.action).to.equal('lock');
    expect(detail.deviceIds).to.have.length(3);
    expect(el.state).to.equal('sent');
    expect(text($(el, '#title'))).to.equal('Sent to Hexnode');
    expect($$(el, '.progress li')).to.have.length(3);
    expect(text($(el, '.progress'))).to.contain('Waiting for the device to check in');
    expect(await focused(el)).to.equal('button.close.primary');
    await expect(el).to.be.accessible();
    const complete = oneEvent(el, 'hexnode-offboard-complete');
    backend.sim.checkIn();
    const done = await complete;
    expect(done.detail.status).to.equal('done');
    expect(el.state).to.equal('done');
    expect(text($(el, '#title'))).to.equal('Done');
    expect(text($(el, '#desc'))).to.equal('3 of 3 devices done.');
    expect($$(el, '.status-done')).to.have.length(3);
    await expect(el).to.be.accessible();
  });

  it('sent: stops following after the time limit and says the devices act when they check in', async () => {
    const backend = await startBackend();
    const el = await backend.button('offline.olly@acme.example');
    el.pollTimeout = 150;
    await open(el);
    await confirmText(el, 'offline.olly@acme.example');
    const complete = oneEvent(el, 'hexnode-offboard-complete');
    submitButton(el).click();
    const { detail } = await complete;
    expect(detail.timedOut).to.equal(true);
    expect(detail.status).to.equal('pending');
    await el.updateComplete;
    expect(el.state).to.equal('sent');
    expect(text($(el, '.timed-out'))).to.contain('next checks in');
    await expect(el).to.be.accessible();
  });

  it('partial failure: says how many devices failed and marks them', async () => {
    // An explicit fleet: one employee with ten devices, half the commands failing (seeded, deterministic).
    // Ten devices cost more Hexnode calls than a minute allows (10 status reads for the preview, 10 ownership
    // reads and the action, 10 status reads per poll), so Hexnode's minute lasts 200 ms here.
    const backend = await startBackend({
      simulator: {
        throttle: { windowMs: 200 },
        failRate: 0.5,
        seed: 7,
        fleet: {
          users: [{ id: 1, name: 'Pat Partial', email: 'pat@acme.example' }],
          devices: Array.from({ length: 10 }, (_, i) => ({
            id: 100 + i,
            name: `Scanner ${i}`,
            platform: 'android' as const,
            userId: 1,
          })),
        },
      },
    });
    const el = await backend.button('pat@acme.example');
    await open(el);
    await confirmText(el, 'pat@acme.example');
    const complete = oneEvent(el, 'hexnode-offboard-complete');
    submitButton(el).click();
    const { detail } = await complete;
    expect(detail.status).to.equal('partial');
    const failed = detail.devices.filter((d: { status: string }) => d.status === 'failed').length;
    expect(el.state).to.equal('partial');
    expect(text($(el, '#title'))).to.equal('Partly done');
    expect(text($(el, '#desc'))).to.equal(`${failed} of 10 devices failed. Tell IT.`);
    expect($$(el, '.status-failed')).to.have.length(failed);
    await expect(el).to.be.accessible();
    expect(backend.sim.actionsSent()).to.have.length(1);
  });

  it('failed: every device failed -> the failed state, each device marked', async () => {
    const backend = await startBackend({ simulator: { failRate: 1 } });
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    const complete = oneEvent(el, 'hexnode-offboard-complete');
    submitButton(el).click();
    expect((await complete).detail.status).to.equal('failed');
    await el.updateComplete;
    expect(el.state).to.equal('failed');
    expect(text($(el, '#title'))).to.equal('Failed');
    expect(text($(el, '#desc'))).to.equal('3 of 3 devices failed. Tell IT.');
    expect($$(el, '.status-failed')).to.have.length(3);
    await expect(el).to.be.accessible();
  });

  it('the dialog describes each outcome in one live region that stays in place, so screen readers announce it', async () => {
    const backend = await startBackend({ simulator: { checkinMs: 60_000 } });
    const el = await backend.button();
    await open(el);
    const description = $(el, '#desc')!;
    expect(description.getAttribute('aria-live')).to.equal('polite');
    await confirmText(el);
    const sent = oneEvent(el, 'hexnode-offboard-sent');
    submitButton(el).click();
    await sent;
    expect($(el, '#desc')).to.equal(description);
    expect(text(description)).to.equal('0 of 3 devices done.');
    const complete = oneEvent(el, 'hexnode-offboard-complete');
    backend.sim.checkIn();
    await complete;
    expect($(el, '#desc')).to.equal(description);
    expect(text(description)).to.equal('3 of 3 devices done.');
  });

  it('error: Hexnode down -> a clear message, a short support code, and Try again recovers', async () => {
    const backend = await startBackend();
    backend.sim.setFaults({ errorRate: 1 });
    const el = await backend.button();
    const error = oneEvent(el, 'hexnode-offboard-error');
    await open(el);
    const { detail } = await error;
    expect(detail.code).to.equal('hexnode_unavailable');
    expect(detail.during).to.equal('preview');
    expect(el.state).to.equal('error');
    expect(dialog(el).open).to.equal(true);
    expect(text($(el, '#desc'))).to.contain('Hexnode is not answering');
    expect(detail.requestId).to.be.a('string');
    expect(text($(el, '.support'))).to.equal(`Support code: ${detail.requestId!.slice(-8)}`);
    expect(await focused(el)).to.equal('button.retry.primary');
    await expect(el).to.be.accessible();
    backend.sim.setFaults({ errorRate: 0 });
    $<HTMLButtonElement>(el, '.retry')!.click();
    await waitForState(el, 'ready');
    expect($$(el, 'input.device')).to.have.length(3);
  });

  it('error during the action: Try again resends the same intent with the same idempotency key, sent once', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    backend.sim.setFaults({ errorRate: 1 });
    submitButton(el).click();
    await waitForState(el, 'error');
    expect(backend.sim.actionsSent()).to.have.length(0);
    expect($$(el, '.back').length).to.equal(1);
    await expect(el).to.be.accessible();
    backend.sim.setFaults({ errorRate: 0 });
    $<HTMLButtonElement>(el, '.retry')!.click();
    await waitForState(el, 'sent', 'done');
    const keys = backend.actionRequests().map((r) => r.headers.get('idempotency-key'));
    expect(keys).to.have.length(2);
    expect(keys[0]).to.be.a('string').and.equal(keys[1]);
    expect(backend.sim.actionsSent()).to.have.length(1);
  });

  it('network edge: a 500 with a garbage body is an error with retry, not a crash', async () => {
    const backend = await startBackend();
    backend.use(http.post(`${ENDPOINT}/preview`, () => new HttpResponse('<html>oops', { status: 500 })));
    const el = await backend.button();
    const error = oneEvent(el, 'hexnode-offboard-error');
    await open(el);
    expect((await error).detail).to.include({ code: 'internal_error', status: 500 });
    expect(el.state).to.equal('error');
    expect($$(el, '.retry').length).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('network edge: a dead network is a network_error with retry', async () => {
    const backend = await startBackend();
    backend.use(http.post(`${ENDPOINT}/preview`, () => HttpResponse.error()));
    const el = await backend.button();
    const error = oneEvent(el, 'hexnode-offboard-error');
    await open(el);
    expect((await error).detail).to.include({ code: 'network_error', status: 0 });
    expect(text($(el, '#desc'))).to.contain('network');
  });

  it('network edge: a 200 that is not the protocol is an invalid_response', async () => {
    const backend = await startBackend();
    backend.use(http.post(`${ENDPOINT}/preview`, () => HttpResponse.json({ hello: 'world' })));
    const el = await backend.button();
    const error = oneEvent(el, 'hexnode-offboard-error');
    await open(el);
    expect((await error).detail.code).to.equal('invalid_response');
  });

  it('already offboarded: shows the history and needs a deliberate second confirmation, then sends repeat', async () => {
    const backend = await startBackend();
    const first = await backend.button();
    await open(first);
    await confirmText(first);
    submitButton(first).click();
    await waitForState(first, 'sent', 'done');
    dialog(first).close();

    const el = await backend.button();
    await open(el);
    expect(text($(el, '[part=history]'))).to.match(/Locked on .+ by Ada Admin \(3 devices\)/);
    await confirmText(el);
    expect(submitButton(el).disabled).to.equal(true);
    await expect(el).to.be.accessible();
    const repeat = $<HTMLInputElement>(el, '.repeat')!;
    repeat.click();
    await el.updateComplete;
    expect(submitButton(el).disabled).to.equal(false);
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    const bodies = backend.actionRequests().map((r) => r.body as { repeat?: boolean });
    expect(bodies[0]!.repeat).to.equal(undefined);
    expect(bodies[1]!.repeat).to.equal(true);
    expect(backend.sim.actionsSent()).to.have.length(2);
  });
});
