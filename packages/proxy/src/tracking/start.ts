/**
 * Starting an action's tracker: right after its result record (the action route), or on the first poll of an
 * action that has none (sent before trackers existed, or whose start was lost). The first check is the
 * schedule's first point; an action whose schedule is already over gets one check, then stops.
 */
import type { HexnodeSide } from '../handler/hexnode.js';
import type { RequestContext } from '../handler/context.js';
import { errorName } from '../handler/context.js';
import type { ActionTracker, AuditRecord } from '../store/types.js';
import { initialDevices, isFinal } from './progress.js';
import { nextScheduled, scheduleFor, trackedUntil } from '@hexnode-offboard/core';

/** The action's tracker: the one in the store, or a new one saved now. */
export async function trackAction(
  ctx: RequestContext,
  side: HexnodeSide,
  intent: AuditRecord,
  result: AuditRecord | null,
): Promise<ActionTracker> {
  const { store } = ctx.config.tracking;
  const scheduleMs = scheduleFor(ctx.config.tracking.scheduleMs, side.client.budget.windowMs);
  const actionId = intent.actionId!;
  const existing = await store.getTracker(actionId);
  if (existing) return existing;
  const sentAt = Date.parse(intent.time);
  const devices = initialDevices(intent, result);
  const now = ctx.now();
  const tracker: ActionTracker = {
    actionId,
    tenant: intent.tenant,
    portal: await side.portalKey,
    sentAt,
    devices,
    checkedAt: null,
    nextCheckAt: devices.every((device) => isFinal(device.status))
      ? null
      : (nextScheduled(sentAt, now, scheduleMs) ?? now),
    trackedUntil: trackedUntil(sentAt, scheduleMs),
  };
  if (await store.saveTracker(tracker)) return tracker;
  return (await store.getTracker(actionId)) ?? tracker;
}

/**
 * The action route's one line after the result record: starts the tracker of the action just sent. A failure
 * here never fails the action (Hexnode has it): the first poll starts the tracker instead.
 */
export async function startTracking(ctx: RequestContext, side: HexnodeSide, actionId: string): Promise<void> {
  try {
    const found = await ctx.audit.findAction(actionId);
    if (found) await trackAction(ctx, side, found.intent, found.result);
  } catch (error) {
    ctx.log('action tracker not started', { actionId, error: errorName(error) });
  }
}
