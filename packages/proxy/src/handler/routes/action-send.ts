/**
 * The Hexnode calls of one confirmed intent: one call per action kind, naming exactly that kind's devices,
 * each sent once and never retried. Every kind is attempted even when another failed: each call's outcome is
 * its own (sent, certainly refused, or uncertain: Hexnode may have acted), and the answer says so per device.
 */
import { certainlyNotActed, sendProtocolAction, type HexnodeActionReply } from '@hexnode-offboard/core';
import {
  ACTION_KINDS,
  type ActionKind,
  type ActionOptions,
  type DeviceAction,
} from '@hexnode-offboard/core/protocol';
import type { RequestContext } from '../context.js';
import type { HexnodeSide } from '../hexnode.js';

export type KindSent =
  | { kind: ActionKind; deviceIds: number[]; ok: true; reply: HexnodeActionReply }
  | { kind: ActionKind; deviceIds: number[]; ok: false; error: unknown; certainlyNotActed: boolean };

/** The intent's devices grouped by action, in the catalogue's order of kinds. */
export function byKind(intent: readonly DeviceAction[]): { kind: ActionKind; deviceIds: number[] }[] {
  return ACTION_KINDS.map((kind) => ({
    kind,
    deviceIds: intent.filter((device) => device.action === kind).map((device) => device.id),
  })).filter((group) => group.deviceIds.length > 0);
}

export async function sendByKind(
  ctx: RequestContext,
  side: HexnodeSide,
  intent: readonly DeviceAction[],
  options: ActionOptions,
): Promise<KindSent[]> {
  const out: KindSent[] = [];
  for (const { kind, deviceIds } of byKind(intent)) {
    try {
      const reply = await ctx.hexnode(() =>
        sendProtocolAction(
          side.client,
          kind,
          { devices: deviceIds },
          optionsFor(kind, options),
          side.settings,
        ),
      );
      out.push({ kind, deviceIds, ok: true, reply });
    } catch (error) {
      out.push({ kind, deviceIds, ok: false, error, certainlyNotActed: certainlyNotActed(error) });
    }
  }
  return out;
}

/** Only the options a kind takes (a mixed intent's options serve several kinds). */
function optionsFor(kind: ActionKind, options: ActionOptions): ActionOptions {
  if (kind === 'wipe') return options.mode === undefined ? {} : { mode: options.mode };
  if (kind === 'reassign') return options.reassignTo === undefined ? {} : { reassignTo: options.reassignTo };
  if (kind === 'lock' || kind === 'lost_mode') {
    const { message, phoneNumber } = options;
    return {
      ...(message === undefined ? {} : { message }),
      ...(phoneNumber === undefined ? {} : { phoneNumber }),
    };
  }
  return {};
}
