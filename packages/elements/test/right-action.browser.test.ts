// The right action per device, against the real handler and the simulated portal: Rosa's shared scanner is
// reassigned to the shift pool, her company laptop wiped, her personal phone never offered an erase; typed
// confirmation only before an erase or a disenroll; IT's follow-up; a refusal the handler explains.
import { expect, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { ActionKind } from '@hexnode-offboard/core/protocol';
import {
  $,
  $$,
  ENDPOINT,
  confirmText,
  open,
  startBackend,
  submitButton,
  text,
  waitForState,
  type Backend,
} from './harness.js';

const ROSA = 'rosa.frontline@acme.example';
const POOL = 'shift.pool@acme.example';
const OLLY = 'offline.olly@acme.example';
const ALL: ActionKind[] = ['lock', 'wipe', 'disenroll', 'reassign', 'mark_disenrolled'];

/** A backend where every #16 action is allowed and reassign goes to the pool user, looked up by email. */
async function backendFor(extra: { markDisenrolledAfterMs?: number } = {}): Promise<Backend> {
  const holder: { backend?: Backend } = {};
  const backend = await startBackend({
    actor: { actions: ALL },
    handler: {
      actions: ALL,
      reassignTo: () => {
        const [pool] = holder.backend!.sim.findUsersByEmail(POOL);
        return pool ? [{ hexnodeUserId: pool.id, label: 'Shift pool' }] : [];
      },
      ...extra,
    },
  });
  holder.backend = backend;
  return backend;
}

const idOf = (backend: Backend, name: string) => backend.sim.devices.find((d) => d.name === name)!.id;
const select = (el: HTMLElement & { shadowRoot: ShadowRoot | null }, id: number) =>
  el.shadowRoot!.querySelector<HTMLSelectElement>(`select.device-choice[data-device="${id}"]`)!;
async function choose(el: Parameters<typeof $>[0], id: number, value: string): Promise<void> {
  const s = select(el, id);
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}

describe('<hexnode-offboard-button> the right action per device', () => {
  it('offers that differ give each device a dropdown, its best offer first; a personal phone has no erase', async () => {
    const backend = await backendFor();
    const el = await backend.button(ROSA);
    await open(el);
    expect(el.state).to.equal('ready');
    const scanner = idOf(backend, 'WH-DC-N-TC21-R01');
    const laptop = idOf(backend, 'ACME-LT-0733');
    const phone = idOf(backend, "Rosa's Galaxy A54");
    expect($$(el, 'select.device-choice')).to.have.length(3);
    expect($(el, '[part=actions]'), 'no single action group').to.equal(null);
    expect(select(el, scanner).value).to.equal('reassign');
    expect(select(el, laptop).value, "the handler's best offer for a company laptop").to.equal('lock');
    expect([...select(el, laptop).options].map((o) => o.value)).to.include('wipe_complete');
    const phoneChoices = [...select(el, phone).options].map((o) => o.value);
    expect(phoneChoices.some((c) => c.startsWith('wipe'))).to.equal(false);
    expect(phoneChoices).to.include('disenroll');
    expect([...select(el, phone).options].find((o) => o.value === 'disenroll')!.textContent).to.contain(
      'Remove work data and management',
    );
    expect(text($(el, `#consequence-device-${scanner}`))).to.equal(
      'Stays in service; Rosa Frontline’s data and policies are removed; Shift pool owns it.',
    );
    await expect(el).to.be.accessible();
  });

  it('a mixed intent is sent in the per-device form, once, with the pool user; the portal reassigns the scanner', async () => {
    const backend = await backendFor();
    const el = await backend.button(ROSA);
    await open(el);
    const scanner = idOf(backend, 'WH-DC-N-TC21-R01');
    const laptop = idOf(backend, 'ACME-LT-0733');
    const phone = idOf(backend, "Rosa's Galaxy A54");
    await choose(el, laptop, 'wipe_complete');
    await choose(el, phone, 'disenroll');
    expect(submitButton(el).disabled, 'a wipe and a disenroll need the typed text').to.equal(true);
    await confirmText(el, ROSA);
    expect(submitButton(el).classList.contains('danger')).to.equal(true);
    submitButton(el).click();
    await waitForState(el, 'sent', 'done', 'partial');
    const [request] = backend.actionRequests();
    expect(backend.actionRequests()).to.have.length(1);
    const [pool] = backend.sim.findUsersByEmail(POOL);
    expect(request!.body).to.deep.include({
      devices: [
        { id: scanner, action: 'reassign' },
        { id: laptop, action: 'wipe' },
        { id: phone, action: 'disenroll' },
      ].sort((a, b) => a.id - b.id),
      options: { mode: 'complete', reassignTo: pool!.id },
      confirmation: ROSA,
    });
    await waitUntil(() => backend.sim.devices.find((d) => d.id === scanner)!.userId === pool!.id);
    const shown = $$(el, '.device-action').map((n) => n.getAttribute('data-action'));
    expect(shown.sort()).to.deep.equal(['disenroll', 'reassign', 'wipe']);
    await expect(el).to.be.accessible();
  });

  it('reassign and lock only: no confirmation field, sent with an empty confirmation', async () => {
    const backend = await backendFor();
    const el = await backend.button(ROSA);
    await open(el);
    await choose(el, idOf(backend, "Rosa's Galaxy A54"), 'lock');
    expect($(el, '.confirm-input')).to.equal(null);
    expect(submitButton(el).disabled).to.equal(false);
    expect(submitButton(el).classList.contains('danger')).to.equal(false);
    submitButton(el).click();
    await waitForState(el, 'sent', 'done', 'partial');
    expect((backend.actionRequests()[0]!.body as { confirmation: string }).confirmation).to.equal('');
  });

  it('action_not_offered names each refused device and why; nothing is sent on', async () => {
    const backend = await backendFor();
    const el = await backend.button(ROSA);
    await open(el);
    const phone = idOf(backend, "Rosa's Galaxy A54");
    // The handler would never offer this; the answer stands in for one whose offers changed since the preview.
    backend.use(
      http.post(`${ENDPOINT}/actions`, () =>
        HttpResponse.json(
          {
            type: 'about:blank',
            title: 'Action not offered',
            status: 422,
            code: 'action_not_offered',
            requestId: 'req_0123456789abcdef',
            refusals: [{ deviceId: phone, action: 'wipe', reason: 'personal_device' }],
          },
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    await choose(el, phone, 'disenroll');
    await confirmText(el, ROSA);
    submitButton(el).click();
    await waitForState(el, 'error');
    expect(text($(el, '#desc'))).to.equal('An action is not available for a device. Nothing was sent.');
    expect(text($(el, '.refusals li'))).to.equal(
      "Rosa's Galaxy A54: Wipe refused, a personal device is never erased.",
    );
    await expect(el).to.be.accessible();
  });

  it('a disenroll that stays pending offers "Mark as disenrolled", sent as a new action with a new key', async () => {
    const backend = await backendFor({ markDisenrolledAfterMs: 1 });
    const el = await backend.button(OLLY);
    await open(el);
    const disenroll = $$<HTMLInputElement>(el, 'input[name=action]').find((i) => i.value === 'disenroll')!;
    disenroll.click();
    await el.updateComplete;
    await confirmText(el, OLLY);
    submitButton(el).click();
    await waitForState(el, 'sent');
    await waitUntil(() => $(el, '[part=follow-up]'), 'no follow-up offered', { timeout: 8000 });
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part=follow-up]')!.click();
    await waitUntil(() => backend.actionRequests().length === 2, 'the follow-up was not sent');
    const [first, second] = backend.actionRequests();
    expect(second!.body).to.deep.include({ action: 'mark_disenrolled', confirmation: '' });
    expect(second!.headers.get('idempotency-key')).to.not.equal(first!.headers.get('idempotency-key'));
    await waitForState(el, 'sent', 'done', 'partial', 'failed');
  });
});
