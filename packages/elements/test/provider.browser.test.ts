import { expect, oneEvent } from '@open-wc/testing';
import { html } from 'lit';
import { HttpResponse, http } from 'msw';
import { de } from '../src/locales/de.js';
import { en } from '../src/strings.js';
import type { HexnodeOffboardProvider } from '../src/index.js';
import {
  $,
  $$,
  ENDPOINT,
  JANE,
  confirmText,
  dialog,
  mount,
  open,
  startBackend,
  submitButton,
  text,
  trigger,
  waitForState,
} from './harness.js';

describe('<hexnode-offboard-provider>: endpoint, session tokens, strings, locale', () => {
  it('shares the endpoint and session token with every button inside it', async () => {
    const backend = await startBackend();
    const token = await backend.mint();
    const el = await mount(html`
      <hexnode-offboard-provider endpoint=${ENDPOINT} session-token=${token}>
        <div><hexnode-offboard-button employee-email=${JANE}></hexnode-offboard-button></div>
      </hexnode-offboard-provider>
    `);
    await open(el);
    expect(el.state).to.equal('ready');
    expect(backend.requests[0]!.headers.get('authorization')).to.equal(`Bearer ${token}`);
  });

  it("a button's own endpoint and session token override the provider's", async () => {
    const backend = await startBackend();
    const token = await backend.mint();
    const el = await mount(html`
      <hexnode-offboard-provider endpoint="/nowhere" session-token="wrong">
        <hexnode-offboard-button
          employee-email=${JANE}
          endpoint=${ENDPOINT}
          session-token=${token}
        ></hexnode-offboard-button>
      </hexnode-offboard-provider>
    `);
    await open(el);
    expect(el.state).to.equal('ready');
  });

  it('fetchSessionToken supplies the token when none is given, and is called once', async () => {
    const backend = await startBackend();
    let calls = 0;
    const fetchSessionToken = () => (calls++, backend.mint());
    const el = await mount(html`
      <hexnode-offboard-provider endpoint=${ENDPOINT} .fetchSessionToken=${fetchSessionToken}>
        <hexnode-offboard-button employee-email=${JANE} poll-interval="20"></hexnode-offboard-button>
      </hexnode-offboard-provider>
    `);
    await open(el);
    await confirmText(el);
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    expect(calls).to.equal(1);
  });

  it('a token expiring mid-flow: fetchSessionToken is called again and the action goes through once', async () => {
    const backend = await startBackend();
    const first = await backend.mint(JANE, 60);
    let calls = 0;
    const fetchSessionToken = () => (calls++, backend.mint(JANE, 60));
    const el = await mount(html`
      <hexnode-offboard-provider
        endpoint=${ENDPOINT}
        session-token=${first}
        .fetchSessionToken=${fetchSessionToken}
      >
        <hexnode-offboard-button employee-email=${JANE} poll-interval="20"></hexnode-offboard-button>
      </hexnode-offboard-provider>
    `);
    await open(el);
    await confirmText(el);
    backend.advance(120_000); // HR took two minutes to read the dialog: the token is gone
    submitButton(el).click();
    await waitForState(el, 'sent', 'done');
    expect(calls).to.equal(1);
    const attempts = backend.actionRequests();
    expect(attempts).to.have.length(2);
    expect(attempts[0]!.headers.get('authorization')).to.equal(`Bearer ${first}`);
    expect(attempts[1]!.headers.get('authorization')).to.not.equal(`Bearer ${first}`);
    expect(attempts[0]!.headers.get('idempotency-key')).to.equal(attempts[1]!.headers.get('idempotency-key'));
    expect(backend.sim.actionsSent()).to.have.length(1);
  });

  it('without fetchSessionToken an expired token is a session_expired error, and nothing is sent', async () => {
    const backend = await startBackend();
    const el = await backend.button();
    await open(el);
    await confirmText(el);
    backend.advance(3_600_000);
    const error = oneEvent(el, 'hexnode-offboard-error');
    submitButton(el).click();
    expect((await error).detail).to.include({ code: 'session_expired', during: 'action' });
    await el.updateComplete;
    expect(text($(el, '#desc'))).to.contain('session has ended');
    expect($$(el, '.back').length).to.equal(1);
    expect(backend.sim.actionsSent()).to.have.length(0);
  });

  it('cookie mode: no Authorization; the CSRF header, extra headers and the credentials mode go with every request', async () => {
    const backend = await startBackend({ cookies: true });
    const el = await mount(html`
      <hexnode-offboard-provider
        endpoint=${ENDPOINT}
        credentials="include"
        .headers=${{ 'X-Tenant': 'acme' }}
      >
        <hexnode-offboard-button employee-email=${JANE}></hexnode-offboard-button>
      </hexnode-offboard-provider>
    `);
    await open(el);
    const [preview] = backend.requests;
    expect(preview!.headers.get('x-hexnode-offboard')).to.equal('1');
    expect(preview!.headers.get('x-tenant')).to.equal('acme');
    expect(preview!.headers.has('authorization')).to.equal(false);
    expect(preview!.credentials).to.equal('include');
  });

  it('strings: the provider replaces any string', async () => {
    const backend = await startBackend();
    const el = await mount(html`
      <hexnode-offboard-provider
        endpoint=${ENDPOINT}
        session-token=${await backend.mint()}
        .strings=${{ buttonLabel: 'Revoke devices', cancel: 'Keep them', submit: (a: string, n: number) => `${a} x${n}` }}
      >
        <hexnode-offboard-button employee-email=${JANE}></hexnode-offboard-button>
      </hexnode-offboard-provider>
    `);
    expect(text(trigger(el))).to.equal('Revoke devices');
    await open(el);
    expect(text($(el, '.cancel'))).to.equal('Keep them');
    await confirmText(el);
    expect(text(submitButton(el))).to.equal('Lock x3');
    const provider = el.closest<HexnodeOffboardProvider>('hexnode-offboard-provider')!;
    provider.strings = { buttonLabel: 'Changed' };
    await provider.updateComplete;
    await el.updateComplete;
    expect(text($(el, '.cancel'))).to.equal('Cancel');
  });

  it('strings: overriding one error message keeps the default of every other one', async () => {
    const backend = await startBackend();
    const el = await mount(html`
      <hexnode-offboard-provider
        endpoint=${ENDPOINT}
        session-token=${await backend.mint()}
        .strings=${{ errors: { network_error: 'No network' }, actionNames: { lock: 'Freeze' } }}
      >
        <hexnode-offboard-button employee-email=${JANE}></hexnode-offboard-button>
      </hexnode-offboard-provider>
    `);
    await open(el);
    expect($$(el, '[part=actions] .name').map(text)).to.deep.equal(['Freeze', 'Full wipe']);
    $<HTMLButtonElement>(el, '.cancel')!.click();
    await waitForState(el, 'idle');

    backend.use(
      http.post(`${ENDPOINT}/preview`, () => HttpResponse.json({ hello: 'world' }), { once: true }),
    );
    await open(el);
    expect(el.state).to.equal('error');
    expect(text($(el, '#desc'))).to.equal('The server sent an answer the widget does not understand.');
    $<HTMLButtonElement>(el, '.cancel')!.click();
    await waitForState(el, 'idle');

    backend.use(http.post(`${ENDPOINT}/preview`, () => HttpResponse.error()));
    await open(el);
    expect(el.state).to.equal('error');
    expect(text($(el, '#desc'))).to.equal('No network');
  });

  it('lang names the language on screen: English where English fills in, the locale for a complete set of strings', async () => {
    const backend = await startBackend();
    const token = await backend.mint();
    const withStrings = (strings?: object) =>
      mount(html`
        <hexnode-offboard-provider
          endpoint=${ENDPOINT}
          session-token=${token}
          locale="fr"
          .strings=${strings}
        >
          <hexnode-offboard-button employee-email=${JANE}></hexnode-offboard-button>
        </hexnode-offboard-provider>
      `);
    const french = await withStrings();
    expect(text(trigger(french))).to.equal('Offboard devices');
    expect(trigger(french).getAttribute('lang')).to.equal('en');
    expect(dialog(french).getAttribute('lang')).to.equal('en');
    // One string replaced: the rest of the text on screen is still English.
    const partial = await withStrings({ buttonLabel: 'Désactiver les appareils' });
    expect(trigger(partial).getAttribute('lang')).to.equal('en');
    const complete = await withStrings({ ...en, buttonLabel: 'Désactiver les appareils' });
    expect(text(trigger(complete))).to.equal('Désactiver les appareils');
    expect(trigger(complete).getAttribute('lang')).to.equal('fr');
    expect(dialog(complete).getAttribute('lang')).to.equal('fr');
  });

  it('German: locale="de" loads the German strings and formats dates in German', async () => {
    const backend = await startBackend();
    const el = await mount(html`
      <hexnode-offboard-provider endpoint=${ENDPOINT} session-token=${await backend.mint()} locale="de">
        <hexnode-offboard-button employee-email=${JANE} employee-name="Jane Leaver"></hexnode-offboard-button>
      </hexnode-offboard-provider>
    `);
    await waitForText(el, () => text(trigger(el)), 'Geräte offboarden');
    expect(trigger(el).getAttribute('lang')).to.equal('de');
    await open(el);
    expect(text($(el, '#title'))).to.equal('Jane Leaver offboarden');
    expect(text($(el, '.cancel'))).to.equal('Abbrechen');
    expect(text($(el, '[part=actions]'))).to.contain('Vollständig löschen');
    expect(dialog(el).getAttribute('lang')).to.equal('de');
    await confirmText(el);
    expect(text(submitButton(el))).to.equal('Sperren: 3 Geräte');
    await expect(el).to.be.accessible();
  });

  it('German: the strings object from @hexnode-offboard/elements/locales/de works as strings', async () => {
    const backend = await startBackend();
    const el = await mount(html`
      <hexnode-offboard-provider
        endpoint=${ENDPOINT}
        session-token=${await backend.mint('not.in.hexnode@acme.example')}
        .strings=${de}
      >
        <hexnode-offboard-button employee-email="not.in.hexnode@acme.example"></hexnode-offboard-button>
      </hexnode-offboard-provider>
    `);
    expect(text(trigger(el))).to.equal('Geräte offboarden');
    await open(el);
    expect(el.state).to.equal('not-found');
    expect(text($(el, '#title'))).to.equal('Nicht in Hexnode');
  });
});

async function waitForText(el: { updateComplete: Promise<boolean> }, read: () => string, want: string) {
  for (let i = 0; i < 100 && read() !== want; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await el.updateComplete;
  }
  expect(read()).to.equal(want);
}
