/**
 * Floods stay bounded: refusals are recorded up to a per-actor limit, then answered `429` with one summary
 * record per minute; status polls are rate-limited per actor, so they cannot spend Hexnode's budget.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { after, test } from 'node:test';
import { startSimulator } from '@hexnode-offboard/simulator/node';
import { createOffboardHandler } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import type { ActionAccepted } from '@hexnode-offboard/core/protocol';
import {
  API_KEY,
  CORPORATE_WIPE,
  JANE,
  ORIGIN,
  authorizeFromCookie,
  actionBody,
  browserRequest,
  makeHandler,
  problemOf,
  useSimulator,
} from './support/harness.js';
import { tempDir } from './support/stores.js';

const sim = useSimulator();
const MINUTE = 60_000;

test('a refusal flood meets 429 and stays bounded on disk: one record per refusal up to the limit, then one for the rest', async () => {
  const temp = tempDir();
  const path = join(temp.dir, 'offboard.db');
  const store = createSqliteStore({ path });
  let clock = Date.UTC(2026, 10, 25, 9, 0, 0);
  const handler = makeHandler(sim, { store, now: () => clock, limits: { maxRefusalsPerActorPerMinute: 5 } });
  const refusedPreview = () =>
    handler(browserRequest('/preview', { employee: { email: JANE } }, { actor: 'norole' }));
  try {
    const statuses: number[] = [];
    for (let index = 0; index < 400; index++) statuses.push((await refusedPreview()).status);
    assert.deepEqual(statuses.slice(0, 5), [403, 403, 403, 403, 403]);
    assert.ok(
      statuses.slice(5).every((status) => status === 429),
      'the flood meets 429',
    );
    const flooded = await refusedPreview();
    assert.ok(Number(flooded.headers.get('retry-after')) > 0);
    assert.equal((await problemOf(flooded)).code, 'rate_limited');
    // Another actor is not held back.
    assert.equal((await handler(browserRequest('/preview', { employee: { email: JANE } }))).status, 200);
    const size = statSync(path).size;

    // A minute later one record says how many were refused meanwhile, and the actor is counted afresh.
    clock += MINUTE + 1;
    assert.equal((await refusedPreview()).status, 403);
    const records = await store.readAudit({ events: ['preview'], outcomes: ['denied'] });
    assert.deepEqual(
      records.map((record) => record.code),
      ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'rate_limited', 'forbidden'],
    );
    assert.match(records[5]!.reason ?? '', /^396 similar refusals from /);
    assert.equal(records[5]!.actor.id, 'hr-2');
    assert.ok(statSync(path).size < size + 64 * 1024, 'the flood did not grow the file');
  } finally {
    await store.close?.();
    temp.remove();
  }
});

test('status polls are limited per actor: past the limit the answer is 429, and no poll reads Hexnode', async () => {
  // The subject is the handler's own per-actor poll limit over one minute of its clock. Ten polls read 30
  // action statuses, more than Hexnode's minute allows: with the real throttle and the kit's budget the reads
  // would be paced over several real minutes and the poll window would slide meanwhile. So this test's portal
  // and budget do not bind (the throttle and budget have their own tests in core and the simulator).
  const portal = await startSimulator({ apiKey: API_KEY, checkinMs: 0, throttle: false });
  after(() => portal.close());
  let clock = Date.now();
  const handler = createOffboardHandler({
    hexnode: {
      baseUrl: portal.url,
      apiKey: API_KEY,
      budget: { callsPerWindow: 100_000, dailyCallsPerDevice: 0 },
      wipeOptions: { corporate: CORPORATE_WIPE },
    },
    authorize: authorizeFromCookie,
    allowedOrigins: [ORIGIN],
    actions: ['lock', 'wipe'],
    limits: { maxStatusPollsPerActorPerMinute: 10 },
    now: () => clock,
  });
  const accepted = (await (
    await handler(browserRequest('/actions', actionBody(portal.simulator)))
  ).json()) as ActionAccepted;
  clock += 1;
  portal.simulator.log.length = 0;
  const statuses: number[] = [];
  for (let index = 0; index < 40; index++) {
    statuses.push((await handler(browserRequest(`/actions/${accepted.id}`, null, { method: 'GET' }))).status);
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
  assert.ok(statuses.slice(10).every((status) => status === 429));
  // A poll answers from the action's tracker: none of the 40 read Hexnode.
  const reads = portal.simulator.log.filter((entry) => entry.path.endsWith('/action_status/'));
  assert.equal(reads.length, 0);
  // Another actor following the same action is not held back.
  const other = await handler(
    browserRequest(`/actions/${accepted.id}`, null, { method: 'GET', actor: 'admin' }),
  );
  assert.equal(other.status, 200);
});

test('the new limits must be positive integers', () => {
  assert.throws(() => makeHandler(sim, { limits: { maxRefusalsPerActorPerMinute: 0 } }), TypeError);
  assert.throws(() => makeHandler(sim, { limits: { maxStatusPollsPerActorPerMinute: 1.5 } }), TypeError);
});
