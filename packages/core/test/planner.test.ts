// The planner against the simulator: lookups, plans, execution and their refusals.
// Over 300 lines: every case shares one simulated portal and its fixtures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  certainlyNotActed,
  findCommand,
  HexnodeAuthenticationError,
  HexnodeBadRequestError,
  HexnodeError,
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  HexnodeRateLimitError,
  HexnodeUnavailableError,
  OffboardingPlanner,
  PreviewDevice,
  toDeviceStatus,
  toPreviewDevice,
  type HexnodeClient,
  type HexnodeDirectory,
  type PartialExecutionError,
} from '@hexnode-offboard/core';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import { useSimulator } from './simulator-harness.js';

const DAY = 24 * 60 * 60 * 1000;

function planner(
  sim: ReturnType<typeof useSimulator>,
  options: Partial<ConstructorParameters<typeof OffboardingPlanner>[0]> = {},
  clientOptions: Parameters<typeof sim.client>[0] = {},
): { planner: OffboardingPlanner; client: HexnodeClient; directory: HexnodeDirectory } {
  const client = sim.client(clientOptions);
  const directory = sim.directory({}, client);
  return { planner: new OffboardingPlanner({ client, directory, ...options }), client, directory };
}

const actions = (sim: ReturnType<typeof useSimulator>) =>
  sim.running.simulator.actionsSent().map((entry) => ({ path: entry.path, body: entry.body }));

describe('plan on the seeded fleet', () => {
  // Commands stay pending for a minute unless a test checks the devices in.
  const sim = useSimulator({ checkinMs: 60_000 });

  test('a manager with three devices gets a plan with all three and no warnings', async () => {
    const plan = await planner(sim).planner.plan({ email: HARD_CASES.manager.email, name: 'Jane Leaver' });
    assert.equal(plan.lookup.status, 'found');
    assert.equal(plan.user?.id, HARD_CASES.manager.id);
    assert.equal(plan.devices.length, 3);
    for (const device of plan.devices) assert.deepEqual(device.warnings, [], device.name);
    assert.equal(actions(sim).length, 0, 'planning sends nothing');
  });

  test('a device silent for 30+ days is warned offline with its days, subject to the threshold option', async () => {
    const plan = await planner(sim).planner.plan({ email: HARD_CASES.offline.email });
    const warning = plan.devices[0]?.warnings.find((w) => w.code === 'offline');
    assert.ok(warning?.days !== undefined && warning.days >= 30, JSON.stringify(plan.devices[0]?.warnings));
    const lenient = await planner(sim, { offlineDays: 365 }).planner.plan({
      email: HARD_CASES.offline.email,
    });
    assert.deepEqual(lenient.devices[0]?.warnings, []);
  });

  test('a device in a shared device group is warned shared, and the groups are read once per TTL', async () => {
    const { planner: withGroups } = planner(sim, { sharedDeviceGroups: ['warehouse handhelds'] });
    const plan = await withGroups.plan({ email: HARD_CASES.shiftWorker.email });
    assert.deepEqual(plan.devices[0]?.warnings, [{ code: 'shared_device' }]);
    const groupReads = sim.requests().filter((request) => request.startsWith('GET /devicegroups/')).length;
    await withGroups.plan({ email: HARD_CASES.shiftWorker.email });
    assert.equal(
      sim.requests().filter((request) => request.startsWith('GET /devicegroups/')).length,
      groupReads,
    );
    const withoutGroups = await planner(sim).planner.plan({ email: HARD_CASES.shiftWorker.email });
    assert.deepEqual(withoutGroups.devices[0]?.warnings, []);
  });

  test('a command still pending on a device is warned as pending_action', async () => {
    const { planner: p } = planner(sim);
    const plan = await p.plan({ email: HARD_CASES.manager.email });
    const phone = plan.devices[0]!;
    await p.execute(plan, 'lock', [phone.id], { message: 'Please return this device' });
    const again = await p.plan({ email: HARD_CASES.manager.email });
    assert.deepEqual(again.devices[0]?.warnings, [{ code: 'pending_action', action: 'Lock Device' }]);
    assert.deepEqual(again.devices[1]?.warnings, []);
  });

  test('action status is not read when the plan has more devices than pendingCheckMaxDevices', async () => {
    await planner(sim, { pendingCheckMaxDevices: 2 }).planner.plan({ email: HARD_CASES.manager.email });
    assert.ok(!sim.requests().some((request) => request.endsWith('/action_status/')));
  });

  test('not found and ambiguous employees get a plan with no user and no devices', async () => {
    const { planner: p } = planner(sim);
    const missing = await p.plan({ email: HARD_CASES.unknownEmail });
    assert.deepEqual([missing.lookup.status, missing.user, missing.devices], ['not_found', null, []]);
    const shared = await p.plan({ email: HARD_CASES.sharedEmail.email });
    assert.equal(shared.lookup.status, 'ambiguous');
    assert.equal(shared.user, null);
  });
});

