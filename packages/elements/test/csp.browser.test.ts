import { expect } from '@open-wc/testing';
import { confirmText, open, startBackend, submitButton, trigger, waitForState } from './harness.js';

// This page runs under a strict style policy from here on: no inline styles at all.
const meta = document.createElement('meta');
meta.httpEquiv = 'Content-Security-Policy';
meta.content = "style-src 'self'";
document.head.append(meta);

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) =>
  violations.push(`${e.effectiveDirective} ${e.sourceFile}:${e.lineNumber}`),
);

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("<hexnode-offboard-button> under Content-Security-Policy: style-src 'self'", () => {
  it('the policy is enforced on this page (an inline style attribute is reported)', async () => {
    const probe = document.createElement('div');
    probe.innerHTML = '<span style="color: red">inline</span>';
    document.body.append(probe);
    await settle();
    probe.remove();
    expect(violations.some((v) => v.startsWith('style-src'))).to.equal(true);
    violations.length = 0;
  });

  it('the whole flow, styles applied, with no violation', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    expect(getComputedStyle(trigger(el)).backgroundColor).to.equal('rgb(26, 86, 219)');
    await open(el);
    await confirmText(el);
    submitButton(el).click();
    await waitForState(el, 'done');
    await settle();
    expect(violations).to.deep.equal([]);
  });
});
