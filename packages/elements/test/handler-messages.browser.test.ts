// What the widget makes of the handler's newer answers: the email note of a lookalike address, one quiet retry
// of a token that is not valid yet (clocks apart), and Hexnode busy with how long to wait.
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import {
  $,
  ENDPOINT,
  JANE,
  confirmText,
  open,
  startBackend,
  submitButton,
  text,
  waitForState,
} from './harness.js';

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  HttpResponse.json(
    { type: 'about:blank', title: code, status, code, requestId: 'req_0123456789abcdef', ...extra },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );

describe('<hexnode-offboard-button> messages from the handler', () => {
  it('a lookalike address that matched nobody says why it was matched only exactly', async () => {
    const backend = await startBackend();
    // A long s and a dotless i: it folds onto sam.shift@ under NFKC and case folding, which the kit never does.
    const el = await backend.button('ſam.shıft@acme.example');
    await open(el);
    expect(el.state).to.equal('not-found');
    const note = $(el, '.email-note');
    expect(note, 'the note is shown').to.not.equal(null);
    expect(text(note)).to.contain('matched exactly, never with a lookalike');
    await expect(el).to.be.accessible();
  });

  it('session_not_yet_valid is retried once, a second later, with the same key; the action goes through', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    backend.use(
      http.post(`${ENDPOINT}/actions`, () => problem(401, 'session_not_yet_valid'), { once: true }),
    );
    await confirmText(el);
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    expect(backend.sim.actionsSent()).to.have.length(1);
    const sent = backend.actionRequests();
    // The refused attempt never reached the handler (msw answered it); the one that did carries the intent's key.
    expect(sent).to.have.length(1);
    expect(sent[0]!.headers.get('idempotency-key')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('a second session_not_yet_valid is an error, not a loop', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    let answered = 0;
    backend.use(
      http.post(`${ENDPOINT}/actions`, () => {
        answered++;
        return problem(401, 'session_not_yet_valid');
      }),
    );
    await confirmText(el);
    submitButton(el).click();
    await waitForState(el, 'error');
    expect(answered).to.equal(2);
    expect(text($(el, '#desc'))).to.contain('not valid yet');
    expect(backend.sim.actionsSent()).to.have.length(0);
  });

  it('hexnode_busy beyond max-wait says nothing was sent and when to try again', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    // Within max-wait (300 s) the widget waits and sends again (wait.browser.test.ts); beyond it, an error.
    backend.use(http.post(`${ENDPOINT}/actions`, () => problem(503, 'hexnode_busy', { retryAfter: 301 })));
    await confirmText(el, JANE);
    submitButton(el).click();
    await waitForState(el, 'error');
    expect(text($(el, '#desc'))).to.equal('Hexnode is busy right now. Nothing was sent.');
    expect(text($(el, '.retry-after'))).to.equal('Try again in 301 s.');
    await expect(el).to.be.accessible();
  });
});
