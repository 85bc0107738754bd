/**
 * An action's progress, device by device, from Hexnode's command history, tied to this action's own commands:
 * only a command of the action's kind newer than the one each device showed right before sending counts
 * (core's `findCommand`). When that is not known, a command that may be older reads as `pending`, never as its
 * final state. A device with no such command minutes after sending is `failed` (`not_queued`), and devices the
 * intent or the reply marked (`not_enrolled`, `rejected`) are `failed` from the start, never read.
 */
import {
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  findCommand,
  toDeviceStatus,
  type HexnodeClient,
  type HexnodeCommand,
} from '@hexnode-offboard/core';
import type { ActionKind, ActionState, DeviceFailure, DeviceStatus } from '@hexnode-offboard/core/protocol';
import type { AuditDevice, AuditRecord, TrackedDevice } from '../store/types.js';

/** How long after sending a device may show no command of the action before it counts as `not_queued`. */
export const NOT_QUEUED_AFTER_MS = 5 * 60 * 1000;

/** One device as the status answer shows it. */
export interface DeviceProgress {
  id: number;
  /** The device's own action (from the intent; older intents: the record's action). */
  action: ActionKind;
  status: DeviceStatus;
  updatedAt: string | null;
  reason?: DeviceFailure;
}

/** `done` and `failed` never change again: a final device is not read any more. */
export const isFinal = (status: DeviceStatus): boolean => status === 'done' || status === 'failed';

/**
 * Every device of the action before its first check, from the intent's and the result's notes: a device marked
 * (`not_enrolled`, `rejected`) is `failed` at once; every other one is `pending` with its anchor.
 */
export function initialDevices(intent: AuditRecord, result: AuditRecord | null): TrackedDevice[] {
  const notes = new Map<number, AuditDevice>();
  for (const device of [...(intent.devices ?? []), ...(result?.devices ?? [])]) {
    notes.set(device.id, { ...notes.get(device.id), ...device });
  }
  return intent.deviceIds.map((id): TrackedDevice => {
    const note = notes.get(id);
    const action = note?.action ?? (intent.action as ActionKind);
    if (note?.failure) return { id, action, status: 'failed', updatedAt: null, reason: note.failure };
    return {
      id,
      action,
      status: 'pending',
      updatedAt: null,
      ...(note && 'commandBefore' in note ? { commandBefore: note.commandBefore ?? null } : {}),
    };
  });
}

/**
 * One device read from Hexnode. With the anchor (`commandBefore`: the newest command id before sending), the
 * oldest newer command of the kind is the action's. Without it, a command created before `sentAt` (within the
 * clock-skew allowance) may be an older one, so it reads `pending`. A device Hexnode no longer knows, or whose
 * history cannot be read, keeps what it showed; any other failure (Hexnode busy or down) is thrown.
 */
export async function checkDevice(
  client: HexnodeClient,
  device: TrackedDevice,
  sentAt: number,
  now: number,
): Promise<TrackedDevice> {
  const { id, action } = device;
  let commands: HexnodeCommand[];
  try {
    commands = await client.devices.actionStatus(id);
  } catch (error) {
    if (error instanceof HexnodeNotFoundError || error instanceof HexnodeInvalidResponseError) return device;
    throw error;
  }
  const anchored = 'commandBefore' in device;
  const command = findCommand(
    commands,
    action,
    anchored ? { newerThan: device.commandBefore ?? null } : sentAt,
  );
  const keep = anchored ? { commandBefore: device.commandBefore ?? null } : {};
  if (!command) {
    return now - sentAt >= NOT_QUEUED_AFTER_MS
      ? { id, action, status: 'failed', updatedAt: null, reason: 'not_queued', ...keep }
      : { id, action, status: 'pending', updatedAt: null, ...keep };
  }
  if (!anchored && Date.parse(command.createdAt ?? '') < sentAt) {
    return { id, action, status: 'pending', updatedAt: null };
  }
  return {
    id,
    action,
    status: toDeviceStatus(command.status),
    updatedAt: command.updatedAt ?? command.createdAt,
    ...keep,
  };
}

/** The device as the status answer shows it (without the anchor). */
export function toProgress(device: TrackedDevice): DeviceProgress {
  const { id, action, status, updatedAt, reason } = device;
  return { id, action, status, updatedAt, ...(reason !== undefined ? { reason } : {}) };
}

/** `pending` while any device is pending or in progress; then `done`, `failed` (all failed) or `partial`. */
export function actionState(devices: readonly { status: DeviceStatus }[]): ActionState {
  const statuses = devices.map((device) => device.status);
  if (statuses.some((status) => status === 'pending' || status === 'in_progress')) return 'pending';
  if (statuses.every((status) => status === 'done')) return 'done';
  if (statuses.every((status) => status === 'failed')) return 'failed';
  return 'partial';
}
