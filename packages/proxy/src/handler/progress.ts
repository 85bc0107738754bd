/**
 * An action's progress, device by device, from Hexnode's command history: the command the action created
 * on each device (core's `findCommand`), mapped to the protocol's `pending`, `in_progress`, `done`, `failed`.
 */
import {
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  findCommand,
  toDeviceStatus,
  type HexnodeClient,
  type HexnodeCommand,
} from '@hexnode-offboard/core';
import type { ActionKind, ActionState, DeviceStatus } from '@hexnode-offboard/core/protocol';

export interface DeviceProgress {
  id: number;
  status: DeviceStatus;
  updatedAt: string | null;
}

/**
 * One device's progress on the action sent at `sentAt`. A device Hexnode no longer knows, or whose history
 * cannot be read, stays `pending` rather than failing the whole answer.
 */
export async function deviceProgress(
  client: HexnodeClient,
  deviceId: number,
  action: ActionKind,
  sentAt: string,
): Promise<DeviceProgress> {
  let commands: HexnodeCommand[];
  try {
    commands = await client.devices.actionStatus(deviceId);
  } catch (error) {
    if (error instanceof HexnodeNotFoundError || error instanceof HexnodeInvalidResponseError) {
      return { id: deviceId, status: 'pending', updatedAt: null };
    }
    throw error;
  }
  const command = findCommand(commands, action, sentAt);
  if (!command) return { id: deviceId, status: 'pending', updatedAt: null };
  return {
    id: deviceId,
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
