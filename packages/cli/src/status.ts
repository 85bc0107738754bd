/**
 * A run's per-device status: for each device the journal says was sent, the newest command of the plan's action
 * in the device's action status (one read per device, at `status` priority), as pending / in_progress / done /
 * failed. `status` reads it through the run's tracker (run-tracker.ts), on the handler's schedule.
 */
import { HEXNODE_ACTIONS, hexnodeActionOf, type HexnodeClient } from '@hexnode-offboard/core';
import { replay } from './apply.js';
import type { JournalEntry } from './journal.js';
import type { PlanAction } from './plan-types.js';

export type DeviceState = 'pending' | 'in_progress' | 'done' | 'failed' | 'unknown';

export interface DeviceStatus {
  id: number;
  state: DeviceState;
}

export const FINAL: readonly DeviceState[] = ['done', 'failed'];

/** Each device's state from its action status (one read each); `ids`: only these (default: every sent one). */
export async function runStatus(
  client: HexnodeClient,
  action: PlanAction,
  entries: readonly JournalEntry[],
  ids?: readonly number[],
): Promise<DeviceStatus[]> {
  const state = replay(entries);
  const since = Date.parse(entries.find((entry) => entry.type === 'run')?.at ?? '') - 5 * 60_000;
  const name = HEXNODE_ACTIONS[hexnodeActionOf(action)].commandName.toLowerCase();
  const reader = client.withPriority('status');
  const out: DeviceStatus[] = [];
  for (const id of ids ?? state.sent) {
    const commands = (await reader.devices.actionStatus(id)).filter(
      (command) =>
        command.actionName.toLowerCase() === name &&
        (command.createdAt === null || !(Date.parse(command.createdAt) < since)),
    );
    const newest = commands.sort((a, b) => b.id - a.id)[0];
    const mapped: Record<string, DeviceState> = {
      pending: 'pending',
      in_progress: 'in_progress',
      success: 'done',
      failed: 'failed',
    };
    out.push({ id, state: newest ? (mapped[newest.status] ?? 'unknown') : 'unknown' });
  }
  return out;
}
