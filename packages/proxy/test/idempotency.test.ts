import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { createMemoryStore, type OffboardStore } from '@hexnode-offboard/proxy';
import { STORES } from './support/stores.js';
import { actionBody, browserRequest, makeHandler, problemOf, useSimulator } from './support/harness.js';

const sim = useSimulator();
let store: OffboardStore;

beforeEach(() => {
  store = createMemoryStore();
});

describe('idempotency', () => {
  test('same key and body replays the first answer without a second Hexnode call', async () => {
    const handler = makeHandler(sim, { store });
    const key = crypto.randomUUID();
    const first = await handler(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
    );
    const firstBody = await first.text();
    const second = await handler(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
    );
    assert.equal(first.status, 202);
    assert.equal(second.status, 202);
    assert.equal(await second.text(), firstBody);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.notEqual(second.headers.get('x-request-id'), first.headers.get('x-request-id'));
    assert.equal(sim.simulator.actionsSent().length, 1);
    const outcomes = (await store.readAudit({ events: ['action'] })).map((record) => record.outcome);
    assert.deepEqual(outcomes, ['allowed', 'replayed']);
  });

  test('a replay whose body differs only in key order and spacing is the same request', async () => {
    const handler = makeHandler(sim, { store });
    const key = crypto.randomUUID();
    const body = actionBody(sim.simulator);
    await handler(browserRequest('/actions', body, { idempotencyKey: key }));
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const replay = await handler(
      browserRequest('/actions', null, { idempotencyKey: key, rawBody: JSON.stringify(reordered, null, 2) }),
    );
    assert.equal(replay.status, 202);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(sim.simulator.actionsSent().length, 1);
  });

  test('same key with another body is 422 idempotency_conflict and sends nothing more', async () => {
    const handler = makeHandler(sim, { store });
    const key = crypto.randomUUID();
    await handler(browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }));
    const conflict = await handler(
      browserRequest('/actions', actionBody(sim.simulator, { options: { mode: 'complete' } }), {
        idempotencyKey: key,
      }),
    );
    assert.deepEqual(await problemOf(conflict).then((p) => [p.status, p.code]), [
      422,
      'idempotency_conflict',
    ]);
    assert.equal(sim.simulator.actionsSent().length, 1);
  });

  for (const fixture of STORES) {
    test(`50 concurrent identical submissions make exactly one Hexnode call (${fixture.name})`, async () => {
      const opened = fixture.open();
      const handler = makeHandler(sim, { store: opened.store });
      try {
        const key = crypto.randomUUID();
        const responses = await Promise.all(
          Array.from({ length: 50 }, () =>
            handler(browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key })),
          ),
        );
        assert.equal(sim.simulator.actionsSent().length, 1);
        const statuses = responses.map((response) => response.status);
        assert.ok(
          statuses.every((status) => status === 202 || status === 409),
          `statuses: ${statuses.join(',')}`,
        );
        const accepted = await Promise.all(
          responses.filter((r) => r.status === 202).map((r) => r.json() as Promise<{ id: string }>),
        );
        assert.ok(accepted.length >= 1);
        assert.equal(new Set(accepted.map((body) => body.id)).size, 1, 'every 202 names the same action');
        const inFlight = responses.filter((r) => r.status === 409);
        for (const response of inFlight)
          assert.equal((await problemOf(response)).code, 'idempotency_in_flight');
      } finally {
        await opened.cleanup();
      }
    });
  }

  test('keys are scoped to the actor: the same key from another actor is another request', async () => {
    const handler = makeHandler(sim, { store });
    const key = crypto.randomUUID();
    const first = await handler(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key, actor: 'hr' }),
    );
    const second = await handler(
      browserRequest('/actions', actionBody(sim.simulator, { repeat: true }), {
        idempotencyKey: key,
        actor: 'admin',
      }),
    );
    assert.equal(first.status, 202);
    assert.equal(second.status, 202);
    assert.equal(second.headers.get('idempotent-replayed'), null);
    assert.equal(sim.simulator.actionsSent().length, 2);
  });

  test('a request refused before Hexnode gives its key back, so the corrected request can use it', async () => {
    const handler = makeHandler(sim, { store });
    const key = crypto.randomUUID();
    const refused = await handler(
      browserRequest('/actions', actionBody(sim.simulator, { confirmation: 'typo' }), {
        idempotencyKey: key,
      }),
    );
    assert.equal(refused.status, 422);
    const corrected = await handler(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
    );
    assert.equal(corrected.status, 202);
    assert.equal(sim.simulator.actionsSent().length, 1);
  });

  test('records are kept 24 hours; after that the key is free again', async () => {
    let clock = Date.now();
    const handler = makeHandler(sim, { store, now: () => clock });
    const key = crypto.randomUUID();
    await handler(
      browserRequest('/actions', actionBody(sim.simulator, { repeat: true }), { idempotencyKey: key }),
    );
    clock += 23 * 60 * 60 * 1000;
    const replay = await handler(
      browserRequest('/actions', actionBody(sim.simulator, { repeat: true }), { idempotencyKey: key }),
    );
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    clock += 2 * 60 * 60 * 1000;
    const fresh = await handler(
      browserRequest('/actions', actionBody(sim.simulator, { repeat: true }), { idempotencyKey: key }),
    );
    assert.equal(fresh.status, 202);
    assert.equal(fresh.headers.get('idempotent-replayed'), null);
    assert.equal(sim.simulator.actionsSent().length, 2);
  });
});

