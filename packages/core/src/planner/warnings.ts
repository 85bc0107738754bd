/** Why a device deserves a second look before HR acts on it (the protocol's `DeviceWarning`). */
import type { DeviceWarning } from '../protocol/index.js';
import type { HexnodeClient } from '../client/client.js';
import type { Limiter } from '../concurrency.js';
import { HexnodeInvalidResponseError, HexnodeNotFoundError } from '../errors.js';
import type { HexnodeCommand, HexnodeDevice } from '../hexnode/types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether Hexnode still manages the device (its enrollment status says `enrolled`). */
export function isEnrolled(device: { enrollmentStatus: string }): boolean {
  return device.enrollmentStatus.trim().toLowerCase() === 'enrolled';
}

export function notEnrolledWarning(device: HexnodeDevice): DeviceWarning[] {
  return isEnrolled(device) ? [] : [{ code: 'not_enrolled' }];
}

/**
 * `offline` with the whole days since the device last reported, when that is at least `thresholdDays`;
 * `offline` without days when it never reported. An unreadable timestamp gives no warning.
 */
export function offlineWarning(device: HexnodeDevice, now: number, thresholdDays: number): DeviceWarning[] {
  if (device.lastReported === null) return [{ code: 'offline' }];
  const last = Date.parse(device.lastReported);
  if (Number.isNaN(last)) return [];
  const days = Math.floor((now - last) / DAY_MS);
  return days >= thresholdDays ? [{ code: 'offline', days }] : [];
}

/** One `pending_action` per distinct action still pending or in progress on the device. */
export function pendingWarnings(commands: readonly HexnodeCommand[]): DeviceWarning[] {
  const names = new Set<string>();
  for (const command of commands) {
    if (command.status === 'pending' || command.status === 'in_progress') names.add(command.actionName);
  }
  return [...names].map((action) => ({ code: 'pending_action', action }));
}

/** Pending commands per device, read only when the plan is small enough for it to be cheap. */
export async function pendingByDevice(
  client: HexnodeClient,
  limiter: Limiter,
  devices: readonly HexnodeDevice[],
  max: number,
): Promise<Map<number, DeviceWarning[]>> {
  const out = new Map<number, DeviceWarning[]>();
  if (devices.length === 0 || devices.length > max) return out;
  await Promise.all(
    devices.map((device) =>
      limiter.run(async () => {
        try {
          out.set(device.id, pendingWarnings(await client.devices.actionStatus(device.id)));
        } catch (error) {
          // The action-status shape is unconfirmed: a shape we cannot read costs the warning, not the plan.
          if (error instanceof HexnodeInvalidResponseError || error instanceof HexnodeNotFoundError) return;
          throw error;
        }
      }),
    ),
  );
  return out;
}
