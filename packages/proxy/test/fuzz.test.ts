/** Property: whatever body a client sends, the handler never answers 5xx and never sends a Hexnode action. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { createMemoryStore } from '@hexnode-offboard/proxy';
import { ACTION_KINDS } from '@hexnode-offboard/core/protocol';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import { JANE, SAM, browserRequest, deviceIdsOf, makeHandler, startSim } from './support/harness.js';

let sim: RunningSimulator;
before(async () => {
  sim = await startSim();
});
after(async () => {
  await sim.close();
});

const SMUGGLED = [
  'users',
  'usergroups',
  'devicegroups',
  'devices',
  'baseUrl',
  'portal',
  'apiKey',
  '__proto__',
  'constructor',
];

test('random JSON bodies on every route: never a 5xx, never a Hexnode action', async () => {
  const handler = makeHandler(sim, { store: createMemoryStore() });
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('/preview', '/actions'),
      fc.oneof(fc.jsonValue(), fc.string(), fc.constant('{"employee":')),
      async (path, value) => {
        const rawBody = typeof value === 'string' ? value : JSON.stringify(value);
        const response = await handler(browserRequest(path, null, { rawBody }));
        assert.ok(response.status < 500, `status ${response.status}`);
        assert.deepEqual(sim.simulator.actionsSent(), []);
      },
    ),
    { numRuns: 150 },
  );
});

test('near-valid action bodies with a smuggled field or a wrong value: never a 5xx, never a Hexnode action', async () => {
  const handler = makeHandler(sim, { store: createMemoryStore() });
  const janeDevices = deviceIdsOf(sim.simulator, JANE);
  const samDevices = deviceIdsOf(sim.simulator, SAM);
  const deviceId = fc.oneof(
    fc.constantFrom(...janeDevices, ...samDevices),
    fc.integer(),
    fc.double(),
    fc.string(),
  );
  const body = fc.record(
    {
      employee: fc.oneof(
        fc.record({ email: fc.constantFrom(JANE, SAM, 'shared@acme.example', ' JANE.LEAVER@acme.example') }),
        fc.record({ email: fc.emailAddress(), name: fc.string() }),
        fc.anything(),
      ),
      action: fc.oneof(fc.constantFrom(...ACTION_KINDS), fc.string()),
      deviceIds: fc.oneof(fc.array(deviceId, { maxLength: 12 }), fc.anything()),
      options: fc.oneof(
        fc.record(
          { mode: fc.oneof(fc.constantFrom('corporate', 'complete'), fc.string()) },
          { requiredKeys: [] },
        ),
        fc.anything(),
      ),
      // Never the right confirmation for a destructive action, and never empty: the body must not be a valid request.
      confirmation: fc
        .string({ minLength: 1 })
        .filter((text) => text.trim() !== '' && text.trim() !== JANE && text.trim() !== SAM),
      reason: fc.oneof(fc.string(), fc.anything()),
      repeat: fc.oneof(fc.boolean(), fc.anything()),
    },
    { requiredKeys: [] },
  );
  const smuggled = fc.dictionary(
    fc.constantFrom(...SMUGGLED),
    fc.oneof(fc.array(fc.integer()), fc.webUrl()),
    { maxKeys: 2 },
  );
  await fc.assert(
    fc.asyncProperty(body, smuggled, fc.boolean(), async (base, extra, withExtra) => {
      const payload = withExtra ? { ...base, ...extra } : base;
      const response = await handler(
        browserRequest('/actions', null, { rawBody: JSON.stringify(payload), actor: 'admin' }),
      );
      assert.ok(response.status < 500, `status ${response.status}`);
      assert.deepEqual(sim.simulator.actionsSent(), []);
    }),
    { numRuns: 200 },
  );
});
