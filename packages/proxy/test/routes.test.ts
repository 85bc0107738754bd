import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { createMemoryStore, verifyAuditLog, type OffboardStore } from '@hexnode-offboard/proxy';
import { ActionStatusResponse, PreviewResponse, type ActionAccepted } from '@hexnode-offboard/core/protocol';
import {
  ACTORS,
  JANE,
  SAM,
  actionBody,
  browserRequest,
  deviceIdsOf,
  makeHandler,
  testClock,
  trackAfter,
  useSimulator,
  tokenFor,
} from './support/harness.js';

const sim = useSimulator();
let store: OffboardStore;
let handler: ReturnType<typeof makeHandler>;
let clock: ReturnType<typeof testClock>;

beforeEach(() => {
  store = createMemoryStore();
  clock = testClock();
  handler = makeHandler(sim, {
    store,
    now: clock.now,
    sharedDeviceGroups: ['Warehouse Handhelds'],
    requireReason: true,
    limits: { maxDevicesPerAction: 5 },
  });
});

async function preview(email: string, actor: Parameters<typeof browserRequest>[2] = {}) {
  const response = await handler(browserRequest('/preview', { employee: { email } }, actor));
  assert.equal(response.status, 200);
  assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
  return PreviewResponse.parse(await response.json());
}

describe('POST preview', () => {
  test('a leaver with devices is ready, with the devices, allowed actions and what to type', async () => {
    const answer = await preview(' Jane.Leaver@ACME.example ');
    assert.equal(answer.status, 'ready');
    assert.equal(answer.user?.email, JANE);
    assert.deepEqual(
      answer.devices.map((device) => device.id).sort((a, b) => a - b),
      deviceIdsOf(sim.simulator, JANE).sort((a, b) => a - b),
    );
    assert.deepEqual(answer.actions, ['lock', 'wipe']);
    assert.deepEqual(answer.wipeModes, ['corporate', 'complete']);
    assert.equal(answer.confirmText, 'Jane.Leaver@ACME.example');
    assert.equal(answer.requireReason, true);
    assert.equal(answer.maxDevicesPerAction, 5);
    assert.deepEqual(answer.history, []);
    assert.deepEqual(sim.simulator.actionsSent(), []);
  });

  test('actions are the handler’s ∩ the actor’s ∩ the token’s, in the handler’s order', async () => {
    assert.deepEqual((await preview(JANE, { actor: 'admin' })).actions, [
      'lock',
      'wipe',
      'clear_passcode',
      'lost_mode',
      'disenroll',
    ]);
    assert.deepEqual((await preview(JANE, { actor: 'lockOnly' })).actions, ['lock']);
    const token = await tokenFor(ACTORS.admin, JANE, ['disenroll', 'lock']);
    const answer = await preview(JANE, { token });
    assert.deepEqual(answer.actions, ['lock', 'disenroll']);
    assert.equal(answer.wipeModes, undefined);
  });

  test('not found, ambiguous and no devices are answers, not errors', async () => {
    const missing = await preview('not.in.hexnode@acme.example');
    assert.deepEqual([missing.status, missing.user, missing.devices], ['not_found', null, []]);
    const ambiguous = await preview('shared@acme.example');
    assert.equal(ambiguous.status, 'ambiguous');
    assert.equal(ambiguous.candidates?.length, 2);
    const none = await preview('no.devices@acme.example');
    assert.equal(none.status, 'no_devices');
    assert.ok(none.user);
  });

  test('a shared handheld carries the shared_device warning', async () => {
    const answer = await preview(SAM);
    assert.ok(
      answer.devices.some((device) => device.warnings.some((warning) => warning.code === 'shared_device')),
    );
  });

  test('history lists earlier actions on this employee from the audit log', async () => {
    const sent = await handler(browserRequest('/actions', actionBody(sim.simulator)));
    const accepted = (await sent.json()) as ActionAccepted;
    const answer = await preview(JANE);
    assert.equal(answer.history.length, 1);
    assert.deepEqual(
      { ...answer.history[0], at: undefined },
      {
        actionId: accepted.id,
        action: 'wipe',
        mode: 'corporate',
        at: undefined,
        actor: { id: 'hr-1', name: 'Hanna HR' },
        deviceIds: accepted.devices.map((d) => d.id),
        outcome: 'sent',
      },
    );
    // Other tenants never see it.
    const globexView = await handler(
      browserRequest('/preview', { employee: { email: JANE } }, { actor: 'globex' }),
    );
    assert.deepEqual(((await globexView.json()) as { history: unknown[] }).history, []);
  });
});

