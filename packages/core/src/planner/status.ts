/** From Hexnode's per-device action status to the protocol's device status. */
import { ACTIONS } from '../hexnode/catalogue.js';
import type { HexnodeCommand, HexnodeCommandStatus } from '../hexnode/types.js';
import type { ActionKind, DeviceStatus } from '../protocol/index.js';
import { hexnodeActionOf } from './send.js';

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
 * Where to look for the command one action created on a device:
 * - `{ newerThan }`: the device's newest command id of this kind read right before the action was sent (`null`:
 *   it had none). Only a newer command can be the action's.
 * - a time (ISO string, epoch ms or Date): when the action was sent, for an action sent without that reading.
 */
export type CommandAnchor = { newerThan: number | null } | string | number | Date;

/** The commands of this action's kind: named as the catalogue's unconfirmed `commandName`, or as the path. */
export function commandsOfKind(commands: readonly HexnodeCommand[], action: ActionKind): HexnodeCommand[] {
  const entry = ACTIONS[hexnodeActionOf(action)];
  const names = new Set([entry.commandName.toLowerCase(), entry.path.split('/').at(-2)!.toLowerCase()]);
  return commands.filter((command) => names.has(command.actionName.trim().toLowerCase()));
}

/** The device's newest command id of this action's kind, `null` when it has none: the anchor to read before sending. */
export function newestCommandId(commands: readonly HexnodeCommand[], action: ActionKind): number | null {
  let newest: number | null = null;
  for (const command of commandsOfKind(commands, action))
    if (newest === null || command.id > newest) newest = command.id;
  return newest;
}

/**
 * The command one action created on a device, `undefined` while the device shows none. With `{ newerThan }`,
 * the oldest command of the action's kind with a higher id ([G] Hexnode's command ids grow, see the catalogue's
 * `commandSchema`). With a time, the earliest command of the kind created no earlier than that time minus
 * `skewMs` (Hexnode's clock is not ours): such a command may be an older one, so prefer the id anchor.
 */
export function findCommand(
  commands: readonly HexnodeCommand[],
  action: ActionKind,
  since: CommandAnchor,
  skewMs = 60_000,
): HexnodeCommand | undefined {
  const candidates = commandsOfKind(commands, action);
  if (typeof since === 'object' && !(since instanceof Date)) {
    const after = since.newerThan;
    return candidates
      .filter((command) => after === null || command.id > after)
      .reduce<HexnodeCommand | undefined>(
        (best, command) => (best && best.id < command.id ? best : command),
        undefined,
      );
  }
  const from = new Date(since).getTime() - skewMs;
  let best: HexnodeCommand | undefined;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const command of candidates) {
    const at = command.createdAt === null ? Number.NaN : Date.parse(command.createdAt);
    if (Number.isNaN(at) || at < from || at >= bestAt) continue;
    best = command;
    bestAt = at;
  }
  return best;
}
