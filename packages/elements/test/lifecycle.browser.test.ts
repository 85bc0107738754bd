import { expect } from '@open-wc/testing';
import { HexnodeOffboardButton, HexnodeOffboardProvider, defineOffboardElements } from '../src/index.js';
import { confirmText, open, startBackend, submitButton, waitForState } from './harness.js';

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
