/** What the handler takes as fact and what as claimed: the tenant and the employee's name and id. */
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { createMemoryStore, type Actor, type OffboardStore } from '@hexnode-offboard/proxy';
import {
  ACTORS,
  JANE,
  actionBody,
  browserRequest,
  makeHandler,
  problemOf,
  useSimulator,
} from './support/harness.js';

const sim = useSimulator();
let store: OffboardStore;
beforeEach(() => {
  store = createMemoryStore();
});

test('an actor with the empty tenant is refused (500, logged): it would share idempotency keys with "no tenant"', async () => {
  const logged: string[] = [];
  const handler = makeHandler(sim, {
    store,
    authorize: async (): Promise<Actor> => ({ ...ACTORS.hr, tenant: '' }),
    logger: { error: (message) => void logged.push(message) },
  });
  const response = await handler(browserRequest('/actions', actionBody(sim.simulator)));
  const problem = await problemOf(response);
  assert.deepEqual([problem.status, problem.code], [500, 'internal_error']);
  assert.deepEqual(logged, ['authorize returned an invalid actor']);
  assert.deepEqual(sim.simulator.actionsSent(), []);
  assert.deepEqual(await store.readAudit(), []);
});

test('the employee name and id the browser sends are recorded as claimed, not as facts', async () => {
  const handler = makeHandler(sim, { store });
  const body = actionBody(sim.simulator, { employee: { email: JANE, name: 'Jane Leaver', id: 'E1001' } });
  assert.equal((await handler(browserRequest('/actions', body))).status, 202);
  const [intent] = await store.readAudit({ events: ['action'] });
  assert.deepEqual(intent?.employee, { email: JANE, name: 'Jane Leaver', id: 'E1001', source: 'claimed' });
});

test('with resolveEmployee, the HRMS’s name and id are recorded instead; a failing hook falls back to claimed', async () => {
  const asked: string[] = [];
  const handler = makeHandler(sim, {
    store,
    resolveEmployee: async (email, actor) => {
      asked.push(`${email} ${actor.id}`);
      return { name: 'Jane Leaver (HR)', id: 'E1001' };
    },
  });
  const body = { employee: { email: ' Jane.Leaver@ACME.example ', name: 'Not Jane', id: 'E9999' } };
  assert.equal((await handler(browserRequest('/preview', body))).status, 200);
  const [preview] = await store.readAudit({ events: ['preview'] });
  assert.deepEqual(preview?.employee, { email: JANE, name: 'Jane Leaver (HR)', id: 'E1001', source: 'hrms' });
  assert.deepEqual(asked, [`${JANE} hr-1`]);

  const broken = makeHandler(sim, {
    store,
    resolveEmployee: async () => {
      throw new Error('HRMS down');
    },
    logger: { error: () => undefined },
  });
  assert.equal((await broken(browserRequest('/preview', body))).status, 200);
  const [, second] = await store.readAudit({ events: ['preview'] });
  assert.deepEqual(second?.employee, { email: JANE, name: 'Not Jane', id: 'E9999', source: 'claimed' });
});
