/**
 * The right action per device (#16), through the handler against the simulator: the offers rule re-checked
 * right before sending (a personal device is never wiped, whatever the request says), a mixed intent sent as one
 * Hexnode call per action kind, reassign moving a shared scanner to the pool user, and IT's mark-as-disenrolled
 * follow-up. Hexnode's calls are counted in the simulator's request log.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import type { ActionKind } from '@hexnode-offboard/core/protocol';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import {
  createMemoryStore,
  verifyAuditLog,
  type Actor,
  type OffboardHandlerOptions,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import {
  API_KEY,
  CORPORATE_WIPE,
  browserRequest,
  makeHandler,
  problemOf,
  useSimulator,
} from './support/harness.js';

const sim = useSimulator();
const ROSA = HARD_CASES.frontlineLeaver;
const EVERY: ActionKind[] = [
  'reassign',
  'lock',
  'wipe',
  'clear_passcode',
  'lost_mode',
  'disenroll',
  'mark_disenrolled',
];
const IT: Actor = { id: 'it-1', name: 'Ivy IT', tenant: 'acme', actions: EVERY, canReadAudit: true };
const HOUR = 60 * 60 * 1000;

let store: OffboardStore;
beforeEach(() => {
  store = createMemoryStore();
});

const pool = () => sim.simulator.findUsersByEmail(HARD_CASES.shiftPool.email)[0]!;
const device = (name: string) => sim.simulator.devices.find((entry) => entry.name === name)!;
const scanner = () => device(ROSA.devices.sharedScanner);
const laptop = () => device(ROSA.devices.laptop);
const phone = () => device(ROSA.devices.personalPhone);
/** The simulator's device, writable: a test changes what Hexnode would say about it. */
const writable = (entry: object) => entry as { ownership: string; online: boolean };

function handler(options: Partial<OffboardHandlerOptions> = {}) {
  return makeHandler(sim, {
    store,
    authorize: async () => IT,
    actions: EVERY,
    sharedDeviceGroups: ['Warehouse Handhelds'],
    reassignTo: [{ hexnodeUserId: pool().id, label: 'Shift pool' }],
    hexnode: { baseUrl: sim.url, apiKey: API_KEY },
    ...options,
  });
}

function act(body: Record<string, unknown>, key: string = crypto.randomUUID()): Request {
  return browserRequest(
    '/actions',
    { employee: { email: ROSA.email }, confirmation: ROSA.email, reason: 'Last shift', ...body },
    { idempotencyKey: key },
  );
}

const sent = () => sim.simulator.actionsSent().map((entry) => ({ path: entry.path, body: entry.body }));

describe('the preview offers each device the right actions', () => {
  test('the scanner offers reassign first, the personal phone never a wipe, and only the full wipe without configuration', async () => {
    const response = await handler()(browserRequest('/preview', { employee: { email: ROSA.email } }));
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      devices: { id: number; ownership: string; offers: string[] }[];
      actions: string[];
      wipeModes: string[];
      reassignTargets: unknown;
    };
    const offers = new Map(body.devices.map((entry) => [entry.id, entry.offers]));
    assert.equal(offers.get(scanner().id)?.[0], 'reassign');
    assert.ok(offers.get(laptop().id)?.includes('wipe'));
    assert.ok(!offers.get(laptop().id)?.includes('reassign'));
    assert.deepEqual(offers.get(phone().id), ['lock', 'clear_passcode', 'lost_mode', 'disenroll']);
    for (const entry of body.devices) assert.ok(!entry.offers.includes('mark_disenrolled'));
    assert.ok(!body.actions.includes('mark_disenrolled'), 'a follow-up, never a choice of the dialog');
    assert.deepEqual(body.wipeModes, ['complete']);
    assert.deepEqual(body.reassignTargets, [{ id: pool().id, label: 'Shift pool' }]);
    assert.deepEqual(sent(), [], 'a preview sends nothing');
  });

  test('with the portal’s corporate-wipe fields configured, both wipe modes are offered', async () => {
    const configured = handler({
      hexnode: { baseUrl: sim.url, apiKey: API_KEY, wipeOptions: { corporate: CORPORATE_WIPE } },
    });
    const body = (await (
      await configured(browserRequest('/preview', { employee: { email: ROSA.email } }))
    ).json()) as { wipeModes: string[] };
    assert.deepEqual(body.wipeModes, ['corporate', 'complete']);
  });
});

