/**
 * `execute`'s side of the offers rule: which verified devices may have the action, judged on what was read a
 * moment ago (their ownership from the ownership re-check, the shared groups read fresh for a reassign, each
 * device's pending disenroll for a mark as disenrolled). The rest are refused with the rule's reason.
 */
import type { ActionKind, ActionOptions } from '../protocol/index.js';
import { refusalFor, type OfferContext } from './offers.js';
import type { Verification } from './planner.js';

export interface OfferReads extends OfferContext {
  /** The shared devices' ids, read now (asked only for a reassign). */
  shared(): Promise<Set<number>>;
  /** When the device's disenroll went pending (asked only for a mark as disenrolled). */
  pendingSince(id: number): Promise<number | null>;
}

export async function offeredDevices(
  checked: Verification,
  action: ActionKind,
  options: ActionOptions,
  context: OfferReads,
): Promise<Pick<Verification, 'verified' | 'refused'>> {
  const shared = action === 'reassign' ? await context.shared() : new Set<number>();
  const pending = new Map<number, number | null>();
  if (action === 'mark_disenrolled') {
    await Promise.all(checked.verified.map(async (id) => pending.set(id, await context.pendingSince(id))));
  }
  const verified: number[] = [];
  const refused = [...checked.refused];
  for (const id of checked.verified) {
    const device = {
      id,
      ownership: checked.ownership.get(id) ?? 'unknown',
      shared: shared.has(id),
      disenrollPendingSince: pending.get(id) ?? null,
    };
    const reason = refusalFor(device, action, context, options);
    if (reason === null) verified.push(id);
    else refused.push({ id, reason });
  }
  return { verified, refused };
}