describe('execute on the seeded fleet', () => {
  const sim = useSimulator({ checkinMs: 60_000 });

  test('sends exactly one Hexnode action naming the verified devices, after one detail read each', async () => {
    const { planner: p } = planner(sim);
    const plan = await p.plan({ email: HARD_CASES.manager.email });
    const ids = plan.devices.map((device) => device.id);
    const before = sim.requests().length;
    const result = await p.execute(plan, 'wipe', ids, { mode: 'complete' });
    assert.deepEqual(result, { sent: ids, refused: [], batches: 1 });
    assert.deepEqual(actions(sim), [{ path: '/actions/wipe_device/', body: { devices: ids } }]);
    assert.deepEqual(sim.requests().slice(before, -1).sort(), ids.map((id) => `GET /devices/${id}/`).sort());
  });

  test('a lean plan reads no device (no ownership, no pending commands); execute then reads each device once', async () => {
    const { planner: p, directory } = planner(sim);
    await directory.warm();
    const before = sim.requests().length;
    const plan = await p.plan({ email: HARD_CASES.manager.email }, { reads: 'lean' });
    assert.equal(plan.devices.length, 3);
    for (const device of plan.devices) assert.equal(device.ownership, 'unknown', device.name);
    const planned = sim.requests().slice(before);
    assert.deepEqual(
      planned.filter((request) => /^GET \/devices\/\d+\//.test(request)),
      [],
      'no device detail nor action status read for a lean plan',
    );
    const ids = plan.devices.map((device) => device.id);
    const sending = sim.requests().length;
    const result = await p.execute(plan, 'lock', ids);
    assert.deepEqual(result, { sent: ids, refused: [], batches: 1 });
    assert.equal(sim.requests().length - sending, ids.length + 1, 'N detail reads and one action');
  });

  test('an index plan reads ownership once and no action status; planned again it reads nothing', async () => {
    const { planner: p, directory } = planner(sim);
    await directory.warm();
    const before = sim.requests().length;
    const plan = await p.plan({ email: HARD_CASES.manager.email }, { reads: 'index' });
    assert.equal(plan.devices.length, 3);
    for (const device of plan.devices) assert.notEqual(device.ownership, 'unknown', device.name);
    const ids = plan.devices.map((device) => device.id);
    const planned = sim.requests().slice(before);
    assert.deepEqual(
      planned.filter((request) => request.includes('/action_status/')),
      [],
      'no action status read for an index plan',
    );
    assert.deepEqual(
      planned.filter((request) => /^GET \/devices\/\d+\/$/.test(request)).sort(),
      ids.map((id) => `GET /devices/${id}/`).sort(),
      'one detail read per device, for its ownership',
    );
    const again = sim.requests().length;
    const warm = await p.plan({ email: HARD_CASES.manager.email }, { reads: 'index' });
    assert.deepEqual(
      warm.devices.map((device) => device.ownership),
      plan.devices.map((d) => d.ownership),
    );
    assert.equal(sim.requests().length, again, 'a warm index plan calls Hexnode no more');
  });

  test('a wipe without a mode is the documented full wipe: the bare body', async () => {
    const { planner: p } = planner(sim);
    const plan = await p.plan({ email: HARD_CASES.manager.email });
    await p.execute(plan, 'wipe', [plan.devices[0]!.id]);
    assert.deepEqual(actions(sim)[0]?.body, { devices: [plan.devices[0]!.id] });
  });

  test('ids outside the plan, gone, or owned by someone else are refused and never sent', async () => {
    const { planner: p } = planner(sim);
    const plan = await p.plan({ email: HARD_CASES.manager.email });
    const samDevice = sim.running.simulator.devices.find(
      (device) => device.userId === HARD_CASES.shiftWorker.id,
    )!;
    // A stale or tampered plan: it lists Sam's handheld and a device that no longer exists.
    const tampered = {
      ...plan,
      devices: [
        ...plan.devices,
        { ...plan.devices[0]!, id: samDevice.id },
        { ...plan.devices[0]!, id: 999_999 },
      ],
    };
    const janeIds = plan.devices.map((device) => device.id);
    const result = await p.execute(tampered, 'lock', [...janeIds, samDevice.id, 999_999, 424_242]);
    assert.deepEqual(result.sent, janeIds);
    assert.deepEqual(
      result.refused.sort((a, b) => a.id - b.id),
      [
        { id: samDevice.id, reason: 'not_owned' },
        { id: 424_242, reason: 'not_in_plan' },
        { id: 999_999, reason: 'not_found' },
      ].sort((a, b) => a.id - b.id),
    );
    assert.deepEqual(actions(sim), [{ path: '/actions/lock_devices/', body: { devices: janeIds } }]);
  });

  test('nothing is sent when no device survives the ownership check', async () => {
    const { planner: p, client } = planner(sim);
    const plan = await p.plan({ email: HARD_CASES.manager.email });
    // The user is deleted in Hexnode between the preview and the click: the devices lose their owner.
    const response = await fetch(`${client.baseUrl}users/${HARD_CASES.manager.id}/`, {
      method: 'DELETE',
      headers: { Authorization: sim.running.simulator.apiKey },
    });
    assert.ok(response.ok);
    const result = await p.execute(
      plan,
      'wipe',
      plan.devices.map((device) => device.id),
    );
    assert.deepEqual(result.sent, []);
    assert.equal(result.batches, 0);
    assert.equal(result.refused.length, 3);
    assert.deepEqual(actions(sim), []);
  });

  test('plans without a single user, unknown actions and empty id lists are refused before any request', async () => {
    const { planner: p } = planner(sim);
    const plan = await p.plan({ email: HARD_CASES.manager.email });
    const ambiguous = await p.plan({ email: HARD_CASES.sharedEmail.email });
    const before = sim.requests().length;
    await assert.rejects(p.execute(ambiguous, 'wipe', [1]), /no single Hexnode user \(lookup: ambiguous\)/);
    await assert.rejects(p.execute(plan, 'explode' as never, [plan.devices[0]!.id]), /unknown action/);
    await assert.rejects(p.execute(plan, 'lock', []), /at least one device id/);
    await assert.rejects(p.execute(plan, 'lock', [-1]), TypeError);
    await assert.rejects(p.execute(plan, 'wipe', [plan.devices[0]!.id], { mode: 'all' as never }), /mode/);
    assert.equal(sim.requests().length, before);
  });

  test('a Hexnode outage during the ownership checks is thrown as unavailable and sends nothing', async () => {
    const { planner: p } = planner(sim, {}, { retry: { wait: async () => {} } });
    const plan = await p.plan({ email: HARD_CASES.manager.email });
    const ids = plan.devices.map((device) => device.id);
    sim.running.simulator.setFaults({ errorRate: 1 });
    await assert.rejects(p.execute(plan, 'lock', ids), HexnodeUnavailableError);
    assert.equal(actions(sim).length, 0, 'the ownership reads failed first: nothing was sent');
  });
});

describe('execute in batches', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const sim = useSimulator({
    checkinMs: 60_000,
    fleet: {
      users: [
        { name: 'Seasonal Lead', email: 'lead@acme.example' },
        { name: 'Other', email: 'other@acme.example' },
      ],
      devices: [
        ...Array.from({ length: 5 }, (_, i) => ({
          name: `Scanner ${i + 1}`,
          platform: 'android' as const,
          userId: 1,
        })),
        {
          name: 'Returned Tablet',
          platform: 'ios' as const,
          userId: 1,
          enrollmentStatus: 'unenrolled' as const,
          lastReported: new Date(now - 3 * DAY).toISOString(),
        },
      ],
    },
  });

  test('a large set is split into batches of batchSize, one Hexnode action each', async () => {
    const { planner: p } = planner(sim, { batchSize: 2 });
    const plan = await p.plan({ email: 'lead@acme.example' });
    const ids = plan.devices.map((device) => device.id);
    const result = await p.execute(plan, 'lock', ids);
    assert.equal(result.batches, 3);
    assert.deepEqual(result.sent, ids);
    assert.deepEqual(
      actions(sim).map((action) => (action.body as { devices: number[] }).devices),
      [ids.slice(0, 2), ids.slice(2, 4), ids.slice(4, 6)],
    );
  });

  /** A fetch that lets the first `ok` action POSTs through, then hands each later one to `failure`. */
  function failingAfter(ok: number, failure: (request: Request) => Promise<Response>): typeof fetch {
    let posts = 0;
    return async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'POST' && new URL(request.url).pathname.includes('/actions/')) {
        posts++;
        if (posts > ok) return failure(request);
      }
      return fetch(request);
    };
  }

  async function executeFailing(fetchImpl: typeof fetch) {
    const { planner: p } = planner(sim, { batchSize: 2 }, { fetch: fetchImpl });
    const plan = await p.plan({ email: 'lead@acme.example' });
    const ids = plan.devices.map((device) => device.id);
    const error = await p.execute(plan, 'lock', ids).then(
      () => assert.fail('execute should have rejected'),
      (reason: unknown) => reason as PartialExecutionError,
    );
    return { ids, error };
  }

  test('a 5xx on batch 2 of 3 reports batch 1 sent, batch 2 uncertain and batch 3 unsent', async () => {
    // The simulator itself answers a 5xx (502/503/...) from the second action on.
    const { ids, error } = await executeFailing(
      failingAfter(1, async (request) => {
        sim.running.simulator.setFaults({ errorRate: 1 });
        return fetch(request);
      }),
    );
    assert.ok(error instanceof HexnodeUnavailableError);
    assert.equal(error.reason, 'server_error');
    assert.deepEqual(error.partial.sent, ids.slice(0, 2));
    assert.deepEqual(error.partial.uncertain, ids.slice(2, 4));
    assert.deepEqual(error.partial.unsent, ids.slice(4, 6));
    assert.equal(error.partial.batches, 1);
  });

  test('a batch Hexnode refuses with a 4xx is unsent, not uncertain', async () => {
    const { ids, error } = await executeFailing(
      failingAfter(1, async () => Response.json({ detail: 'Permission denied.' }, { status: 403 })),
    );
    assert.ok(error instanceof HexnodeAuthenticationError);
    assert.deepEqual(error.partial.sent, ids.slice(0, 2));
    assert.deepEqual(error.partial.uncertain, []);
    assert.deepEqual(error.partial.unsent, ids.slice(2, 6));
  });

  test('an answer lost after Hexnode got the first batch leaves that batch uncertain and the rest unsent', async () => {
    const { ids, error } = await executeFailing(
      failingAfter(0, async (request) => {
        await fetch(request); // Hexnode received it; the answer is lost.
        throw new TypeError('fetch failed');
      }),
    );
    assert.ok(error instanceof HexnodeUnavailableError);
    assert.deepEqual(error.partial.sent, []);
    assert.deepEqual(error.partial.uncertain, ids.slice(0, 2));
    assert.deepEqual(error.partial.unsent, ids.slice(2, 6));
    assert.equal(sim.running.simulator.actionsSent().length, 1);
  });

  test('a device that is no longer enrolled is warned not_enrolled', async () => {
    const { planner: p } = planner(sim, { now: () => now, pendingCheckMaxDevices: 0 });
    const plan = await p.plan({ email: 'lead@acme.example' });
    assert.deepEqual(plan.devices.find((device) => device.name === 'Returned Tablet')?.warnings, [
      { code: 'not_enrolled' },
    ]);
  });
});

