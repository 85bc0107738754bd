import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { $, open, startBackend, trigger } from './harness.js';

const css = (el: Element, property: string) => getComputedStyle(el).getPropertyValue(property);

describe('<hexnode-offboard-button> theming', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('custom properties restyle it from outside, each with a default', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    expect(css(trigger(el), 'background-color')).to.equal('rgb(26, 86, 219)');
    el.style.setProperty('--hexnode-offboard-accent', 'rgb(1, 2, 3)');
    expect(css(trigger(el), 'background-color')).to.equal('rgb(1, 2, 3)');
  });

  it('::part() styles the inner button from the page', async () => {
    const backend = await startBackend();
    await fixture(
      html`<style>
        .themed::part(button) {
          text-transform: uppercase;
        }
      </style>`,
    );
    const el = await backend.button();
    el.classList.add('themed');
    expect(css(trigger(el), 'text-transform')).to.equal('uppercase');
  });

  it('dark: follows prefers-color-scheme, and the open dialog is still accessible', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    expect(css($(el, 'dialog')!, 'background-color')).to.equal('rgb(22, 27, 34)');
    expect(css(trigger(el), 'background-color')).to.equal('rgb(68, 147, 248)');
    await expect(el).to.be.accessible();
  });

  it('--hexnode-offboard-color-scheme: light keeps it light on a dark system', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const backend = await startBackend();
    const el = await backend.button();
    el.style.setProperty('--hexnode-offboard-color-scheme', 'light');
    expect(css(trigger(el), 'background-color')).to.equal('rgb(26, 86, 219)');
  });
});
