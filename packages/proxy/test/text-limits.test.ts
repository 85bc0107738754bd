/**
 * Text limits count characters (code points), not UTF-16 units: a reason of 1000 emoji is accepted and
 * recorded whole, text cut to fit (an actor's name from the HRMS) is cut between characters and stays within
 * its limit, and a lone surrogate is replaced rather than recorded.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { createMemoryStore, type OffboardStore } from '@hexnode-offboard/proxy';
import {
  ACTORS,
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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const characters = (text: string) => Array.from(text).length;

async function intentRecord() {
  const [record] = await store.readAudit({ events: ['action'], outcomes: ['allowed'] });
  assert.ok(record, 'the action was recorded');
  return record;
}

describe('reasons', () => {
  test('a reason of 1000 emoji (2000 UTF-16 units) is accepted and recorded whole', async () => {
    const reason = '🧳'.repeat(1000);
    const handler = makeHandler(sim, { store });
    const response = await handler(browserRequest('/actions', actionBody(sim.simulator, { reason })));
    assert.equal(response.status, 202);
    assert.equal((await intentRecord()).reason, reason);
  });

  test('a reason of 1001 characters is refused, not cut', async () => {
    const handler = makeHandler(sim, { store });
    const response = await handler(
      browserRequest('/actions', actionBody(sim.simulator, { reason: '🧳'.repeat(1001) })),
    );
    const problem = await problemOf(response);
    assert.deepEqual([problem.status, problem.code], [400, 'invalid_request']);
    assert.deepEqual(sim.simulator.actionsSent(), []);
  });

  test('a lone surrogate in a reason is replaced in the record, never stored', async () => {
    const handler = makeHandler(sim, { store });
    const rawBody = JSON.stringify(actionBody(sim.simulator)).replace('"Last day"', '"Last \\ud83d day"');
    const response = await handler(browserRequest('/actions', null, { rawBody }));
    assert.equal(response.status, 202);
    assert.equal((await intentRecord()).reason, 'Last \uFFFD day');
  });
});

describe('text cut to fit', () => {
  test("an actor's name of 300 emoji is recorded as 199 of them and an ellipsis, never half a pair", async () => {
    const name = '👩🏽‍💼'.repeat(60); // 5 code points each: 300 characters, 420 UTF-16 units
    const handler = makeHandler(sim, { store, authorize: async () => ({ ...ACTORS.hr, name }) });
    const response = await handler(browserRequest('/actions', actionBody(sim.simulator)));
    assert.equal(response.status, 202);
    const recorded = (await intentRecord()).actor.name;
    assert.equal(characters(recorded), 200);
    assert.ok(recorded.endsWith('…'));
    assert.ok(name.startsWith(recorded.slice(0, -1)));
    assert.doesNotMatch(recorded, LONE_SURROGATE);
  });
});