describe('following an action', () => {
  const sim = useSimulator({ checkinMs: 60_000 });

  test('the command an action created is found in the device action status, pending then done', async () => {
    const { planner: p, client } = planner(sim);
    const plan = await p.plan({ email: HARD_CASES.manager.email });
    const device = plan.devices[0]!;
    const sentAt = new Date().toISOString();
    await p.execute(plan, 'wipe', [device.id], { mode: 'complete' });
    const pending = findCommand(await client.devices.actionStatus(device.id), 'wipe', sentAt);
    assert.equal(pending && toDeviceStatus(pending.status), 'pending');
    assert.equal(findCommand(await client.devices.actionStatus(device.id), 'lock', sentAt), undefined);
    sim.running.simulator.checkIn([device.id]);
    const done = findCommand(await client.devices.actionStatus(device.id), 'wipe', sentAt);
    assert.equal(done?.id, pending?.id);
    assert.equal(done && toDeviceStatus(done.status), 'done');
  });

  test('a planned device maps to the preview shape the widget shows', async () => {
    const plan = await planner(sim).planner.plan({ email: HARD_CASES.offline.email });
    const preview = toPreviewDevice(plan.devices[0]!);
    assert.equal(PreviewDevice.safeParse(preview).success, true);
    assert.equal(preview.lastSeen, plan.devices[0]!.lastReported);
    assert.equal(preview.enrolled, true);
    assert.equal(preview.warnings[0]?.code, 'offline');
  });
});

