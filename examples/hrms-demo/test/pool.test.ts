// The shift pool's Hexnode id is found by its email in the simulated portal's user list, never written down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSimulator } from '@hexnode-offboard/simulator';
import { demoFleet } from '../src/fleet.js';
import { SHIFT_POOL, findUserId } from '../src/pool.js';

const portal = () => {
  const sim = createSimulator({ fleet: demoFleet() });
  const calls: string[] = [];
  const doFetch = ((url: URL | string, init?: RequestInit) => {
    calls.push(String(url));
    return sim.handle(new Request(url, init));
  }) as typeof fetch;
  return { sim, calls, doFetch, hexnode: { baseUrl: sim.baseUrl, apiKey: sim.apiKey } };
};

test('the pool user is found by email (any case), with one users read', async () => {
  const { sim, calls, doFetch, hexnode } = portal();
  const expected = sim.findUsersByEmail(SHIFT_POOL.email)[0]!.id;
  assert.equal(await findUserId(hexnode, SHIFT_POOL.email, doFetch), expected);
  assert.equal(await findUserId(hexnode, '  Shift.Pool@ACME.example ', doFetch), expected);
  assert.equal(calls.length, 2);
});

test('an email nobody has, or a portal that refuses the key, finds nothing', async () => {
  const { doFetch, hexnode } = portal();
  assert.equal(await findUserId(hexnode, 'nobody@acme.example', doFetch), null);
  assert.equal(await findUserId({ ...hexnode, apiKey: 'wrong' }, SHIFT_POOL.email, doFetch), null);
});
