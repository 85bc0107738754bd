/**
 * Core's one rule of which actions a device is offered (`offersFor`, `refusalFor`, `refusalsFor`), and the
 * planner's `execute` applying it to what its ownership re-check read: a personal device is never wiped.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  OffboardingPlanner,
  configRefusal,
  disenrollPendingSince,
  offersFor,
  refusalFor,
  refusalsFor,
  type OfferContext,
} from '@hexnode-offboard/core';
import { ACTION_KINDS } from '@hexnode-offboard/core/protocol';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import { useSimulator } from './simulator-harness.js';

const ALL: OfferContext = { actions: ACTION_KINDS, reassignTargets: [61], now: 1_000_000_000 };
const DAY = 24 * 60 * 60 * 1000;

describe('offersFor / refusalFor', () => {
  test('a personal device is offered lock and disenroll, never a wipe, whatever the mode', () => {
    const phone = { id: 1, ownership: 'personal' as const };
    assert.deepEqual(offersFor(phone, ALL), ['lock', 'clear_passcode', 'lost_mode', 'disenroll']);
    assert.equal(refusalFor(phone, 'wipe', ALL), 'personal_device');
    assert.equal(
      refusalFor(phone, 'wipe', { ...ALL, corporateWipe: true }, { mode: 'corporate' }),
      'personal_device',
    );
    assert.equal(refusalFor(phone, 'lock', ALL), null);
  });

  test('a device of unknown (or unstated) ownership is not wiped on a guess', () => {
    assert.equal(refusalFor({ id: 1, ownership: 'unknown' }, 'wipe', ALL), 'ownership_unknown');
    assert.equal(refusalFor({ id: 1 }, 'wipe', ALL), 'ownership_unknown');
    assert.ok(!offersFor({ id: 1 }, ALL).includes('wipe'));
  });

  test('a corporate device may be wiped completely; a corporate-only wipe only where configured', () => {
    const laptop = { id: 2, ownership: 'corporate' as const };
    assert.equal(refusalFor(laptop, 'wipe', ALL), null);
    assert.equal(refusalFor(laptop, 'wipe', ALL, { mode: 'complete' }), null);
    assert.equal(refusalFor(laptop, 'wipe', ALL, { mode: 'corporate' }), 'corporate_wipe_unconfigured');
    assert.equal(refusalFor(laptop, 'wipe', { ...ALL, corporateWipe: true }, { mode: 'corporate' }), null);
    assert.ok(offersFor(laptop, ALL).includes('wipe'));
  });

  test('reassign is offered first, only to a shared device, only with a configured pool user', () => {
    const scanner = { id: 3, ownership: 'corporate' as const, shared: true };
    assert.deepEqual(offersFor(scanner, ALL), [
      'reassign',
      'lock',
      'wipe',
      'clear_passcode',
      'lost_mode',
      'disenroll',
    ]);
    assert.equal(refusalFor({ ...scanner, shared: false }, 'reassign', ALL), 'not_shared');
    assert.equal(refusalFor(scanner, 'reassign', { ...ALL, reassignTargets: [] }), 'no_reassign_target');
    assert.equal(refusalFor(scanner, 'reassign', ALL, { reassignTo: 99 }), 'no_reassign_target');
    assert.equal(refusalFor(scanner, 'reassign', ALL, { reassignTo: 61 }), null);
    assert.ok(!offersFor(scanner, { ...ALL, reassignTargets: [] }).includes('reassign'));
  });

  test('mark_disenrolled is never offered in a preview, only allowed after a long-pending disenroll', () => {
    const now = ALL.now!;
    const offline = { id: 4, ownership: 'corporate' as const, disenrollPendingSince: now - DAY - 1 };
    assert.ok(!offersFor(offline, ALL).includes('mark_disenrolled'));
    assert.equal(refusalFor(offline, 'mark_disenrolled', ALL), null);
    assert.equal(
      refusalFor({ ...offline, disenrollPendingSince: now - 1000 }, 'mark_disenrolled', ALL),
      'not_pending_disenroll',
    );
    assert.equal(
      refusalFor({ ...offline, disenrollPendingSince: null }, 'mark_disenrolled', ALL),
      'not_pending_disenroll',
    );
    assert.equal(
      refusalFor({ ...offline, disenrollPendingSince: now - 1000 }, 'mark_disenrolled', {
        ...ALL,
        markDisenrolledAfterMs: 500,
      }),
      null,
    );
  });

  test('an action the actor may not take is not_enabled; refusalsFor lists every refused device', () => {
    const context = { ...ALL, actions: ['lock', 'wipe'] as const };
    assert.equal(configRefusal('disenroll', {}, context), 'not_enabled');
    assert.deepEqual(
      refusalsFor(
        [
          { device: { id: 1, ownership: 'personal' }, action: 'wipe' },
          { device: { id: 2, ownership: 'corporate' }, action: 'wipe' },
          { device: { id: 3, ownership: 'corporate' }, action: 'disenroll' },
        ],
        context,
      ),
      [
        { deviceId: 1, action: 'wipe', reason: 'personal_device' },
        { deviceId: 3, action: 'disenroll', reason: 'not_enabled' },
      ],
    );
  });

  test('disenrollPendingSince reads the newest disenroll command while it is pending', () => {
    const command = (
      id: number,
      actionName: string,
      status: 'pending' | 'success',
      createdAt: string | null,
    ) => ({
      id,
      actionName,
      status,
      createdAt,
      updatedAt: null,
    });
    assert.equal(disenrollPendingSince([]), null);
    assert.equal(
      disenrollPendingSince([
        command(1, 'Disenroll Device', 'pending', '2026-11-01T00:00:00Z'),
        command(2, 'Lock Device', 'pending', null),
      ]),
      Date.parse('2026-11-01T00:00:00Z'),
    );
    assert.equal(
      disenrollPendingSince([command(3, 'disenroll_device', 'success', '2026-11-01T00:00:00Z')]),
      null,
    );
    assert.equal(disenrollPendingSince([command(4, 'Disenroll Device', 'pending', null)]), null);
  });
});

describe('execute applies the offers rule to what it just read', () => {
  const sim = useSimulator({ checkinMs: 60_000 });
  const make = (options: Partial<ConstructorParameters<typeof OffboardingPlanner>[0]> = {}) => {
    const client = sim.client();
    return new OffboardingPlanner({ client, directory: sim.directory({}, client), ...options });
  };
  const rosa = HARD_CASES.frontlineLeaver;
  const named = (name: string) => sim.running.simulator.devices.find((device) => device.name === name)!.id;

  test("a wipe of the frontline leaver's devices never names the personal phone", async () => {
    const planner = make();
    const plan = await planner.plan({ email: rosa.email });
    const phone = named(rosa.devices.personalPhone);
    const laptop = named(rosa.devices.laptop);
    const result = await planner.execute(plan, 'wipe', [laptop, phone]);
    assert.deepEqual(result, {
      sent: [laptop],
      refused: [{ id: phone, reason: 'personal_device' }],
      batches: 1,
    });
    assert.deepEqual(
      sim.running.simulator.actionsSent().map((entry) => entry.body),
      [{ devices: [laptop] }],
    );
  });

  test('a corporate wipe without configured fields refuses every device and sends nothing; with them it sends them', async () => {
    const laptop = named(rosa.devices.laptop);
    const bare = make();
    const plan = await bare.plan({ email: rosa.email });
    const before = sim.running.simulator.log.length;
    assert.deepEqual(await bare.execute(plan, 'wipe', [laptop], { mode: 'corporate' }), {
      sent: [],
      refused: [{ id: laptop, reason: 'corporate_wipe_unconfigured' }],
      batches: 0,
    });
    assert.equal(sim.running.simulator.log.length, before, 'Hexnode heard nothing');
    const configured = make({ corporateWipeFields: { wipe_type: 'corporate' } });
    await configured.execute(plan, 'wipe', [laptop], { mode: 'corporate' });
    assert.deepEqual(
      sim.running.simulator.actionsSent().map((entry) => entry.body),
      [{ devices: [laptop], wipe_type: 'corporate' }],
    );
  });

  test('reassign hands only the shared scanner to the pool user', async () => {
    const pool = sim.running.simulator.findUsersByEmail(HARD_CASES.shiftPool.email)[0]!;
    const planner = make({ sharedDeviceGroups: ['Warehouse Handhelds'], reassignTargets: [pool.id] });
    const plan = await planner.plan({ email: rosa.email });
    const scanner = named(rosa.devices.sharedScanner);
    const laptop = named(rosa.devices.laptop);
    const result = await planner.execute(plan, 'reassign', [scanner, laptop]);
    assert.deepEqual(result, {
      sent: [scanner],
      refused: [{ id: laptop, reason: 'not_shared' }],
      batches: 1,
    });
    assert.equal(sim.running.simulator.devices.find((device) => device.id === scanner)!.userId, pool.id);
  });
});