describe('the handler refuses what a device is not offered, before Hexnode hears of it', () => {
  test('a hand-written wipe naming the personal phone is 422 action_not_offered, audited, nothing sent', async () => {
    const response = await handler()(act({ action: 'wipe', deviceIds: [laptop().id, phone().id] }));
    const problem = await problemOf(response);
    assert.deepEqual([problem.status, problem.code], [422, 'action_not_offered']);
    assert.deepEqual(problem.body.refusals, [
      { deviceId: phone().id, action: 'wipe', reason: 'personal_device' },
    ]);
    assert.deepEqual(sent(), []);
    const denied = await store.readAudit({ events: ['action'], outcomes: ['denied'] });
    assert.deepEqual(
      denied.map((record) => record.code),
      ['action_not_offered'],
    );
    // The same request in the per-device form is refused the same way.
    const again = await handler()(act({ devices: [{ id: phone().id, action: 'wipe' }] }));
    assert.equal((await problemOf(again)).code, 'action_not_offered');
    assert.deepEqual(sent(), []);
  });

  test('a device whose ownership Hexnode does not state is not wiped', async () => {
    writable(laptop()).ownership = 'unknown';
    const problem = await problemOf(await handler()(act({ action: 'wipe', deviceIds: [laptop().id] })));
    assert.deepEqual(problem.body.refusals, [
      { deviceId: laptop().id, action: 'wipe', reason: 'ownership_unknown' },
    ]);
    assert.deepEqual(sent(), []);
  });

  test('a device that became personal between the preview and the click is refused on the fresh read', async () => {
    const h = handler();
    const preview = (await (
      await h(browserRequest('/preview', { employee: { email: ROSA.email } }))
    ).json()) as {
      devices: { id: number; offers: string[] }[];
    };
    assert.ok(preview.devices.find((entry) => entry.id === laptop().id)?.offers.includes('wipe'));
    writable(laptop()).ownership = 'personal';
    const problem = await problemOf(await h(act({ action: 'wipe', deviceIds: [laptop().id] })));
    assert.deepEqual(problem.body.refusals, [
      { deviceId: laptop().id, action: 'wipe', reason: 'personal_device' },
    ]);
    assert.deepEqual(sent(), []);
  });

  test('a corporate wipe without configured fields is refused; with them it sends exactly those fields', async () => {
    const problem = await problemOf(
      await handler()(act({ action: 'wipe', deviceIds: [laptop().id], options: { mode: 'corporate' } })),
    );
    assert.deepEqual(problem.body.refusals, [
      { deviceId: laptop().id, action: 'wipe', reason: 'corporate_wipe_unconfigured' },
    ]);
    assert.deepEqual(sent(), []);
    const configured = handler({
      hexnode: { baseUrl: sim.url, apiKey: API_KEY, wipeOptions: { corporate: { wipe_type: 'corporate' } } },
    });
    const response = await configured(
      act({ action: 'wipe', deviceIds: [laptop().id], options: { mode: 'corporate' } }),
    );
    assert.equal(response.status, 202);
    assert.deepEqual(sent(), [
      { path: '/actions/wipe_device/', body: { devices: [laptop().id], wipe_type: 'corporate' } },
    ]);
  });

  test('a wipe without a mode is the documented full wipe: the bare body', async () => {
    const response = await handler()(act({ action: 'wipe', deviceIds: [laptop().id] }));
    assert.equal(response.status, 202);
    assert.deepEqual((await response.json()).mode, 'complete');
    assert.deepEqual(sent(), [{ path: '/actions/wipe_device/', body: { devices: [laptop().id] } }]);
  });

  test('reassign: only a shared device, only to a configured pool user', async () => {
    const notShared = await problemOf(await handler()(act({ action: 'reassign', deviceIds: [laptop().id] })));
    assert.deepEqual(notShared.body.refusals, [
      { deviceId: laptop().id, action: 'reassign', reason: 'not_shared' },
    ]);
    const elsewhere = await problemOf(
      await handler()(act({ action: 'reassign', deviceIds: [scanner().id], options: { reassignTo: 1 } })),
    );
    assert.deepEqual(elsewhere.body.refusals, [
      { deviceId: scanner().id, action: 'reassign', reason: 'no_reassign_target' },
    ]);
    const unconfigured = await problemOf(
      await handler({ reassignTo: [] })(act({ action: 'reassign', deviceIds: [scanner().id] })),
    );
    assert.equal(unconfigured.code, 'action_not_offered');
    assert.deepEqual(sent(), []);
  });
});

