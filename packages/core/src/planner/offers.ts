/**
 * The one rule of which actions a device is offered, and why one is refused (`NotOfferedReason`). The preview
 * lists each device's `offers` from it, the handler re-checks every device's asked action against it with
 * ownership and groups read right before sending, and the planner's `execute` (scheduled offboardings) applies
 * it too. It decides from what it is given; it reads nothing.
 *
 * - A personally owned device is never erased (`wipe`): lock, "remove work data and management" (disenroll) and
 *   the other non-erasing actions stay.
 * - A device whose ownership Hexnode did not state is not erased on a guess either.
 * - A corporate-only wipe only where the operator has configured how their portal spells it.
 * - `reassign` only for a device in a shared device group, and only when a pool user is configured; it is
 *   offered first.
 * - `mark_disenrolled` never in the preview: only for a device whose disenroll has stayed pending long enough.
 */
import type { HexnodeCommand } from '../hexnode/types.js';
import type { ActionKind, ActionOptions, NotOfferedReason, Ownership } from '../protocol/index.js';
import { commandsOfKind } from './status.js';

/** How long a disenroll stays pending before IT is offered to mark the device disenrolled. Default 24 h. */
export const DEFAULT_MARK_DISENROLLED_AFTER_MS = 24 * 60 * 60 * 1000;

/** What the rule needs to know of a device. */
export interface OfferDevice {
  id: number;
  /** From the device detail's `owned_by`; absent reads as `unknown`. */
  ownership?: Ownership;
  /** The device is in one of the configured shared device groups. */
  shared?: boolean;
  /** When the device's disenroll command was created, epoch ms, while it is still pending; else null/absent. */
  disenrollPendingSince?: number | null;
}

/** What the rule needs to know of the handler, the actor and the portal. */
export interface OfferContext {
  /** The actions this actor may take at all, in the handler's order. */
  actions: readonly ActionKind[];
  /** The operator configured how their portal spells a corporate-only wipe. Default false. */
  corporateWipe?: boolean;
  /** The Hexnode user ids a shared device may be handed to (the first is the default). Default none. */
  reassignTargets?: readonly number[];
  /** How long a disenroll stays pending before `mark_disenrolled` is allowed. Default 24 h. */
  markDisenrolledAfterMs?: number;
  /** Clock, epoch ms. Default `Date.now()`. */
  now?: number;
}

/** One device refused the action it was asked. */
export interface ActionRefusal {
  deviceId: number;
  action: ActionKind;
  reason: NotOfferedReason;
}

/**
 * Why `device` may not get `action` (with the request's `options`: a wipe's mode, a reassign's target), or
 * null when it may.
 */
export function refusalFor(
  device: OfferDevice,
  action: ActionKind,
  context: OfferContext,
  options: ActionOptions = {},
): NotOfferedReason | null {
  const unconfigured = configRefusal(action, options, context);
  if (unconfigured !== null) return unconfigured;
  switch (action) {
    case 'wipe': {
      const ownership = device.ownership ?? 'unknown';
      if (ownership === 'personal') return 'personal_device';
      return ownership === 'corporate' ? null : 'ownership_unknown';
    }
    case 'reassign':
      return device.shared === true ? null : 'not_shared';
    case 'mark_disenrolled': {
      const since = device.disenrollPendingSince;
      const after = context.markDisenrolledAfterMs ?? DEFAULT_MARK_DISENROLLED_AFTER_MS;
      const now = context.now ?? Date.now();
      return typeof since === 'number' && now - since >= after ? null : 'not_pending_disenroll';
    }
    default:
      return null;
  }
}

/**
 * Why no device at all may get `action` with these options, whatever the device: not enabled, a corporate wipe
 * the operator has not configured, a reassign with no (or an unknown) pool user. Null when it depends on the device.
 */
export function configRefusal(
  action: ActionKind,
  options: ActionOptions,
  context: OfferContext,
): NotOfferedReason | null {
  if (!context.actions.includes(action)) return 'not_enabled';
  if (action === 'wipe' && options.mode === 'corporate' && context.corporateWipe !== true)
    return 'corporate_wipe_unconfigured';
  if (action === 'reassign') {
    const targets = context.reassignTargets ?? [];
    if (targets.length === 0) return 'no_reassign_target';
    if (options.reassignTo !== undefined && !targets.includes(options.reassignTo))
      return 'no_reassign_target';
  }
  return null;
}

/**
 * The actions the preview offers `device`, best first: `reassign` first for a shared device; never
 * `mark_disenrolled` (a follow-up of the status view); never an action the rule refuses.
 */
export function offersFor(device: OfferDevice, context: OfferContext): ActionKind[] {
  const offered = context.actions.filter(
    (action) => action !== 'mark_disenrolled' && refusalFor(device, action, context) === null,
  );
  return offered.includes('reassign')
    ? ['reassign', ...offered.filter((action) => action !== 'reassign')]
    : offered;
}

/** Every device refused its asked action (empty: every one may be sent). */
export function refusalsFor(
  intent: readonly { device: OfferDevice; action: ActionKind }[],
  context: OfferContext,
  options: ActionOptions = {},
): ActionRefusal[] {
  const refusals: ActionRefusal[] = [];
  for (const { device, action } of intent) {
    const reason = refusalFor(device, action, context, options);
    if (reason !== null) refusals.push({ deviceId: device.id, action, reason });
  }
  return refusals;
}

/** Whether a planned device's warnings say it is in a shared device group. */
export function isShared(device: { warnings?: readonly { code: string }[] }): boolean {
  return (device.warnings ?? []).some((warning) => warning.code === 'shared_device');
}

/**
 * When the device's newest disenroll command was created, while it is still pending or in progress (epoch ms);
 * null when it has none, it finished, or Hexnode gave no time.
 */
export function disenrollPendingSince(commands: readonly HexnodeCommand[]): number | null {
  let newest: HexnodeCommand | undefined;
  for (const command of commandsOfKind(commands, 'disenroll'))
    if (!newest || command.id > newest.id) newest = command;
  if (!newest || (newest.status !== 'pending' && newest.status !== 'in_progress')) return null;
  const at = newest.createdAt === null ? Number.NaN : Date.parse(newest.createdAt);
  return Number.isNaN(at) ? null : at;
}