describe('POST actions and GET actions/{id}', () => {
  test('an accepted wipe names exactly the checked devices in one Hexnode call, then reports per-device status', async () => {
    const ids = deviceIdsOf(sim.simulator, JANE);
    const response = await handler(
      browserRequest('/actions', actionBody(sim.simulator, { options: { mode: 'complete' } })),
    );
    assert.equal(response.status, 202);
    const accepted = (await response.json()) as ActionAccepted;
    assert.match(accepted.id, /^act_/);
    assert.equal(accepted.mode, 'complete');
    assert.deepEqual(
      accepted.devices,
      ids.map((id) => ({ id, action: 'wipe', status: 'pending' })),
    );
    const sent = sim.simulator.actionsSent();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.path, '/actions/wipe_device/');
    // #16: a complete wipe is the documented bare body.
    assert.deepEqual(sent[0]!.body, { devices: ids });

    sim.simulator.checkIn();
    // The action's tracker reads the devices at its first point (10 s after sending); the poll reads the tracker.
    assert.equal(await trackAfter(handler, clock, 10_000), 1);
    const status = await handler(browserRequest(`/actions/${accepted.id}`, null, { method: 'GET' }));
    assert.equal(status.status, 200);
    const body = ActionStatusResponse.parse(await status.json());
    assert.equal(body.id, accepted.id);
    assert.deepEqual(
      body.devices.map((device) => device.id),
      ids,
    );
    assert.ok(body.devices.every((device) => device.status === 'done' && device.updatedAt !== null));
    assert.equal(body.status, 'done');
  });

  test('a lock sends its message and phone number and needs no typed confirmation', async () => {
    const body = actionBody(sim.simulator, {
      action: 'lock',
      options: { message: 'Please return this device', phoneNumber: '+1 555 0100' },
      confirmation: '',
    });
    const response = await handler(browserRequest('/actions', body));
    assert.equal(response.status, 202);
    assert.deepEqual(sim.simulator.actionsSent()[0]!.body, {
      devices: deviceIdsOf(sim.simulator, JANE),
      message: 'Please return this device',
      phone_number: '+1 555 0100',
    });
  });

  test('an offline device stays pending while the others finish', async () => {
    const olly = 'offline.olly@acme.example';
    const ids = deviceIdsOf(sim.simulator, olly);
    const response = await handler(
      browserRequest(
        '/actions',
        actionBody(sim.simulator, { employee: { email: olly }, deviceIds: ids, confirmation: olly }),
      ),
    );
    const accepted = (await response.json()) as ActionAccepted;
    sim.simulator.checkIn();
    const status = ActionStatusResponse.parse(
      await (await handler(browserRequest(`/actions/${accepted.id}`, null, { method: 'GET' }))).json(),
    );
    const offline = sim.simulator.devices
      .filter((device) => ids.includes(device.id) && !device.online)
      .map((device) => device.id);
    assert.ok(offline.length > 0);
    for (const device of status.devices) {
      assert.equal(device.status, offline.includes(device.id) ? 'pending' : 'done');
    }
    assert.equal(status.status, 'pending');
  });

  test('an unknown action id is 404', async () => {
    const response = await handler(
      browserRequest('/actions/act_00000000-0000-0000-0000-000000000000', null, { method: 'GET' }),
    );
    assert.equal(response.status, 404);
    const weird = await handler(browserRequest('/actions/%E0%A4%A', null, { method: 'GET' }));
    assert.equal(weird.status, 404);
  });

  test('a token for the employee may follow the action it sent', async () => {
    const token = await tokenFor(ACTORS.hr, JANE, ['wipe']);
    const response = await handler(browserRequest('/actions', actionBody(sim.simulator), { token }));
    const accepted = (await response.json()) as ActionAccepted;
    const status = await handler(browserRequest(`/actions/${accepted.id}`, null, { method: 'GET', token }));
    assert.equal(status.status, 200);
    const otherToken = await tokenFor(ACTORS.hr, SAM, ['wipe']);
    const refused = await handler(
      browserRequest(`/actions/${accepted.id}`, null, { method: 'GET', token: otherToken }),
    );
    assert.equal(refused.status, 404);
  });
});

describe('GET audit', () => {
  test('an audit reader exports the tenant’s records as JSON or JSON lines, and the chain verifies', async () => {
    await handler(browserRequest('/preview', { employee: { email: JANE } }));
    await handler(browserRequest('/actions', actionBody(sim.simulator)));
    await handler(browserRequest('/preview', { employee: { email: JANE } }, { actor: 'globex' }));

    const json = await handler(browserRequest('/audit', null, { method: 'GET', actor: 'admin' }));
    assert.equal(json.status, 200);
    const { records, nextAfter } = (await json.json()) as {
      records: { tenant: string; event: string }[];
      nextAfter: number | null;
    };
    assert.ok(records.every((record) => record.tenant === 'acme'));
    assert.deepEqual(
      records.map((record) => record.event),
      ['preview', 'action', 'action_result', 'audit_export'],
    );
    assert.equal(nextAfter, null);

    const lines = await handler(
      browserRequest('/audit?format=jsonl&after=1&limit=2', null, { method: 'GET', actor: 'admin' }),
    );
    assert.match(lines.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    const parsed = (await lines.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number });
    assert.deepEqual(
      parsed.map((record) => record.seq),
      [2, 3],
    );
    assert.equal(lines.headers.get('x-audit-next-after'), '3');

    assert.deepEqual(await verifyAuditLog(store), { ok: true, records: 6 });
  });

  test('bad export parameters are 400', async () => {
    for (const query of ['format=csv', 'after=-1', 'limit=0', 'limit=99999']) {
      const response = await handler(
        browserRequest(`/audit?${query}`, null, { method: 'GET', actor: 'admin' }),
      );
      assert.equal(response.status, 400, query);
    }
  });
});

describe('Server-Timing', () => {
  test('with serverTiming the answer splits its time between Hexnode and the handler; without it there is no header', async () => {
    const timed = makeHandler(sim, { store, serverTiming: true });
    const response = await timed(browserRequest('/preview', { employee: { email: JANE } }));
    assert.match(
      response.headers.get('server-timing') ?? '',
      /^hexnode;dur=\d+\.\d\d, handler;dur=\d+\.\d\d$/,
    );
    const plain = await handler(browserRequest('/preview', { employee: { email: JANE } }));
    assert.equal(plain.headers.get('server-timing'), null);
  });
});