describe('a mixed intent', () => {
  const mixed = () => ({
    devices: [
      { id: scanner().id, action: 'reassign' },
      { id: laptop().id, action: 'wipe' },
      { id: phone().id, action: 'disenroll' },
    ],
  });
  const expected = () => [
    // In the catalogue's order of kinds.
    { path: '/actions/wipe_device/', body: { devices: [laptop().id] } },
    { path: '/actions/disenroll_device/', body: { devices: [phone().id] } },
    { path: '/actions/change_owner/', body: { devices: [scanner().id], user: pool().id } },
  ];

  test('sends one call per kind naming exactly its devices; reassign moves the scanner; one audit record names each action', async () => {
    const response = await handler()(act(mixed()));
    assert.equal(response.status, 202);
    const accepted = (await response.json()) as {
      id: string;
      action: string;
      devices: { id: number; action: string }[];
    };
    assert.equal(accepted.action, 'mixed');
    assert.deepEqual(
      accepted.devices.map((entry) => [entry.id, entry.action]),
      [
        [scanner().id, 'reassign'],
        [laptop().id, 'wipe'],
        [phone().id, 'disenroll'],
      ],
    );
    assert.deepEqual(sent(), expected());
    assert.equal(scanner().userId, pool().id, 'the scanner belongs to the shift pool now');
    const [intent] = await store.readAudit({ events: ['action'], outcomes: ['allowed'] });
    assert.equal(intent?.action, 'mixed');
    assert.equal(intent?.options?.reassignTo, pool().id);
    assert.deepEqual(
      intent?.devices?.map((entry) => [entry.id, entry.action]),
      [
        [scanner().id, 'reassign'],
        [laptop().id, 'wipe'],
        [phone().id, 'disenroll'],
      ],
    );
    assert.equal((await verifyAuditLog(store)).ok, true);
  });

  test('under concurrency and retries, each kind reaches Hexnode once', async () => {
    const h = handler();
    const key = crypto.randomUUID();
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => h(act(mixed(), key))),
      ...Array.from({ length: 3 }, () => h(act(mixed()))),
    ]);
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 202).length >= 1, true, String(statuses));
    // Retries with the first key after everything settled: replayed, never sent again.
    for (let i = 0; i < 3; i++) {
      const retry = await h(act(mixed(), key));
      assert.ok(retry.status === 202 || retry.status === 409, String(retry.status));
    }
    assert.deepEqual(sent(), expected());
    const intents = await store.readAudit({ events: ['action'], outcomes: ['allowed'] });
    assert.equal(intents.length, 1, 'one intent record');
  });

  test('typed confirmation only when the intent holds a destructive action', async () => {
    const h = handler();
    const reassignOnly = await h(act({ action: 'reassign', deviceIds: [scanner().id], confirmation: '' }));
    assert.equal(reassignOnly.status, 202);
    const withWipe = await h(act({ ...mixed(), confirmation: '', repeat: true }));
    assert.equal((await problemOf(withWipe)).code, 'confirmation_mismatch');
    assert.equal(sent().length, 1);
  });
});

describe('the mark-as-disenrolled follow-up', () => {
  test('a disenroll pending past markDisenrolledAfterMs is offered in the status view, and marking it is audited', async () => {
    let now = Date.now();
    const h = handler({ now: () => now });
    writable(phone()).online = false; // it will never check in
    const disenroll = await h(act({ action: 'disenroll', deviceIds: [phone().id] }));
    assert.equal(disenroll.status, 202);
    const { id } = (await disenroll.json()) as { id: string };
    const status = async () =>
      (await (await h(browserRequest(`/actions/${id}`, null, { method: 'GET' }))).json()) as {
        devices: { id: number; action: string; status: string; followUp?: string }[];
      };
    const first = (await status()).devices[0]!;
    assert.deepEqual(
      [first.id, first.action, first.status, first.followUp],
      [phone().id, 'disenroll', 'pending', undefined],
    );
    const early = await problemOf(
      await h(act({ action: 'mark_disenrolled', deviceIds: [phone().id], confirmation: '' })),
    );
    assert.deepEqual(early.body.refusals, [
      { deviceId: phone().id, action: 'mark_disenrolled', reason: 'not_pending_disenroll' },
    ]);
    now += 25 * HOUR;
    assert.equal((await status()).devices[0]?.followUp, 'mark_disenrolled');
    const marked = await h(act({ action: 'mark_disenrolled', deviceIds: [phone().id], confirmation: '' }));
    assert.equal(marked.status, 202);
    assert.deepEqual(
      sent().map((entry) => entry.path),
      ['/actions/disenroll_device/', '/actions/mark_as_disenrolled/'],
    );
    const intents = await store.readAudit({ events: ['action'], outcomes: ['allowed'] });
    assert.deepEqual(
      intents.map((record) => record.action),
      ['disenroll', 'mark_disenrolled'],
    );
    assert.equal((await verifyAuditLog(store)).ok, true);
  });
});

