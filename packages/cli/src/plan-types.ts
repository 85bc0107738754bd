/** The plan file: what will happen, device by device, signed and naming its author. */
import type { HexnodeOwnership } from '@hexnode-offboard/core';

export const PLAN_FORMAT = 'hexnode-offboard-plan/1';

/**
 * The actions the CLI plans. `reassign` hands a leaver's shared devices (members of the named shared device
 * groups) to a pool account (Hexnode's change owner); the leaver's other devices are refused.
 */
export const PLAN_ACTIONS = ['lock', 'wipe', 'disenroll', 'reassign'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** How a leaver's email mapped to Hexnode. */
export type MatchStatus = 'matched' | 'not_in_hexnode' | 'several_users' | 'no_email';

export interface PlanDevice {
  id: number;
  name: string;
  platform: string | null;
  /** From the device detail for a wipe (read at plan time); `not_read` for actions that do not depend on it. */
  ownership: HexnodeOwnership | 'not_read';
  enrollmentStatus: string;
  /** `act`: the action will name this device. `refused`: it will not, see `reason`. */
  decision: 'act' | 'refused';
  reason?: string;
  warnings: string[];
}

export interface PlanLeaver {
  email: string;
  name?: string;
  employeeId?: string;
  row: number;
  status: MatchStatus;
  /** The Hexnode user group that named this leaver (`row` is then 0), when the plan names user groups. */
  group?: string;
  /** The one Hexnode user, when matched. */
  userId?: number;
  /** The Hexnode users sharing the email, when several. */
  candidates?: number[];
  devices: PlanDevice[];
}

export interface PlanApproval {
  by: string;
  at: string;
  /** HMAC of the plan's signature and this approval, with the plan key. */
  signature: string;
}

export interface OffboardPlan {
  format: typeof PLAN_FORMAT;
  id: string;
  createdAt: string;
  author: string;
  /** The API root the plan was made against; `apply` refuses another. */
  target: string;
  action: PlanAction;
  /** The action's options; for a reassign, `reassignTo`: the pool account's Hexnode user id. */
  options: { message?: string; phoneNumber?: string; reassignTo?: number };
  /** Reassign only: the pool account as given (its email, or its id) and the shared groups `apply` re-reads. */
  reassign?: { to: string; sharedDeviceGroups: string[] };
  /**
   * The Hexnode groups the plan was built from: every member of `users` is a leaver, and only devices in
   * `devices` are acted on. A plan naming a group always needs a second person's approval.
   */
  groups?: { users: string[]; devices: string[] };
  /** Hexnode list pages one fresh read of users and devices cost at plan time (to choose the cheaper re-check). */
  listPages: number;
  leavers: PlanLeaver[];
  totals: { leavers: number; matched: number; devices: number; toAct: number; refused: number };
  /** HMAC-SHA256 of everything above, with the plan key. */
  signature: string;
  approvals: PlanApproval[];
}

/** The devices the action will name, with their leaver. */
export function devicesToAct(plan: OffboardPlan): { leaver: PlanLeaver; device: PlanDevice }[] {
  return plan.leavers.flatMap((leaver) =>
    leaver.devices.filter((device) => device.decision === 'act').map((device) => ({ leaver, device })),
  );
}
