/**
 * The contract's action-tracker cases (`OffboardStore.trackerStore`). A store without one is skipped by these
 * cases: the handler then keeps its trackers in its own memory.
 */
import type { ActionTracker, ActionTrackerStore, OffboardStore } from '../store/types.js';
import { ContractFailure, expectEqual, expectTrue } from './expect.js';
import type { Case } from './fixtures.js';

const MINUTE = 60_000;

const tracker = (actionId: string, overrides: Partial<ActionTracker> = {}): ActionTracker => ({
  actionId,
  tenant: 'acme',
  portal: 'portal-a',
  sentAt: 1_000,
  devices: [
    { id: 101, action: 'lock', status: 'pending', updatedAt: null, commandBefore: 7 },
    { id: 102, action: 'lock', status: 'pending', updatedAt: null, commandBefore: null },
    { id: 103, action: 'wipe', status: 'pending', updatedAt: null },
    { id: 104, action: 'lock', status: 'failed', updatedAt: null, reason: 'not_enrolled' },
  ],
  checkedAt: null,
  nextCheckAt: 11_000,
  trackedUntil: 1_000 + 24 * 60 * MINUTE,
  ...overrides,
});

const claim = (store: ActionTrackerStore, owner: string, now: number, portals = ['portal-a'], limit = 10) =>
  store.claimDueTrackers({ owner, now, leaseMs: MINUTE, portals, limit });

const ids = (trackers: readonly ActionTracker[]) => trackers.map((one) => one.actionId);

/** The case body, given the store's tracker store; a store without one has nothing to prove here. */
const withTrackers =
  (body: (trackers: ActionTrackerStore) => Promise<void>) =>
  async (store: OffboardStore): Promise<void> => {
    if (store.trackerStore === undefined) return;
    await body(store.trackerStore);
  };

export const trackerCases: Case[] = [
  [
    'a tracker is saved once and read back as saved (anchors, failures, no tenant)',
    withTrackers(async (trackers) => {
      const saved = tracker('act_1');
      expectTrue(await trackers.saveTracker(saved), 'first save');
      expectEqual(await trackers.getTracker('act_1'), saved, 'read back');
      expectTrue(!(await trackers.saveTracker(tracker('act_1', { portal: 'other' }))), 'second save refused');
      expectEqual((await trackers.getTracker('act_1'))?.portal, 'portal-a', 'the first one kept');
      const untenanted = tracker('act_2', { tenant: null, nextCheckAt: null });
      await trackers.saveTracker(untenanted);
      expectEqual(await trackers.getTracker('act_2'), untenanted, 'no tenant, stopped');
      expectEqual(await trackers.getTracker('act_none'), null, 'unknown action');
    }),
  ],
  [
    'only due trackers of the named portals are claimed, soonest first, at most the limit',
    withTrackers(async (trackers) => {
      await trackers.saveTracker(tracker('act_late', { nextCheckAt: 30_000 }));
      await trackers.saveTracker(tracker('act_soon', { nextCheckAt: 5_000 }));
      await trackers.saveTracker(tracker('act_mid', { nextCheckAt: 11_000 }));
      await trackers.saveTracker(tracker('act_stopped', { nextCheckAt: null }));
      await trackers.saveTracker(tracker('act_other', { portal: 'portal-b', nextCheckAt: 1_000 }));
      expectEqual(ids(await claim(trackers, 'one', 20_000, ['portal-a'], 1)), ['act_soon'], 'the limit');
      expectEqual(ids(await claim(trackers, 'one', 20_000)), ['act_mid'], 'the rest that is due');
      expectEqual(ids(await claim(trackers, 'two', 20_000, [])), [], 'no portal');
      expectEqual(ids(await claim(trackers, 'two', 20_000, ['portal-b'])), ['act_other'], 'another portal');
    }),
  ],
  [
    'a claimed tracker is nobody else’s until its owner updates it or its lease lapses',
    withTrackers(async (trackers) => {
      await trackers.saveTracker(tracker('act_1'));
      expectEqual(ids(await claim(trackers, 'one', 11_000)), ['act_1'], 'first claim');
      expectEqual(ids(await claim(trackers, 'two', 11_001)), [], 'held');
      const devices = tracker('act_1').devices.map((device) =>
        device.id === 101
          ? { ...device, status: 'done' as const, updatedAt: '2026-01-01T00:00:00Z' }
          : device,
      );
      const update = { actionId: 'act_1', devices, checkedAt: 11_000, nextCheckAt: 31_000 };
      expectTrue(!(await trackers.updateTracker({ ...update, owner: 'two' })), 'not the owner');
      expectTrue(await trackers.updateTracker({ ...update, owner: 'one' }), 'the owner');
      const read = await trackers.getTracker('act_1');
      expectEqual(read, { ...tracker('act_1'), devices, checkedAt: 11_000, nextCheckAt: 31_000 }, 'updated');
      expectEqual(ids(await claim(trackers, 'two', 30_999)), [], 'not due yet');
      expectEqual(ids(await claim(trackers, 'two', 31_000)), ['act_1'], 'due at the next point');
      expectTrue(!(await trackers.updateTracker({ ...update, owner: 'one' })), 'an old owner');
      // Two's process died: its lease lapses and the tracker is claimable again.
      expectEqual(ids(await claim(trackers, 'three', 31_000 + MINUTE - 1)), [], 'lease holds');
      expectEqual(ids(await claim(trackers, 'three', 31_000 + MINUTE)), ['act_1'], 'lease lapsed');
    }),
  ],
  [
    'owners claiming at once get disjoint trackers',
    withTrackers(async (trackers) => {
      const all = Array.from({ length: 12 }, (_, index) => `act_${index}`);
      for (const id of all) await trackers.saveTracker(tracker(id));
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd'].map((owner) => claim(trackers, owner, 20_000, ['portal-a'], 5)),
      );
      const claimed = claims.flatMap(ids);
      if (new Set(claimed).size !== claimed.length) {
        throw new ContractFailure(`a tracker was claimed twice: ${claimed.join(', ')}`);
      }
      expectEqual([...claimed].sort(), [...all].sort(), 'every due tracker claimed once');
    }),
  ],
];
