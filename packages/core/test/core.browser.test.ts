import { expect } from '@open-wc/testing';
import {
  HexnodeAuthenticationError,
  HexnodeClient,
  HexnodeDirectory,
  HexnodeInvalidResponseError,
  OffboardingPlanner,
  normalizeEmail,
} from '@hexnode-offboard/core';
import { createSimulator, HARD_CASES } from '@hexnode-offboard/simulator';

const API_KEY = 'browser-test-key-0123456789';

/** The simulator as the client's `fetch`: the whole Hexnode API, in the page, no network. */
function simulatedClient(apiKey = API_KEY) {
  const simulator = createSimulator({ apiKey, checkinMs: 60_000 });
  const client = new HexnodeClient({
    baseUrl: simulator.baseUrl,
    apiKey,
    retry: false,
    fetch: (input, init) => simulator.handle(new Request(input, init)),
  });
  return { simulator, client };
}

describe('core in the browser', () => {
  it('normalizeEmail trims and lower-cases ASCII only', () => {
    expect(normalizeEmail('  Jane.Leaver@ACME.example ')).to.equal('jane.leaver@acme.example');
    expect(normalizeEmail('ｊａｎｅ@acme.example')).to.equal('ｊａｎｅ@acme.example');
    expect(normalizeEmail(null)).to.equal('');
  });

  it('the client pages through users with the fetch it is given', async () => {
    const { client, simulator } = simulatedClient();
    const ids: number[] = [];
    for await (const user of client.users.list({ perPage: 7 })) ids.push(user.id);
    expect(ids).to.deep.equal(simulator.users.map((user) => user.id));
    expect(simulator.log.length).to.equal(Math.ceil(simulator.users.length / 7));
  });

  it('a wrong key is an authentication error that does not contain the key', async () => {
    const simulator = createSimulator({ apiKey: 'the-right-key' });
    const client = new HexnodeClient({
      baseUrl: simulator.baseUrl,
      apiKey: API_KEY,
      fetch: (input, init) => simulator.handle(new Request(input, init)),
    });
    let caught: unknown;
    try {
      await client.users.get(1);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(HexnodeAuthenticationError);
    expect(String(caught) + JSON.stringify(caught) + (caught as Error).stack).not.to.include(API_KEY);
  });

  it('a malformed answer is an invalid-response error', async () => {
    const client = new HexnodeClient({
      baseUrl: 'https://acme.hexnodemdm.com/api/v1/',
      apiKey: API_KEY,
      fetch: async () => new Response('{"count": 1, "results": [', { status: 200 }),
    });
    let caught: unknown;
    try {
      await client.users.getPage(1);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(HexnodeInvalidResponseError);
  });

  it('the directory and planner resolve a leaver and send one action', async () => {
    const { client, simulator } = simulatedClient();
    const directory = new HexnodeDirectory(client);
    const planner = new OffboardingPlanner({ client, directory });
    const plan = await planner.plan({ email: HARD_CASES.manager.email });
    expect(plan.devices).to.have.length(3);
    const result = await planner.execute(
      plan,
      'lock',
      plan.devices.map((device) => device.id),
    );
    expect(result.batches).to.equal(1);
    expect(simulator.actionsSent()).to.have.length(1);
  });
});
