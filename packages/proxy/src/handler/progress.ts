/**
 * An action's progress, device by device, from Hexnode's command history, tied to this action's own commands:
 * only a command of the action's kind newer than the one each device showed right before sending counts
 * (core's `findCommand`). When that is not known, a command that may be older reads as `pending`, never as its
 * final state. A device with no such command minutes after sending is `failed` (`not_queued`), and devices the
 * intent or the reply marked (`not_enrolled`, `rejected`) are `failed` without a Hexnode read.
 */
import {
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  findCommand,
  toDeviceStatus,
  type CommandAnchor,
  type HexnodeClient,
  type HexnodeCommand,
} from '@hexnode-offboard/core';
import type { ActionKind, ActionState, DeviceFailure, DeviceStatus } from '@hexnode-offboard/core/protocol';
import type { AuditDevice, AuditRecord } from '../store/types.js';

/** How long after sending a device may show no command of the action before it counts as `not_queued`. */
export const NOT_QUEUED_AFTER_MS = 5 * 60 * 1000;

export interface DeviceProgress {
  id: number;
  /** The device's own action (from the intent; older intents: the record's action). */
  action: ActionKind;
  status: DeviceStatus;
  updatedAt: string | null;
  reason?: DeviceFailure;
}

/** Every device of the action: from the intent's and the result's notes, else from Hexnode. */
export function actionProgress(
  client: HexnodeClient,
  intent: AuditRecord,
  result: AuditRecord | null,
  now: number,
): Promise<DeviceProgress[]> {
  const notes = new Map<number, AuditDevice>();
  for (const device of [...(intent.devices ?? []), ...(result?.devices ?? [])]) {
    notes.set(device.id, { ...notes.get(device.id), ...device });
  }
  const sentAt = Date.parse(intent.time);
  return Promise.all(
    intent.deviceIds.map(async (id): Promise<DeviceProgress> => {
      const note = notes.get(id);
      const action = note?.action ?? (intent.action as ActionKind);
      if (note?.failure) return { id, action, status: 'failed', updatedAt: null, reason: note.failure };
      const anchor = note && 'commandBefore' in note ? { newerThan: note.commandBefore ?? null } : null;
      return deviceProgress(client, id, action, anchor, sentAt, now);
    }),
  );
}

/**
 * One device. With `anchor` (the newest command id before sending), the oldest newer command of the kind is
 * the action's. Without it, a command created before `sentAt` (within the clock-skew allowance) may be an
 * older one, so it reads `pending`. A device Hexnode no longer knows, or whose history cannot be read, stays
 * `pending` rather than failing the whole answer.
 */
async function deviceProgress(
  client: HexnodeClient,
  id: number,
  action: ActionKind,
  anchor: CommandAnchor | null,
  sentAt: number,
  now: number,
): Promise<DeviceProgress> {
  const pending: DeviceProgress = { id, action, status: 'pending', updatedAt: null };
  let commands: HexnodeCommand[];
  try {
    commands = await client.devices.actionStatus(id);
  } catch (error) {
    if (error instanceof HexnodeNotFoundError || error instanceof HexnodeInvalidResponseError) return pending;
    throw error;
  }
  const command = findCommand(commands, action, anchor ?? sentAt);
  if (!command) {
    return now - sentAt >= NOT_QUEUED_AFTER_MS
      ? { id, action, status: 'failed', updatedAt: null, reason: 'not_queued' }
      : pending;
  }
  if (anchor === null && Date.parse(command.createdAt ?? '') < sentAt) return pending;
  return {
    id,
    action,
    status: toDeviceStatus(command.status),
    updatedAt: command.updatedAt ?? command.createdAt,
  };
}

/** `pending` while any device is pending or in progress; then `done`, `failed` (all failed) or `partial`. */
export function actionState(devices: readonly { status: DeviceStatus }[]): ActionState {
  const statuses = devices.map((device) => device.status);
  if (statuses.some((status) => status === 'pending' || status === 'in_progress')) return 'pending';
  if (statuses.every((status) => status === 'done')) return 'done';
  if (statuses.every((status) => status === 'failed')) return 'failed';
  return 'partial';
}
