/**
 * The main entry in a browser page (as Storybook runs it): the handler with the memory store, against the
 * simulator's fetch-style handler, with Web APIs only.
 */
import { expect } from '@open-wc/testing';
import {
  createMemoryStore,
  createOffboardHandler,
  mintSessionToken,
  verifyAuditLog,
} from '@hexnode-offboard/proxy';
import { createSimulator } from '@hexnode-offboard/simulator';

const EMAIL = 'jane.leaver@acme.example';
const SECRET = 'browser-test-secret-0123456789abcdef';

describe('the handler in a browser page', () => {
  it('previews, sends one wipe with a session token, and keeps a verifiable audit chain', async () => {
    const simulator = createSimulator({ checkinMs: 0 });
    const store = createMemoryStore();
    const handler = createOffboardHandler({
      hexnode: { baseUrl: simulator.baseUrl, apiKey: simulator.apiKey },
      fetch: (input, init) => simulator.handle(new Request(input, init)),
      sessionTokens: { secret: SECRET },
      store,
    });
    const token = await mintSessionToken({
      secret: SECRET,
      actor: { id: 'hr-1', name: 'Hanna HR' },
      employee: EMAIL,
      actions: ['lock', 'wipe'],
    });
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
    const base = `${location.origin}/api/hexnode-offboard`;

    const preview = await handler(
      new Request(`${base}/preview`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ employee: { email: EMAIL } }),
      }),
    );
    expect(preview.status).to.equal(200);
    const { devices } = (await preview.json()) as { devices: { id: number }[] };
    expect(devices.length).to.equal(3);

    const sent = await handler(
      new Request(`${base}/actions`, {
        method: 'POST',
        headers: { ...headers, 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify({
          employee: { email: EMAIL },
          action: 'wipe',
          deviceIds: devices.map((device) => device.id),
          confirmation: EMAIL,
        }),
      }),
    );
    expect(sent.status).to.equal(202);
    const actions = simulator.actionsSent();
    expect(actions.length).to.equal(1);
    // The documented full wipe: the bare body, no guessed mode field.
    expect(actions[0]!.body).to.deep.equal({ devices: devices.map((device) => device.id) });
    expect(await verifyAuditLog(store)).to.deep.equal({ ok: true, records: 3 });
  });
});
