import { expect, oneEvent } from '@open-wc/testing';
import { html } from 'lit';
import { $, ENDPOINT, JANE, mount, open, startBackend, text } from './harness.js';

describe('integration mistakes', () => {
  it('a refused origin is an error for IT with its own code, never “not allowed” for HR', async () => {
    // Cookie mode behind msw: the handler cannot see the page's Origin, as behind a proxy that rewrites it.
    await startBackend({ cookies: true });
    const el = await mount(
      html`<hexnode-offboard-button endpoint=${ENDPOINT} employee-email=${JANE}></hexnode-offboard-button>`,
    );
    const error = oneEvent(el, 'hexnode-offboard-error');
    await open(el);
    expect((await error).detail).to.include({ code: 'origin_not_allowed', status: 403 });
    expect(el.state).to.equal('error');
    expect(text($(el, '#desc'))).to.contain('not set up');
    expect(text(el.shadowRoot as unknown as Element)).not.to.contain('not allowed');
    await expect(el).to.be.accessible();
  });
});
