import { expect, oneEvent } from '@open-wc/testing';
import { html } from 'lit';
import {
  $,
  $$,
  ENDPOINT,
  JANE,
  confirmText,
  mount,
  open,
  startBackend,
  submitButton,
  text,
  trigger,
  type,
  waitForState,
} from './harness.js';

const EVENTS = [
  'hexnode-offboard-open',
  'hexnode-offboard-before-action',
  'hexnode-offboard-sent',
  'hexnode-offboard-complete',
  'hexnode-offboard-error',
  'hexnode-offboard-cancel',
] as const;

/** Records every widget event that reaches the document (they bubble out of the shadow root). */
function recordEvents(): { names: string[]; stop(): void } {
  const names: string[] = [];
  const listener = (e: Event) => names.push(e.type);
  for (const name of EVENTS) document.addEventListener(name, listener);
  return { names, stop: () => EVENTS.forEach((name) => document.removeEventListener(name, listener)) };
}

describe('<hexnode-offboard-button> confirmation, requests and events', () => {
  it('the confirm button stays disabled until the typed text matches exactly, after trimming', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    el.defaultAction = 'wipe'; // only an erase or a disenroll asks for the typed text
    await open(el);
    expect(submitButton(el).disabled).to.equal(true);
    for (const wrong of [
      'jane',
      'JANE.LEAVER@ACME.EXAMPLE',
      'jane.leaver@acme.exampl',
      'jane.leaver @acme.example',
    ]) {
      await confirmText(el, wrong);
      expect(submitButton(el).disabled, wrong).to.equal(true);
    }
    await confirmText(el, `  ${JANE} `);
    expect(submitButton(el).disabled).to.equal(false);
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    expect((backend.actionRequests()[0]!.body as { confirmation: string }).confirmation).to.equal(JANE);
  });

  it('when the handler requires a reason, confirm stays disabled until one is given, and it is sent', async () => {
    const backend = await startBackend({ handler: { requireReason: true } });
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    expect(submitButton(el).disabled).to.equal(true);
    await type(el, '.reason-input', '   ');
    expect(submitButton(el).disabled).to.equal(true);
    await type(el, '.reason-input', 'Last day 2026-11-27');
    expect(submitButton(el).disabled).to.equal(false);
    await expect(el).to.be.accessible();
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    expect(backend.actionRequests()[0]!.body).to.include({ reason: 'Last day 2026-11-27' });
  });

  it('only the checked devices are sent; none checked or too many disables confirm with a message', async () => {
    const backend = await startBackend({ handler: { limits: { maxDevicesPerAction: 2 } } });
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    expect(submitButton(el).disabled).to.equal(true);
    expect(text($(el, '.problem'))).to.equal('Select at most 2 devices for one action.');
    const boxes = $$<HTMLInputElement>(el, 'input.device');
    for (const box of boxes) box.click();
    await el.updateComplete;
    expect(text($(el, '.problem'))).to.equal('Select at least one device.');
    expect(submitButton(el).disabled).to.equal(true);
    boxes[1]!.click();
    await el.updateComplete;
    expect(submitButton(el).disabled).to.equal(false);
    expect(text(submitButton(el))).to.equal('Lock 1 device');
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    const sent = backend.actionRequests()[0]!.body as { deviceIds: number[] };
    expect(sent.deviceIds).to.deep.equal([Number(boxes[1]!.dataset.device)]);
  });

  it('double and triple clicks send one request with one idempotency key, and Hexnode gets one action', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    const confirm = submitButton(el);
    confirm.click();
    confirm.click();
    confirm.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    confirm.click();
    await waitForState(el, 'sent', 'done');
    submitButton(el)?.click();
    const requests = backend.actionRequests();
    expect(requests).to.have.length(1);
    expect(requests[0]!.headers.get('idempotency-key')).to.match(/^[0-9a-f-]{36}$/);
    expect(backend.sim.actionsSent()).to.have.length(1);
  });

  it('every request carries X-Hexnode-Offboard: 1 and JSON; actions an Idempotency-Key; token mode a bearer token', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    const complete = oneEvent(el, 'hexnode-offboard-complete');
    submitButton(el).click();
    await complete;
    const token = el.sessionToken!;
    for (const r of backend.requests) {
      expect(r.headers.get('x-hexnode-offboard'), r.path).to.equal('1');
      expect(r.headers.get('authorization'), r.path).to.equal(`Bearer ${token}`);
      if (r.method === 'POST') expect(r.headers.get('content-type'), r.path).to.equal('application/json');
    }
    expect(backend.requests.map((r) => `${r.method} ${r.path.replace(/act_.*/, 'ID')}`)).to.include.members([
      'POST /preview',
      'POST /actions',
      'GET /actions/ID',
    ]);
    expect(backend.requests.filter((r) => r.headers.has('idempotency-key')).map((r) => r.path)).to.deep.equal(
      ['/actions'],
    );
    expect(backend.requests[0]!.body).to.deep.equal({ employee: { email: JANE } });
  });

  it('Back after a failed action keeps the form; confirming again is a new intent with a new key', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    el.defaultAction = 'wipe';
    await open(el);
    await confirmText(el);
    backend.sim.setFaults({ errorRate: 1 });
    submitButton(el).click();
    await waitForState(el, 'error');
    backend.sim.setFaults({ errorRate: 0 });
    $<HTMLButtonElement>(el, '.back')!.click();
    await waitForState(el, 'ready');
    expect($<HTMLInputElement>(el, '.confirm-input')!.value).to.equal(JANE);
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    const keys = backend.actionRequests().map((r) => r.headers.get('idempotency-key'));
    expect(keys).to.have.length(2);
    expect(keys[0]).to.not.equal(keys[1]);
    expect(backend.sim.actionsSent()).to.have.length(1);
  });

  it('a cancelable before-action event lets the host veto: nothing is sent and the form stays', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    el.addEventListener('hexnode-offboard-before-action', (e) => e.preventDefault(), { once: true });
    const before = oneEvent(el, 'hexnode-offboard-before-action');
    submitButton(el).click();
    const { detail } = await before;
    expect(detail).to.deep.include({ action: 'lock', repeat: false, employee: { email: JANE } });
    expect(detail.deviceIds).to.have.length(3);
    await el.updateComplete;
    expect(el.state).to.equal('ready');
    expect(backend.actionRequests()).to.have.length(0);
    submitButton(el).click(); // the host no longer vetoes
    await waitForState(el, 'sent', 'done');
    expect(backend.actionRequests()).to.have.length(1);
  });

  it('events bubble out of the shadow root in order: open, before-action, sent, complete', async () => {
    const backend = await startBackend();
    const events = recordEvents();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    const complete = oneEvent(el, 'hexnode-offboard-complete');
    submitButton(el).click();
    await complete;
    events.stop();
    expect(events.names).to.deep.equal([
      'hexnode-offboard-open',
      'hexnode-offboard-before-action',
      'hexnode-offboard-sent',
      'hexnode-offboard-complete',
    ]);
  });

  it('changing properties and attributes emits no events', async () => {
    await startBackend();
    const events = recordEvents();
    const el = await mount(
      html`<hexnode-offboard-button endpoint=${ENDPOINT} employee-email=${JANE}></hexnode-offboard-button>`,
    );
    el.employeeEmail = 'someone.else@acme.example';
    el.label = 'Offboard';
    el.disabled = true;
    el.setAttribute('actions', 'lock');
    await el.updateComplete;
    events.stop();
    expect(events.names).to.deep.equal([]);
    expect(text(trigger(el))).to.equal('Offboard');
    expect(trigger(el).disabled).to.equal(true);
  });

  it('disabled: clicking does nothing', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    el.disabled = true;
    await el.updateComplete;
    trigger(el).click();
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(backend.requests).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('actions and default-action: offers only the listed actions and preselects the default', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    el.actions = 'wipe';
    el.defaultAction = 'wipe_complete';
    await open(el);
    // A corporate-only wipe is offered only where the operator configured it; this portal has not.
    expect($$<HTMLInputElement>(el, 'input.choice').map((i) => i.value)).to.deep.equal(['wipe_complete']);
    expect($<HTMLInputElement>(el, 'input.choice:checked')!.value).to.equal('wipe_complete');
    expect(text(submitButton(el))).to.equal('Full wipe 3 devices');
  });
});
