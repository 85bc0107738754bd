/**
 * One way a protocol action becomes a Hexnode call (`sendProtocolAction`), the lenient reading of an action's
 * reply, and finding an action's own command in a device's history.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HEXNODE_ACTIONS,
  findCommand,
  newestCommandId,
  prepareProtocolAction,
  readActionReply,
  sendProtocolAction,
  type HexnodeCommand,
} from '@hexnode-offboard/core';
import { ACTION_KINDS } from '@hexnode-offboard/core/protocol';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import { useSimulator } from './simulator-harness.js';

describe('sendProtocolAction', () => {
  const sim = useSimulator({ checkinMs: 60_000 });

  test('each protocol action sends its catalogue action, naming only the target, with its options as body fields', async () => {
    const client = sim.client();
    const device = sim.running.simulator.devices.find((d) => d.userId === HARD_CASES.manager.id)!;
    const options = { mode: 'complete', message: 'Return to IT', phoneNumber: '+1 555 0100' } as const;
    const pool = HARD_CASES.defaultUser.id;
    const expected = {
      lock: { message: 'Return to IT', phone_number: '+1 555 0100' },
      wipe: {},
      clear_passcode: {},
      lost_mode: { message: 'Return to IT', phone_number: '+1 555 0100' },
      disenroll: {},
      reassign: { user: pool },
      mark_disenrolled: {},
    };
    for (const kind of ACTION_KINDS) {
      const message =
        kind === 'lock' || kind === 'lost_mode'
          ? options
          : kind === 'reassign'
            ? { reassignTo: pool }
            : { mode: options.mode };
      const reply = await sendProtocolAction(client, kind, { devices: [device.id] }, message);
      assert.deepEqual(reply, { rejected: [] });
    }
    assert.deepEqual(
      sim.running.simulator.actionsSent().map((entry) => [entry.path, entry.body]),
      ACTION_KINDS.map((kind) => [`/${prepareAndPath(kind)}`, { devices: [device.id], ...expected[kind] }]),
    );
  });

  test('a wipe without a mode is the documented full wipe: the bare body', async () => {
    const client = sim.client();
    const device = sim.running.simulator.devices.find((d) => d.userId === HARD_CASES.manager.id)!;
    await sendProtocolAction(client, 'wipe', { devices: [device.id] });
    assert.deepEqual(sim.running.simulator.actionsSent()[0]?.body, { devices: [device.id] });
  });

  test('a corporate wipe sends the fields the operator configured, and is refused without them', async () => {
    const client = sim.client();
    const device = sim.running.simulator.devices.find((d) => d.userId === HARD_CASES.manager.id)!;
    assert.throws(
      () => prepareProtocolAction('wipe', { mode: 'corporate' }),
      /corporate wipe needs the fields/,
    );
    await sendProtocolAction(
      client,
      'wipe',
      { devices: [device.id] },
      { mode: 'corporate' },
      {
        corporateWipeFields: { wipe_type: 'corporate', keep_esim: true },
      },
    );
    assert.deepEqual(
      sim.running.simulator.actionsSent().map((entry) => entry.body),
      [{ devices: [device.id], wipe_type: 'corporate', keep_esim: true }],
    );
  });

  test('an unknown action or a mode the catalogue refuses is a TypeError before any request', async () => {
    const client = sim.client();
    assert.throws(() => prepareProtocolAction('format' as never), /Unknown action/);
    assert.throws(() => prepareProtocolAction('wipe', { mode: 'everything' as never }), /mode/);
    assert.throws(
      () => sendProtocolAction(client, 'wipe', { devices: [2] }, { mode: 'all' as never }),
      /mode/,
    );
    assert.deepEqual(sim.running.simulator.log, []);
  });
});

function prepareAndPath(kind: (typeof ACTION_KINDS)[number]): string {
  return HEXNODE_ACTIONS[prepareProtocolAction(kind, kind === 'reassign' ? { reassignTo: 1 } : {}).name].path;
}

describe('readActionReply (the reply shape is a guess: read leniently, never refused)', () => {
  test('no body, a message, a list or junk name no device', () => {
    for (const body of [
      undefined,
      null,
      '',
      'ok',
      42,
      { message: 'Action initiated successfully.' },
      [],
      [1, 2],
    ]) {
      assert.deepEqual(readActionReply(body), { rejected: [] }, JSON.stringify(body));
    }
  });

  test('failed device ids under the usual keys are rejected, with a message when one is given', () => {
    assert.deepEqual(readActionReply({ failed_devices: [41, '42'] }), {
      rejected: [
        { id: 41, message: null },
        { id: 42, message: null },
      ],
    });
    assert.deepEqual(readActionReply([{ failed: [{ device_id: 7, reason: 'offline' }] }]), {
      rejected: [{ id: 7, message: 'offline' }],
    });
    assert.deepEqual(readActionReply({ errors: { 9: 'Device is not enrolled' } }), {
      rejected: [{ id: 9, message: 'Device is not enrolled' }],
    });
  });

  test('per-device results count only those that say they failed', () => {
    const reply = {
      devices: [
        { id: 1, status: 'success' },
        { id: 2, status: 'Failed', message: 'busy' },
        { id: 3, success: false },
        { id: -4, status: 'failed' },
      ],
    };
    assert.deepEqual(readActionReply(reply), {
      rejected: [
        { id: 2, message: 'busy' },
        { id: 3, message: null },
      ],
    });
  });
});

describe('an action’s own command', () => {
  const command = (id: number, actionName: string, createdAt: string): HexnodeCommand => ({
    id,
    actionName,
    status: 'pending',
    createdAt,
    updatedAt: null,
  });
  const history = [
    command(10, 'Lock Device', '2026-11-25T09:00:00Z'),
    command(11, 'Wipe Device', '2026-11-25T09:00:10Z'),
    command(12, 'lock_devices', '2026-11-25T09:00:20Z'),
    command(15, 'Lock Device', '2026-11-25T09:00:30Z'),
  ];

  test('the newest command id of a kind is the anchor read before sending (null when there is none)', () => {
    assert.equal(newestCommandId(history, 'lock'), 15);
    assert.equal(newestCommandId(history, 'wipe'), 11);
    assert.equal(newestCommandId(history, 'disenroll'), null);
  });

  test('with an anchor, only a newer command of the kind is the action’s: the oldest of them', () => {
    assert.equal(findCommand(history, 'lock', { newerThan: 10 })?.id, 12);
    assert.equal(findCommand(history, 'lock', { newerThan: 15 }), undefined);
    assert.equal(findCommand(history, 'lock', { newerThan: null })?.id, 10);
    assert.equal(findCommand(history, 'wipe', { newerThan: 11 }), undefined);
  });
});
