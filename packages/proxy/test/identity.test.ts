/**
 * Identity end to end: a session token minted for a lookalike address (long s, dotless i, fullwidth letters,
 * a ligature, the Kelvin sign, ß, a fullwidth domain) never reaches the ASCII person's devices, and the
 * preview says why the address was matched only exactly. Identity keys (emails, actor ids, tenants) are
 * refused when they would have to be cut or altered, never truncated.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createMemoryStore, mintSessionToken, type Actor, type OffboardStore } from '@hexnode-offboard/proxy';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';
import { PreviewResponse } from '@hexnode-offboard/core/protocol';
import {
  ACTORS,
  API_KEY,
  SECRET,
  browserRequest,
  makeHandler,
  problemOf,
  tokenFor,
} from './support/harness.js';
import { LOOKALIKES, PEOPLE } from '../../core/test/fixtures/lookalikes.js';

let running: RunningSimulator;
before(async () => {
  running = await startSimulator({
    apiKey: API_KEY,
    checkinMs: 0,
    fleet: {
      users: PEOPLE.map((email, index) => ({ name: `Person ${index + 1}`, email })),
      devices: PEOPLE.flatMap((_, index) => [
        { name: `Phone ${index + 1}`, platform: 'ios' as const, userId: index + 1 },
        { name: `Laptop ${index + 1}`, platform: 'macos' as const, userId: index + 1 },
      ]),
    },
  });
});
after(() => running.close());

let store: OffboardStore;
let handler: ReturnType<typeof makeHandler>;
beforeEach(() => {
  running.simulator.reset();
  store = createMemoryStore();
  handler = makeHandler(running, { store });
});

const devicesOf = (email: string) => {
  const user = running.simulator.users.find((candidate) => candidate.email === email)!;
  return running.simulator.devices.filter((device) => device.userId === user.id).map((device) => device.id);
};

describe('a token minted for a lookalike never reaches the ASCII person', () => {
  for (const { kind, lookalike, person } of LOOKALIKES) {
    test(`${kind}: the preview finds nobody and says why, and a wipe of ${person}'s devices is refused`, async () => {
      const token = await tokenFor(ACTORS.hr, lookalike, ['lock', 'wipe']);

      const previewed = await handler(
        browserRequest('/preview', { employee: { email: lookalike } }, { token }),
      );
      assert.equal(previewed.status, 200);
      const preview = PreviewResponse.parse(await previewed.json());
      assert.equal(preview.status, 'not_found');
      assert.deepEqual(preview.devices, []);
      assert.equal(preview.emailNote?.resembles, person);
      assert.match(preview.emailNote?.code ?? '', /^(non_ascii_local_part|not_normalized)$/);

      const body = {
        employee: { email: lookalike },
        action: 'wipe',
        deviceIds: devicesOf(person),
        options: { mode: 'complete' },
        confirmation: lookalike,
        reason: 'Leaver',
      };
      const refused = await problemOf(await handler(browserRequest('/actions', body, { token })));
      assert.deepEqual([refused.status, refused.code], [404, 'employee_not_found']);
      // The token is for the lookalike only: naming the real person is out of its scope.
      const real = { ...body, employee: { email: person }, confirmation: person };
      const outOfScope = await problemOf(await handler(browserRequest('/actions', real, { token })));
      assert.deepEqual([outOfScope.status, outOfScope.code], [403, 'forbidden']);
      assert.deepEqual(running.simulator.actionsSent(), [], 'no device of the real person is wiped');
    });
  }

  test('the ASCII person, spelled in any ASCII case, is still found', async () => {
    const token = await tokenFor(ACTORS.hr, 'Sam.Shift@ACME.example', ['lock']);
    const previewed = await handler(
      browserRequest('/preview', { employee: { email: 'SAM.shift@acme.EXAMPLE' } }, { token }),
    );
    const preview = PreviewResponse.parse(await previewed.json());
    assert.equal(preview.status, 'ready');
    assert.equal(preview.emailNote, undefined);
  });
});

describe('identity keys are refused, never cut', () => {
  test('an employee email with a zero-width character is refused before anything is read', async () => {
    const response = await handler(
      browserRequest('/preview', { employee: { email: 'sam\u200b.shift@acme.example' } }, { actor: 'hr' }),
    );
    const problem = await problemOf(response);
    assert.deepEqual([problem.status, problem.code], [400, 'invalid_request']);
    assert.equal(running.simulator.log.length, 0);
  });

  test('an actor id or tenant that would have to be cut or altered is refused, and nothing is recorded', async () => {
    for (const actor of [
      { ...ACTORS.hr, id: 'x'.repeat(201) },
      { ...ACTORS.hr, tenant: `acme${'e'.repeat(200)}` },
      { ...ACTORS.hr, id: 'hr-1\u0000' },
    ] satisfies Actor[]) {
      const logged: string[] = [];
      const strict = makeHandler(running, {
        store,
        authorize: async () => actor,
        logger: { error: (message) => logged.push(message) },
      });
      const response = await strict(browserRequest('/preview', { employee: { email: PEOPLE[0]! } }));
      assert.equal(response.status, 500);
      assert.deepEqual(logged, ['authorize returned an invalid actor']);
    }
    assert.deepEqual(await store.readAudit(), []);
  });

  test('mintSessionToken refuses an over-long employee address, actor id or tenant instead of cutting it', async () => {
    const mint = (overrides: Record<string, unknown>) =>
      mintSessionToken({
        secret: SECRET,
        actor: ACTORS.hr,
        employee: PEOPLE[0]!,
        actions: ['lock'],
        ...overrides,
      });
    await assert.rejects(mint({ employee: `${'a'.repeat(320)}@acme.example` }), /at most 320/);
    await assert.rejects(mint({ actor: { ...ACTORS.hr, id: 'x'.repeat(201) } }), /actor\.id/);
    await assert.rejects(mint({ actor: { ...ACTORS.hr, tenant: 't'.repeat(201) } }), /actor\.tenant/);
    await assert.rejects(mint({ employee: 'sam\u202e@acme.example' }), /control or formatting/);
  });

  test('the audit records the employee key exactly as it is compared, never cut', async () => {
    // 313 characters, which Unicode folding would have made 913 (and the audit would have cut at 320).
    const email = `${'ﬃ'.repeat(300)}@acme.example`;
    const response = await handler(browserRequest('/preview', { employee: { email } }, { actor: 'hr' }));
    assert.equal(response.status, 200);
    const [record] = await store.readAudit({ events: ['preview'] });
    assert.equal(record!.employee!.email, email);
  });
});
