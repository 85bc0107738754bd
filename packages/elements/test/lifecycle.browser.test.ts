import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { HexnodeOffboardButton, HexnodeOffboardProvider, defineOffboardElements } from '../src/index.js';
import {
  $$,
  confirmText,
  dialog,
  open,
  startBackend,
  submitButton,
  text,
  trigger,
  waitForState,
} from './harness.js';

const SAM = 'sam.shift@acme.example';

describe('<hexnode-offboard-button> as a good citizen', () => {
  it('registers both elements on import', () => {
    expect(customElements.get('hexnode-offboard-button')).to.equal(HexnodeOffboardButton);
    expect(customElements.get('hexnode-offboard-provider')).to.equal(HexnodeOffboardProvider);
  });

  it('defining the elements again warns instead of throwing and keeps the first definition', () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      expect(() => defineOffboardElements()).to.not.throw();
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.contain('<hexnode-offboard-provider> is already defined');
    expect(customElements.get('hexnode-offboard-button')).to.equal(HexnodeOffboardButton);
  });

  it('removing the button stops following progress: no request after disconnect', async () => {
    const backend = await startBackend({ simulator: { checkinMs: 60_000 } });
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    submitButton(el).click();
    await waitForState(el, 'sent');
    el.remove();
    // A poll already on the wire may still reach the handler; after that, nothing. (Without the clean-up,
    // polls every 20 ms growing 1.5x would land in the window below.)
    await new Promise((resolve) => setTimeout(resolve, 100));
    const count = backend.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(backend.requests.length).to.equal(count);
  });

  it('a new employee-email while the preview loads: the old answer opens nothing, the new employee opens', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    backend.sim.setFaults({ latencyMs: 200 });
    trigger(el).click();
    await el.updateComplete;
    expect(el.state).to.equal('loading');
    let cancelled = 0;
    el.addEventListener('hexnode-offboard-cancel', () => cancelled++);
    el.sessionToken = await backend.mint(SAM);
    el.employeeEmail = SAM;
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    // The handler still answers Jane's preview; the widget must not show it.
    await waitUntil(() => backend.requests[0]?.status !== undefined, 'the first preview never answered', {
      timeout: 8000,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(dialog(el).open).to.equal(false);
    expect(cancelled).to.equal(0);
    await open(el);
    expect(el.state).to.equal('ready');
    expect($$(el, 'input.device')).to.have.length(1);
    expect(text(dialog(el))).to.contain(SAM);
    expect(text(dialog(el))).to.not.contain('jane.leaver');
  });

  it('moving the button while the preview loads leaves it idle with the dialog closed; it opens again', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    backend.sim.setFaults({ latencyMs: 200 });
    trigger(el).click();
    await el.updateComplete;
    expect(el.state).to.equal('loading');
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(dialog(el).open).to.equal(false);
    await open(el);
    expect(el.state).to.equal('ready');
    expect(dialog(el).matches(':modal')).to.equal(true);
  });

  it('moving the button while an action is followed: the dialog is modal again and following resumes', async () => {
    const backend = await startBackend({ simulator: { checkinMs: 60_000 } });
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    submitButton(el).click();
    await waitForState(el, 'sent');
    const parent = el.parentElement!;
    el.remove();
    expect(dialog(el).open).to.equal(false);
    parent.append(el);
    await el.updateComplete;
    await waitUntil(() => dialog(el).open, 'the dialog did not come back');
    expect(dialog(el).matches(':modal')).to.equal(true);
    expect(el.state).to.equal('sent');
    const complete = oneEvent(el, 'hexnode-offboard-complete');
    backend.sim.checkIn();
    expect((await complete).detail.timedOut).to.equal(false);
    expect(el.state).to.be.oneOf(['done', 'partial', 'failed']);
    expect(backend.sim.actionsSent()).to.have.length(1);
  });

  it('moving the button while the action is being sent: the request finishes and lands in sent, once', async () => {
    const backend = await startBackend({ simulator: { checkinMs: 60_000 } });
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    backend.sim.setFaults({ latencyMs: 200 });
    const sent = oneEvent(el, 'hexnode-offboard-sent');
    submitButton(el).click();
    await el.updateComplete;
    expect(el.state).to.equal('submitting');
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await sent;
    await waitForState(el, 'sent');
    await waitUntil(() => dialog(el).open, 'the dialog did not come back');
    expect(dialog(el).matches(':modal')).to.equal(true);
    expect(backend.sim.actionsSent()).to.have.length(1);
  });

  it('moving the button in the page keeps it working', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await open(el);
    expect(el.state).to.equal('ready');
  });
});