test('certainlyNotActed is true only for errors that prove Hexnode refused the request', () => {
  const at = { method: 'POST', path: '/actions/lock_device/' };
  const refusals = [
    new HexnodeAuthenticationError('denied', { ...at, status: 403 }),
    new HexnodeBadRequestError('bad', { ...at, status: 400, fieldErrors: {} }),
    new HexnodeNotFoundError('gone', { ...at, status: 404 }),
    new HexnodeRateLimitError('slow down', { ...at, status: 429, retryAfter: 5 }),
    new HexnodeError('conflict', { ...at, status: 409 }),
  ];
  const maybeActed = [
    new HexnodeUnavailableError('down', { ...at, status: 503, reason: 'server_error' }),
    new HexnodeUnavailableError('slow', { ...at, status: 408, reason: 'timeout' }),
    new HexnodeUnavailableError('slow', { ...at, reason: 'timeout' }),
    new HexnodeUnavailableError('lost', { ...at, reason: 'network' }),
    new HexnodeInvalidResponseError('garbled', { ...at, status: 200 }),
    new HexnodeError('odd', { ...at, status: 408 }),
    new HexnodeError('odd', at),
    new TypeError('not from Hexnode'),
    undefined,
  ];
  for (const error of refusals) assert.equal(certainlyNotActed(error), true, String(error));
  for (const error of maybeActed) assert.equal(certainlyNotActed(error), false, String(error));
});
