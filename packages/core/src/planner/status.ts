/** From Hexnode's per-device action status to the protocol's device status. */
import { ACTIONS } from '../hexnode/catalogue.js';
import type { HexnodeCommand, HexnodeCommandStatus } from '../hexnode/types.js';
import type { ActionKind, DeviceStatus } from '../protocol/index.js';

/** The catalogue entry each protocol action sends. */
export const ACTION_KIND_TO_HEXNODE = {
  lock: 'lock',
  wipe: 'wipe',
  clear_passcode: 'clearPasscode',
  lost_mode: 'enableLostMode',
  disenroll: 'disenroll',
} as const satisfies Record<ActionKind, keyof typeof ACTIONS>;

const DEVICE_STATUS: Record<HexnodeCommandStatus, DeviceStatus> = {
  pending: 'pending',
  in_progress: 'in_progress',
  success: 'done',
  failed: 'failed',
};

export function toDeviceStatus(status: HexnodeCommandStatus): DeviceStatus {
  return DEVICE_STATUS[status];
}

/**
 * The command one action created on a device: the earliest command with the action's name (the catalogue's
 * unconfirmed `commandName`, or the path's name) created no earlier than `sentAt` minus `skewMs` (Hexnode's
 * clock is not ours). `undefined` when the device shows none yet.
 */
export function findCommand(
  commands: readonly HexnodeCommand[],
  action: ActionKind,
  sentAt: string | number | Date,
  skewMs = 60_000,
): HexnodeCommand | undefined {
  const entry = ACTIONS[ACTION_KIND_TO_HEXNODE[action]];
  const names = new Set([entry.commandName.toLowerCase(), entry.path.split('/').at(-2)!.toLowerCase()]);
  const since = new Date(sentAt).getTime() - skewMs;
  let best: HexnodeCommand | undefined;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const command of commands) {
    if (!names.has(command.actionName.trim().toLowerCase())) continue;
    const at = command.createdAt === null ? Number.NaN : Date.parse(command.createdAt);
    if (Number.isNaN(at) || at < since || at >= bestAt) continue;
    best = command;
    bestAt = at;
  }
  return best;
}
