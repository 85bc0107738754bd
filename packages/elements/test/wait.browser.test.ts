// A confirmed action and Hexnode's rate limit, end to end in the page: the real handler and the simulator with its
// real throttle (30 calls a window, here a three-second "minute"). When the minute is already spent, the handler
// answers 503 hexnode_busy at once (its in-request wait is 0 here), the dialog counts down the wait, says nothing
// was sent, and then sends the same request with the same idempotency key: Hexnode gets exactly one action per
// device. Cancelling the wait sends nothing.
import { expect } from '@open-wc/testing';
import { HexnodeClient, MemoryBudgetStore } from '@hexnode-offboard/core';
import {
  $,
  JANE,
  confirmText,
  dialog,
  open,
  startBackend,
  submitButton,
  text,
  waitForState,
  type Backend,
} from './harness.js';
import type { HexnodeOffboardButton } from '../src/index.js';

/** Hexnode's minute, lived in three seconds by the simulated portal and the handler's budget alike. */
const WINDOW_MS = 3000;
const BASE_URL = 'https://wait.hexnodemdm.example/api/v1/';
const API_KEY = 'hx-wait-test-key';

/** A backend whose handler counts in `store`, shared with a client of "another process" that spends the minute. */
async function busyBackend(): Promise<{ backend: Backend; other: HexnodeClient }> {
  const store = new MemoryBudgetStore();
  const budget = { windowMs: WINDOW_MS, store };
  const backend = await startBackend({
    simulator: { baseUrl: BASE_URL, apiKey: API_KEY, throttle: { windowMs: WINDOW_MS } },
    handler: {
      hexnode: { baseUrl: BASE_URL, apiKey: API_KEY, budget },
      limits: { actionWaitInRequestMs: 0 },
    },
  });
  return { backend, other: new HexnodeClient({ baseUrl: BASE_URL, apiKey: API_KEY, budget }) };
}

/** Spends the kit's share of the window with real Hexnode reads, as the portal's other work would. */
async function spendWindow(other: HexnodeClient, device: number): Promise<void> {
  while ((await other.budget.room('action', 1)).ok) await other.devices.get(device);
}

async function waitingDialog(): Promise<{ backend: Backend; el: HexnodeOffboardButton }> {
  const { backend, other } = await busyBackend();
  const el = await backend.button();
  await open(el);
  const jane = backend.sim.findUsersByEmail(JANE)[0]!;
  await spendWindow(other, backend.sim.devices.find((d) => d.userId === jane.id)!.id);
  await confirmText(el, JANE);
  submitButton(el).click();
  await waitForState(el, 'waiting');
  return { backend, el };
}

const seconds = (el: HexnodeOffboardButton) =>
  Number(/sending in (\d+) s/.exec(text($(el, '#desc [aria-hidden]')))?.[1]);

describe('<hexnode-offboard-button> waiting for Hexnode', () => {
  it('a spent minute shows the countdown, then sends the same request once: one action per device', async () => {
    const { backend, el } = await waitingDialog();
    expect(dialog(el).open).to.equal(true);
    expect(text($(el, '#title'))).to.equal('Waiting for Hexnode');
    expect(text($(el, '#desc [aria-hidden]'))).to.match(
      /^Hexnode allows 30 calls a minute: sending in [1-3] s\.$/,
    );
    expect(text($(el, '#desc .sr'))).to.match(/^Hexnode allows 30 calls a minute: sending in [1-3] s\.$/);
    expect(text($(el, '.meta'))).to.equal('Nothing has been sent yet.');
    expect(backend.sim.actionsSent()).to.have.length(0);
    await expect(el).to.be.accessible();
    const first = seconds(el);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await el.updateComplete;
    if (el.state === 'waiting') expect(seconds(el)).to.be.below(first);

    await waitForState(el, 'sent', 'done');
    const posts = backend.actionRequests();
    expect(posts.map((p) => p.status)).to.deep.equal([503, 202]);
    expect(posts[1]!.headers.get('idempotency-key')).to.equal(posts[0]!.headers.get('idempotency-key'));
    expect(posts[1]!.body).to.deep.equal(posts[0]!.body);
    const actions = backend.sim.actionsSent();
    expect(actions).to.have.length(1);
    const named = [...(actions[0]!.body as { devices: number[] }).devices].sort();
    const asked = [...(posts[0]!.body as { deviceIds: number[] }).deviceIds].sort();
    expect(asked.length).to.be.above(1);
    expect(named, 'each device asked, once').to.deep.equal(asked);
  });

  it('Cancel during the wait sends nothing, and the page hears hexnode-offboard-cancel', async () => {
    const { backend, el } = await waitingDialog();
    let cancelled = 0;
    el.addEventListener('hexnode-offboard-cancel', () => cancelled++);
    $<HTMLButtonElement>(el, '.cancel')!.click();
    await waitForState(el, 'idle');
    expect(cancelled).to.equal(1);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 500));
    expect(el.state).to.equal('idle');
    expect(backend.actionRequests()).to.have.length(1);
    expect(backend.sim.actionsSent()).to.have.length(0);
  });
});
