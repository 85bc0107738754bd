import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  $,
  JANE,
  confirmText,
  dialog,
  focused,
  open,
  startBackend,
  submitButton,
  trigger,
  waitForState,
} from './harness.js';

/** Where the page's focus is: the widget's inner focus when the widget has it. */
async function pageFocus(el: HTMLElement & { updateComplete: Promise<boolean> }): Promise<string> {
  if (document.activeElement !== el) return document.activeElement?.localName ?? 'nothing';
  return focused(el as never);
}

describe('<hexnode-offboard-button> dialog and keyboard', () => {
  beforeEach(() => (document.activeElement as HTMLElement | null)?.blur());

  it('keyboard only: Tab to the button, Enter, type the confirmation, Tab to confirm, Enter -> sent once', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    el.defaultAction = 'wipe'; // a wipe, so there is a confirmation to type

    await sendKeys({ press: 'Tab' });
    expect(await pageFocus(el)).to.equal('button.trigger');
    await sendKeys({ press: 'Enter' });
    await waitForState(el, 'ready');
    expect(await focused(el)).to.equal('button.cancel');

    await sendKeys({ press: 'Shift+Tab' });
    expect(await focused(el)).to.equal('input.confirm-input');
    await sendKeys({ type: JANE });
    await sendKeys({ press: 'Tab' });
    expect(await focused(el)).to.equal('button.cancel');
    await sendKeys({ press: 'Tab' });
    expect(await focused(el)).to.equal('button.submit.danger');
    await sendKeys({ press: 'Enter' });

    await waitForState(el, 'sent', 'done');
    expect(await focused(el)).to.equal('button.close.primary');
    expect(backend.sim.actionsSent()).to.have.length(1);
    await sendKeys({ press: 'Enter' }); // Close
    await el.updateComplete;
    expect(dialog(el).open).to.equal(false);
    expect(await pageFocus(el)).to.equal('button.trigger');
  });

  it('focus order in the dialog: devices, the chosen action, confirmation, Cancel, then the enabled confirm button', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    el.defaultAction = 'wipe'; // the confirmation field is there only before an erase or a disenroll
    await open(el);
    await confirmText(el);
    $<HTMLInputElement>(el, 'input.device')!.focus();
    const order = [await focused(el)];
    for (let i = 0; i < 6; i++) {
      await sendKeys({ press: 'Tab' });
      order.push(await focused(el));
    }
    expect(order).to.deep.equal([
      'input.device',
      'input.device',
      'input.device',
      'input.choice',
      'input.confirm-input',
      'button.cancel',
      'button.submit.danger',
    ]);
    expect($<HTMLInputElement>(el, 'input[type=radio]:checked')!.value).to.equal('wipe_complete');
  });

  it('keyboard: arrow keys choose the action, and a wipe gets the danger button and its mode', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    $<HTMLInputElement>(el, 'input[type=radio]:checked')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect($<HTMLInputElement>(el, 'input[type=radio]:checked')!.value).to.equal('wipe_complete');
    expect(submitButton(el).classList.contains('danger')).to.equal(true);
    await confirmText(el);
    const before = oneEvent(el, 'hexnode-offboard-before-action');
    submitButton(el).click();
    expect((await before).detail).to.include({ action: 'wipe', mode: 'complete' });
    await waitForState(el, 'sent', 'done');
    expect(backend.actionRequests()[0]!.body).to.deep.include({
      action: 'wipe',
      options: { mode: 'complete' },
    });
  });

  it('Escape closes the dialog, emits cancel, and returns focus to the button', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    trigger(el).focus();
    await sendKeys({ press: 'Enter' });
    await waitForState(el, 'ready');
    const cancel = oneEvent(el, 'hexnode-offboard-cancel');
    await sendKeys({ press: 'Escape' });
    expect((await cancel).detail.employee.email).to.equal(JANE);
    await el.updateComplete;
    expect(dialog(el).open).to.equal(false);
    expect(el.state).to.equal('idle');
    expect(await pageFocus(el)).to.equal('button.trigger');
    expect(backend.actionRequests()).to.have.length(0);
  });

  it('Cancel closes the dialog and returns focus to the button', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    const cancel = oneEvent(el, 'hexnode-offboard-cancel');
    $<HTMLButtonElement>(el, '.cancel')!.click();
    await cancel;
    await el.updateComplete;
    expect(dialog(el).open).to.equal(false);
    expect(await pageFocus(el)).to.equal('button.trigger');
  });

  it('Escape while the action is being sent does not close the dialog', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    backend.sim.setFaults({ latencyMs: 400 });
    submitButton(el).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.state).to.equal('submitting');
    await sendKeys({ press: 'Escape' });
    expect(dialog(el).open).to.equal(true);
    await waitForState(el, 'sent', 'done');
    expect(backend.sim.actionsSent()).to.have.length(1);
  });

  it('Escape twice while the action is being sent: the dialog comes back, no cancel, sent fires, one action', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    let cancelled = 0;
    let closes = 0;
    el.addEventListener('hexnode-offboard-cancel', () => cancelled++);
    dialog(el).addEventListener('close', () => closes++);
    const sent = oneEvent(el, 'hexnode-offboard-sent');
    backend.sim.setFaults({ latencyMs: 600 });
    submitButton(el).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.state).to.equal('submitting');
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Escape' }); // no user activation left: the browser closes the dialog this time
    await waitForState(el, 'sent', 'done');
    expect((await sent).detail.actionId).to.be.a('string');
    expect(closes).to.be.greaterThan(0);
    expect(dialog(el).open).to.equal(true);
    expect(dialog(el).matches(':modal')).to.equal(true);
    expect(cancelled).to.equal(0);
    expect(backend.actionRequests()).to.have.length(1);
    expect(backend.sim.actionsSent()).to.have.length(1);
  });

  it('closing after the action was sent emits no cancel', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    let cancelled = 0;
    el.addEventListener('hexnode-offboard-cancel', () => cancelled++);
    $<HTMLButtonElement>(el, '.close')!.click();
    await el.updateComplete;
    expect(dialog(el).open).to.equal(false);
    expect(cancelled).to.equal(0);
  });
});
