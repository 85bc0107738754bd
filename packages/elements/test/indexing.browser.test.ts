import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { $, ENDPOINT, JANE, open, startBackend, text, waitForState } from './harness.js';

// A portal too big for one window of the background share: 6,000 users (24 pages) and 50 devices (1 page), so
// the handler's first index takes about two of the test's one-second minutes and the first preview says so.
const fleet = {
  users: Array.from({ length: 6000 }, (_, i) => ({
    name: `User ${i + 1}`,
    email: `user${i + 1}@acme.example`,
  })),
  devices: Array.from({ length: 50 }, (_, i) => ({
    name: `Device ${i + 1}`,
    platform: 'android' as const,
    userId: i + 1,
  })),
};

describe('<hexnode-offboard-button> while the handler indexes Hexnode', () => {
  it('shows "Indexing Hexnode: n of 25 pages", asks again by itself, then the devices "as of" the index', async () => {
    const backend = await startBackend({ simulator: { fleet } });
    const el = await backend.button('user5@acme.example');
    await open(el);
    expect(el.state).to.equal('indexing');
    expect(text($(el, '#desc'))).to.match(/^Indexing Hexnode: \d+ of 25 pages$/);
    expect($(el, 'button.cancel')).to.not.equal(null);

    await waitForState(el, 'ready');
    const previews = backend.requests.filter((r) => r.path.endsWith('/preview'));
    expect(previews.length).to.be.greaterThan(1, 'the widget asked again without a click');
    expect(text($(el, '.as-of'))).to.match(/^devices as of \d{1,2}:\d{2}/);
    expect(el.shadowRoot!.querySelectorAll('input.device')).to.have.length(1);
  });

  it('an index older than today (served while it refreshes, or while Hexnode is down) says its date too', async () => {
    const backend = await startBackend();
    // The handler's own answer, with the index as it was on an earlier day.
    backend.use(
      http.post(`${ENDPOINT}/preview`, async ({ request }) => {
        const answer = (await (await backend.handle(request)).json()) as Record<string, unknown>;
        return HttpResponse.json({ ...answer, indexedAt: '2026-01-05T09:03:00.000Z' });
      }),
    );
    const el = await backend.button(JANE);
    await open(el);
    expect(el.state).to.equal('ready');
    expect(text($(el, '.as-of'))).to.match(/^devices as of .*2026/);
  });
});
