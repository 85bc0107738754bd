/**
 * The preview's `pending_action` warnings from the kit's own records: a device one of the employee's recent
 * actions (the preview's history, from the audit log) still tracks as pending or in progress. No Hexnode read:
 * the planner runs with `reads: 'index'`. A command another tool queued is not seen here (see docs/budget.md).
 */
import { HEXNODE_ACTIONS, hexnodeActionOf } from '@hexnode-offboard/core';
import type { DeviceWarning, HistoryEntry } from '@hexnode-offboard/core/protocol';
import type { ActionTrackerStore } from '../store/types.js';

/** One warning per distinct pending action per device, named as Hexnode names its command. */
export async function kitPendingWarnings(
  store: ActionTrackerStore,
  history: readonly HistoryEntry[],
): Promise<Map<number, DeviceWarning[]>> {
  const names = new Map<number, Set<string>>();
  const trackers = await Promise.all(history.map((entry) => store.getTracker(entry.actionId)));
  for (const tracker of trackers) {
    for (const device of tracker?.devices ?? []) {
      if (device.status !== 'pending' && device.status !== 'in_progress') continue;
      const name = HEXNODE_ACTIONS[hexnodeActionOf(device.action)].commandName;
      names.set(device.id, (names.get(device.id) ?? new Set()).add(name));
    }
  }
  return new Map(
    [...names].map(([id, actions]) => [
      id,
      [...actions].map((action): DeviceWarning => ({ code: 'pending_action', action })),
    ]),
  );
}
