// Runs the simulator in Chromium: proves the main entry needs no Node-only API.
import { expect } from '@open-wc/testing';
import { createSimulator, type Simulator } from '../src/index.js';

const KEY = 'browser-key';

function get(sim: Simulator, path: string): Promise<Response> {
  return sim.handle(new Request(new URL(path, sim.baseUrl), { headers: { Authorization: KEY } }));
}

describe('simulator in a browser', () => {
  it('answers the Hexnode API through handle() with the seeded fleet', async () => {
    const sim = createSimulator({ apiKey: KEY });
    const response = await get(sim, 'users/?per_page=5');
    expect(response.status).to.equal(200);
    const page = (await response.json()) as {
      count: number;
      next: string;
      results: { email: string | null }[];
    };
    expect(page.count).to.equal(sim.users.length);
    expect(page.next).to.equal(`${sim.baseUrl}users/?per_page=5&page=2`);
    expect(sim.findUsersByEmail('jane.leaver@acme.example')).to.have.length(1);
  });

  it('queues an action and finishes it when the device checks in', async () => {
    let now = Date.parse('2026-03-02T09:00:00Z');
    const sim = createSimulator({ apiKey: KEY, now: () => now, checkinMs: 1000 });
    const sent = await sim.handle(
      new Request(new URL('actions/lock_devices/', sim.baseUrl), {
        method: 'POST',
        headers: { Authorization: KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify([{ devices: [2] }]),
      }),
    );
    expect(sent.status).to.equal(200);
    now += 1000;
    const status = (await (await get(sim, 'devices/2/action_status/')).json()) as {
      results: { status: string }[];
    };
    expect(status.results[0]!.status).to.equal('Success');
    expect(sim.actionsSent()).to.have.length(1);
  });

  it('refuses a request without the key', async () => {
    const sim = createSimulator({ apiKey: KEY });
    const response = await sim.handle(new Request(new URL('devices/', sim.baseUrl)));
    expect(response.status).to.equal(401);
  });
});
