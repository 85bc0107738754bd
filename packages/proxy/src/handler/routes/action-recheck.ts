/**
 * The re-check against Hexnode right before an action is sent: the employee is still exactly one Hexnode user
 * with devices, every requested device still belongs to them (core's one ownership rule, `planner.verify`),
 * devices Hexnode no longer manages are noted (Hexnode queues nothing for them: they are reported `failed`,
 * `not_enrolled`, so the action can end), each device's ownership is kept from the detail just read (for the
 * offers rule, `action-checks.ts`), and each enrolled device's newest command of its own action's kind is read,
 * so the action's status later considers only commands newer than that (the same read says whether its
 * disenroll is still pending, for `mark_disenrolled`).
 */
import {
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  disenrollPendingSince,
  newestCommandId,
  type HexnodeClient,
  type HexnodeOwnership,
} from '@hexnode-offboard/core';
import type { DeviceAction, ErrorCode } from '@hexnode-offboard/core/protocol';
import { sanitizeText } from '../../audit/sanitize.js';
import type { ProblemExtras } from '../../http/problem.js';
import type { Auth } from '../auth.js';
import type { RequestContext } from '../context.js';
import type { HexnodeSide } from '../hexnode.js';

/** What the re-check found: the devices to send to, or why nothing may be sent. */
export type Recheck =
  | {
      ok: true;
      side: HexnodeSide;
      hexnodeUser: { id: number; name: string };
      /** The devices to name in the Hexnode call: every requested one, in the order requested. */
      send: number[];
      /** The employee's devices Hexnode no longer manages (named too; reported `failed`, `not_enrolled`). */
      notEnrolled: number[];
      /** Each enrolled device's newest command id of the action's kind (`null`: none; absent: unreadable). */
      commandBefore: Map<number, number | null>;
      /** Each device's ownership, from the detail read just now. */
      ownership: Map<number, HexnodeOwnership>;
      /** For each device asked `mark_disenrolled`: since when its disenroll is pending (null: it is not). */
      pendingSince: Map<number, number | null>;
    }
  | { ok: false; code: ErrorCode; extras?: ProblemExtras };

/** Reads Hexnode (reads only). Hexnode's errors are thrown for the caller to map. */
export async function recheck(
  ctx: RequestContext,
  auth: Auth,
  email: string,
  intent: readonly DeviceAction[],
): Promise<Recheck> {
  const deviceIds = intent.map((device) => device.id);
  const side = await ctx.config.hexnode.resolve(ctx.request, auth.actor);
  const lookup = await ctx.hexnode(() => side.directory.lookup(email));
  if (lookup.status === 'not_found') return { ok: false, code: 'employee_not_found' };
  if (lookup.status === 'ambiguous') return { ok: false, code: 'ambiguous_employee' };
  if (lookup.devices.length === 0) return { ok: false, code: 'no_devices' };
  const plan = { employee: { email }, user: lookup.user, devices: lookup.devices };
  const { verified, refused, notEnrolled, ownership } = await ctx.hexnode(() =>
    side.planner.verify(plan, deviceIds),
  );
  if (refused.length > 0) {
    const ids = refused.map((device) => device.id).join(', ');
    return {
      ok: false,
      code: 'device_not_owned',
      extras: { detail: `Device ${ids} does not belong to this employee.` },
    };
  }
  const enrolled = intent.filter((device) => !notEnrolled.includes(device.id));
  const { commandBefore, pendingSince } = await ctx.hexnode(() => newestCommands(side.client, enrolled));
  const hexnodeUser = { id: lookup.user.id, name: sanitizeText(lookup.user.name, 200) };
  return { ok: true, side, hexnodeUser, send: verified, notEnrolled, commandBefore, ownership, pendingSince };
}

/** One action-status read per device; a history that cannot be read (unconfirmed shape) is left out. */
async function newestCommands(
  client: HexnodeClient,
  devices: readonly DeviceAction[],
): Promise<Pick<Extract<Recheck, { ok: true }>, 'commandBefore' | 'pendingSince'>> {
  const commandBefore = new Map<number, number | null>();
  const pendingSince = new Map<number, number | null>();
  await Promise.all(
    devices.map(async ({ id, action }) => {
      try {
        const commands = await client.devices.actionStatus(id);
        commandBefore.set(id, newestCommandId(commands, action));
        if (action === 'mark_disenrolled') pendingSince.set(id, disenrollPendingSince(commands));
      } catch (error) {
        if (!(error instanceof HexnodeNotFoundError || error instanceof HexnodeInvalidResponseError))
          throw error;
      }
    }),
  );
  return { commandBefore, pendingSince };
}
