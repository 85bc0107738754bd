/**
 * The offers rule (core's `refusalsFor`), re-checked right before sending: every device's asked action against
 * what was read from Hexnode a moment ago (its ownership, the shared device groups read fresh when a reassign
 * is asked, its pending disenroll when `mark_disenrolled` is asked), this actor's actions, the portal's wipe
 * settings and this tenant's pool users. Whatever the request says: a personal device is never wiped.
 */
import { refusalsFor, type ActionRefusal, type OfferContext } from '@hexnode-offboard/core';
import {
  DESTRUCTIVE_ACTIONS,
  type ActionOptions,
  type ActionRequest,
  type DeviceAction,
  type ReassignTarget,
} from '@hexnode-offboard/core/protocol';
import type { HandlerConfig } from '../config.js';
import { effectiveActions, inScope, type Auth } from '../auth.js';
import type { RequestContext } from '../context.js';
import { reassignTargets } from '../reassign.js';
import type { Recheck } from './action-recheck.js';

export interface OfferCheck {
  refusals: ActionRefusal[];
  /** The options as sent: a reassign without `reassignTo` goes to the first pool user. */
  options: ActionOptions;
}

/** Reads the shared groups from Hexnode only when a reassign is asked. */
export async function checkOffers(
  ctx: RequestContext,
  auth: Auth,
  verified: Extract<Recheck, { ok: true }>,
  intent: readonly DeviceAction[],
  asked: ActionOptions,
): Promise<OfferCheck> {
  const reassigns = intent.some((device) => device.action === 'reassign');
  const targets: ReassignTarget[] = reassigns ? await reassignTargets(ctx, auth) : [];
  const options =
    reassigns && asked.reassignTo === undefined && targets[0] !== undefined
      ? { ...asked, reassignTo: targets[0].id }
      : asked;
  const shared = reassigns
    ? await ctx.hexnode(() => verified.side.planner.sharedDeviceIds({ fresh: true }))
    : new Set<number>();
  const context: OfferContext = {
    actions: effectiveActions(ctx.config, auth),
    corporateWipe: verified.side.settings.corporateWipeFields !== undefined,
    reassignTargets: targets.map((target) => target.id),
    markDisenrolledAfterMs: ctx.config.markDisenrolledAfterMs,
    now: ctx.now(),
  };
  const devices = intent.map(({ id, action }) => ({
    action,
    device: {
      id,
      ownership: verified.ownership.get(id) ?? ('unknown' as const),
      shared: shared.has(id),
      disenrollPendingSince: verified.pendingSince.get(id) ?? null,
    },
  }));
  return { refusals: refusalsFor(devices, context, options), options };
}

/** The problem's detail: which devices, which action, why (no Hexnode data beyond the ids). */
export function refusalDetail(refusals: readonly ActionRefusal[]): string {
  const first = refusals[0]!;
  const more = refusals.length > 1 ? ` (and ${refusals.length - 1} more)` : '';
  return `Device ${first.deviceId} is not offered ${first.action.replace('_', ' ')}: ${first.reason.replaceAll('_', ' ')}${more}; nothing was sent.`;
}

/**
 * The typed confirmation: an intent with a destructive action (wipe, disenroll) needs the preview's text; any
 * other (lock, reassign, ...) may send it empty or right, never wrong.
 */
export function confirmationHolds(
  config: HandlerConfig,
  request: ActionRequest,
  devices: readonly DeviceAction[],
): boolean {
  const expected = config.confirmTextFor(request.employee).trim();
  const typed = request.confirmation.trim();
  const destructive = devices.some((device) => DESTRUCTIVE_ACTIONS.includes(device.action));
  return destructive ? typed === expected : typed === '' || typed === expected;
}

/** Why this actor may not send this intent (an action not theirs, an employee out of scope), or null. */
export function forbiddenDetail(
  ctx: RequestContext,
  auth: Auth,
  email: string,
  devices: readonly DeviceAction[],
): string | null {
  const allowed = effectiveActions(ctx.config, auth);
  const action = devices.find((device) => !allowed.includes(device.action))?.action;
  if (action !== undefined) return `You may not ${action.replace('_', ' ')} devices.`;
  return inScope(auth, email) ? null : 'You may not act on this employee.';
}