describe('a mixed intent whose calls end differently', () => {
  /** Hexnode answers `change_owner` with `status`, every other request as the simulator does. */
  const failingReassign =
    (status: number): typeof fetch =>
    (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      return url.includes('/actions/change_owner/')
        ? Promise.resolve(Response.json({ detail: 'no' }, { status }))
        : fetch(input, init);
    };
  const intent = () => ({
    devices: [
      { id: scanner().id, action: 'reassign' },
      { id: laptop().id, action: 'wipe' },
    ],
  });

  test('a call Hexnode certainly refused fails its devices (rejected); the others are sent; a retry replays', async () => {
    const h = handler({ fetch: failingReassign(400) });
    const key = crypto.randomUUID();
    const response = await h(act(intent(), key));
    assert.equal(response.status, 202);
    const accepted = (await response.json()) as {
      devices: { id: number; status: string; reason?: string }[];
    };
    assert.deepEqual(
      accepted.devices.map((entry) => [entry.id, entry.status, entry.reason]),
      [
        [scanner().id, 'failed', 'rejected'],
        [laptop().id, 'pending', undefined],
      ],
    );
    const replay = await h(act(intent(), key));
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(
      sent().map((entry) => entry.path),
      ['/actions/wipe_device/'],
      'the wipe went out once; the refused reassign never reached the simulator',
    );
  });

  test('when every call is uncertain the answer is the problem, the key is kept, and a retry sends nothing', async () => {
    const h = handler({ fetch: failingReassign(503) });
    const key = crypto.randomUUID();
    const body = { action: 'reassign', deviceIds: [scanner().id] };
    const first = await problemOf(await h(act(body, key)));
    assert.equal(first.code, 'hexnode_unavailable');
    const retry = await h(act(body, key));
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    const results = await store.readAudit({ events: ['action_result'] });
    assert.deepEqual(
      results.map((record) => [record.outcome, record.code]),
      [['failed', 'hexnode_unavailable']],
    );
  });
});

describe('the options of the right action', () => {
  test('reassignTo may be a resolver per request (per tenant); one that throws offers no reassign', async () => {
    const seen: (string | null)[] = [];
    const resolver = handler({
      reassignTo: ({ tenant }) => {
        seen.push(tenant);
        return [{ hexnodeUserId: pool().id, label: `Pool of ${tenant}` }];
      },
    });
    const body = (await (
      await resolver(browserRequest('/preview', { employee: { email: ROSA.email } }))
    ).json()) as { reassignTargets: unknown };
    assert.deepEqual(body.reassignTargets, [{ id: pool().id, label: 'Pool of acme' }]);
    assert.deepEqual(seen, ['acme']);
    const failing = handler({
      reassignTo: () => {
        throw new Error('directory down');
      },
      logger: { error: () => undefined },
    });
    const refused = await problemOf(await failing(act({ action: 'reassign', deviceIds: [scanner().id] })));
    assert.deepEqual(refused.body.refusals, [
      { deviceId: scanner().id, action: 'reassign', reason: 'no_reassign_target' },
    ]);
    assert.deepEqual(sent(), []);
  });

  test('malformed reassignTo, wipeOptions or markDisenrolledAfterMs are TypeErrors at creation', () => {
    assert.throws(() => handler({ reassignTo: [{ hexnodeUserId: 0, label: 'x' }] }), /hexnodeUserId/);
    assert.throws(() => handler({ reassignTo: [{ hexnodeUserId: 5, label: '' }] }), /label/);
    assert.throws(
      () =>
        handler({
          reassignTo: [
            { hexnodeUserId: 5, label: 'a' },
            { hexnodeUserId: 5, label: 'b' },
          ],
        }),
      /twice/,
    );
    assert.throws(() => handler({ markDisenrolledAfterMs: 0 }), /markDisenrolledAfterMs/);
    assert.throws(
      () => handler({ hexnode: { baseUrl: sim.url, apiKey: API_KEY, wipeOptions: { corporate: {} } } }),
      /wipeOptions/,
    );
    assert.throws(
      () =>
        handler({
          hexnode: { baseUrl: sim.url, apiKey: API_KEY, wipeOptions: { corporate: { devices: 'all' } } },
        }),
      /wipeOptions/,
    );
  });
});
