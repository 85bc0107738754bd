import { expect } from '@open-wc/testing';
import '../src/index.js';
import { de } from '../src/locales/de-preload.js';
import type { HexnodeOffboardButton } from '../src/index.js';

describe('locales/de/preload: German before the first render', () => {
  it('a button under locale="de" renders German from its first update on, never English first', async () => {
    const provider = document.createElement('hexnode-offboard-provider');
    provider.setAttribute('locale', 'de');
    const button = document.createElement('hexnode-offboard-button') as HexnodeOffboardButton;
    button.setAttribute('employee-email', 'jane.leaver@acme.example');
    const rendered: { label: string; lang: string | null }[] = [];
    button.addController({
      hostUpdated() {
        const trigger = button.shadowRoot!.querySelector('[part=button]')!;
        rendered.push({ label: trigger.textContent!.trim(), lang: trigger.getAttribute('lang') });
      },
    });
    provider.append(button);
    document.body.append(provider);
    try {
      await button.updateComplete;
      expect(rendered.length).to.be.greaterThan(0);
      expect(rendered[0]).to.deep.equal({ label: de.buttonLabel, lang: 'de' });
      expect(rendered.every((r) => r.label === de.buttonLabel)).to.equal(true);
    } finally {
      provider.remove();
    }
  });
});
