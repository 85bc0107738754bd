/**
 * The ownership re-check right before acting, the cheaper way: one fresh read of both Hexnode lists when that
 * costs fewer calls than one detail read per device, else the devices' details (which also re-read `owned_by`).
 * A directory whose lists are still fresh (the one the plan was made
 * with, in the same process) answers without reading them again. A device passes when it is still assigned to the plan's Hexnode user and enrolled, and (for a wipe, on the
 * detail path) still corporate.
 */
import { HexnodeDirectory, normalizeEmail, refusalFor, type HexnodeClient } from '@hexnode-offboard/core';
import type { OffboardPlan, PlanDevice, PlanLeaver } from './plan-types.js';

export interface Recheck {
  verified: number[];
  refused: { id: number; reason: string }[];
  /** `lists` or `details`: which way was cheaper. */
  method: 'lists' | 'details';
}

export async function recheckOwnership(
  client: HexnodeClient,
  plan: OffboardPlan,
  todo: readonly { leaver: PlanLeaver; device: PlanDevice }[],
  lists?: HexnodeDirectory,
): Promise<Recheck> {
  const verified: number[] = [];
  const refused: { id: number; reason: string }[] = [];
  if (todo.length === 0) return { verified, refused, method: 'details' };
  const useLists = plan.listPages > 0 && plan.listPages < todo.length;
  if (useLists) {
    const directory = lists ?? new HexnodeDirectory(client.withPriority('index'));
    const emails = [...new Set(todo.map(({ leaver }) => leaver.email))];
    const found = await directory.lookupMany(emails);
    for (const { leaver, device } of todo) {
      const result = found.get(leaver.email);
      const now =
        result?.status === 'found' && result.user.id === leaver.userId
          ? result.devices.find((item) => item.id === device.id)
          : undefined;
      if (!now) refused.push({ id: device.id, reason: 'no longer assigned to the leaver in Hexnode' });
      else if (now.enrollmentStatus.toLowerCase() !== 'enrolled')
        refused.push({ id: device.id, reason: 'no longer enrolled' });
      else verified.push(device.id);
    }
    return { verified, refused, method: 'lists' };
  }
  const directory = new HexnodeDirectory(client.withPriority('action'));
  for (const { leaver, device } of todo) {
    const check = await directory.verifyOwnership(device.id, leaver.email);
    const detail = check.device;
    if (!detail) refused.push({ id: device.id, reason: 'no longer in Hexnode' });
    else if (!check.owned || detail.user?.id !== leaver.userId || normalizeEmail(detail.user?.email) === '') {
      refused.push({ id: device.id, reason: 'no longer assigned to the leaver in Hexnode' });
    } else if (detail.enrollmentStatus.toLowerCase() !== 'enrolled') {
      refused.push({ id: device.id, reason: 'no longer enrolled' });
    } else if (refusalFor(detail, plan.action, { actions: [plan.action] }) !== null) {
      refused.push({ id: device.id, reason: `${detail.ownership} device: never wiped` });
    } else verified.push(device.id);
  }
  return { verified, refused, method: 'details' };
}