describe('when Hexnode fails the action itself', () => {
  /** The simulator behind a network edge that answers action POSTs with `status` instead of forwarding them. */
  function failingActions(status: number) {
    const attempts: string[] = [];
    const edge: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'POST' && new URL(request.url).pathname.includes('/actions/')) {
        attempts.push(new URL(request.url).pathname);
        return new Response(JSON.stringify({ detail: 'upstream says no' }), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
      }
      return fetch(request);
    };
    return { attempts, edge };
  }

  test('a 5xx is 502 hexnode_unavailable, never retried, and a retry with the key replays it instead of sending again', async () => {
    const { attempts, edge } = failingActions(503);
    const handler = makeHandler(sim, { store, fetch: edge });
    const key = crypto.randomUUID();
    const first = await handler(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
    );
    const problem = await problemOf(first);
    assert.deepEqual([problem.status, problem.code], [502, 'hexnode_unavailable']);
    assert.doesNotMatch(JSON.stringify(problem.body), /upstream says no/);
    const retry = await handler(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
    );
    assert.equal(retry.status, 502);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(attempts.length, 1);
    const results = await store.readAudit({ events: ['action_result'] });
    assert.deepEqual(
      results.map((record) => [record.outcome, record.code, record.hexnodeStatus]),
      [['failed', 'hexnode_unavailable', 503]],
    );
  });

  test('a refused API key on the action is 502 hexnode_misconfigured and gives the key back', async () => {
    const { attempts, edge } = failingActions(401);
    const handler = makeHandler(sim, { store, fetch: edge });
    const key = crypto.randomUUID();
    const first = await handler(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
    );
    assert.equal((await problemOf(first)).code, 'hexnode_misconfigured');
    assert.equal(await store.getIdempotencyRecord({ tenant: 'acme', actorId: 'hr-1', key }), null);
    const working = makeHandler(sim, { store });
    const retry = await working(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
    );
    assert.equal(retry.status, 202);
    assert.equal(attempts.length, 1);
    assert.equal(sim.simulator.actionsSent().length, 1);
  });
});

describe('one employee, several idempotency keys', () => {
  test('two concurrent actions on one employee with different keys send exactly one Hexnode action', async () => {
    const handler = makeHandler(sim, { store });
    const [first, second] = await Promise.all([
      handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'hr' })),
      handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'admin' })),
    ]);
    const statuses = [first!.status, second!.status].sort();
    assert.deepEqual(statuses, [202, 409]);
    assert.equal(sim.simulator.actionsSent().length, 1);
  });

  test('after Hexnode may have acted (it took the wipe but answered 504), a new key without repeat is refused', async () => {
    // The wipe reaches Hexnode, but the answer is lost: Hexnode acted, the handler cannot know.
    const edge: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const answer = await fetch(request);
      if (request.method === 'POST' && new URL(request.url).pathname.includes('/actions/')) {
        return new Response('{"detail":"gateway timeout"}', { status: 504 });
      }
      return answer;
    };
    const handler = makeHandler(sim, { store, fetch: edge });
    const first = await handler(browserRequest('/actions', actionBody(sim.simulator)));
    assert.equal((await problemOf(first)).code, 'hexnode_unavailable');

    const again = await handler(browserRequest('/actions', actionBody(sim.simulator)));
    const problem = await problemOf(again);
    assert.deepEqual([problem.status, problem.code], [409, 'already_offboarded']);
    assert.equal(sim.simulator.actionsSent().length, 1);

    const deliberate = await handler(browserRequest('/actions', actionBody(sim.simulator, { repeat: true })));
    assert.equal(deliberate.status, 502, 'a deliberate repeat is sent (and fails at the same edge)');
    assert.equal(sim.simulator.actionsSent().length, 2);
  });

  test('a failure Hexnode certainly refused (400) does not count as offboarded', async () => {
    const edge: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'POST' && new URL(request.url).pathname.includes('/actions/')) {
        return new Response('["bad body"]', { status: 400, headers: { 'Content-Type': 'application/json' } });
      }
      return fetch(request);
    };
    const refusing = makeHandler(sim, { store, fetch: edge });
    const refused = await refusing(browserRequest('/actions', actionBody(sim.simulator)));
    assert.equal(refused.status, 502);
    const handler = makeHandler(sim, { store });
    const next = await handler(browserRequest('/actions', actionBody(sim.simulator)));
    assert.equal(next.status, 202);
    assert.equal(sim.simulator.actionsSent().length, 1);
  });
});
