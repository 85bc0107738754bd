/**
 * The ownership re-check right before acting, the cheaper way: one fresh read of both Hexnode lists when that
 * costs fewer calls than one detail read per device, else the devices' details (which also re-read `owned_by`).
 * A directory whose lists are still fresh (the one the plan was made
 * with, in the same process) answers without reading them again. A device passes when it is still assigned to the
 * plan's Hexnode user and enrolled, (for a wipe, on the detail path) still corporate, and (for a reassign, either
 * path) still in one of the plan's shared device groups, read fresh, with the plan's pool account (core's rule),
 * and (for a plan naming device groups) still in one of them, read fresh.
 */
import {
  HexnodeDirectory,
  normalizeEmail,
  refusalFor,
  type HexnodeClient,
  type HexnodeOwnership,
} from '@hexnode-offboard/core';
import type { OffboardPlan, PlanDevice, PlanLeaver } from './plan-types.js';
import { devicesInGroups, sharedDevices } from './groups.js';

export interface Recheck {
  verified: number[];
  refused: { id: number; reason: string }[];
  /** `lists` or `details`: which way was cheaper. */
  method: 'lists' | 'details';
}

type Rule = (device: { id: number; ownership?: HexnodeOwnership }) => string | null;

/** Core's offers rule for the plan's action, with the shared groups read now for a reassign: a reason or null. */
async function ruleOf(client: HexnodeClient, plan: OffboardPlan): Promise<Rule> {
  const action = plan.action;
  const reassignTo = plan.options.reassignTo;
  const shared =
    action === 'reassign'
      ? await sharedDevices(client.withPriority('action'), plan.reassign?.sharedDeviceGroups ?? [])
      : new Map<number, string>();
  const deviceGroups = plan.groups?.devices ?? [];
  const inGroups = await devicesInGroups(client.withPriority('action'), deviceGroups, 'empty');
  const context = { actions: [action], reassignTargets: reassignTo === undefined ? [] : [reassignTo] };
  return (device) => {
    if (deviceGroups.length > 0 && !inGroups.has(device.id)) return "no longer in the plan's device groups";
    const refusal = refusalFor({ ...device, shared: shared.has(device.id) }, action, context, plan.options);
    if (refusal === null) return null;
    if (refusal === 'not_shared') return 'no longer in a shared device group';
    if (refusal === 'no_reassign_target') return 'the plan names no pool account';
    return `${device.ownership ?? 'unknown'} device: never wiped`;
  };
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
  const rule = await ruleOf(client, plan);
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
      else {
        // The lists carry no ownership: a wipe's is the one read at plan time; the rest of the rule is checked now.
        const reason = rule(
          device.ownership === 'not_read'
            ? { id: device.id }
            : { id: device.id, ownership: device.ownership },
        );
        if (reason === null) verified.push(device.id);
        else refused.push({ id: device.id, reason });
      }
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
    } else {
      const reason = rule(detail);
      if (reason === null) verified.push(device.id);
      else refused.push({ id: device.id, reason });
    }
  }
  return { verified, refused, method: 'details' };
}
