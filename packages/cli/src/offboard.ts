/** The whole run as one call, for schedulers: plan, check the approval rule, apply. */
import { HexnodeDirectory } from '@hexnode-offboard/core';
import { applyPlan, type ApplyProgress, type ApplyResult } from './apply.js';
import type { Connection } from './connection.js';
import type { Leaver } from './input.js';
import type { OffboardPlan, PlanAction } from './plan-types.js';
import { buildPlan } from './planning.js';

export interface OffboardOptions {
  connection: Connection;
  leavers: readonly Leaver[];
  action: PlanAction;
  author: string;
  key: string;
  journalDir: string;
  /** Plans acting on more devices are refused (they need `approve` by a second person). */
  approvalThreshold: number;
  message?: string;
  /** Reassign only (and required for it): the pool account, an email or a Hexnode user id. */
  reassignTo?: string;
  batchSize?: number;
  /** Device groups whose members are shared devices (never wiped for one leaver; the only ones reassigned). */
  sharedDeviceGroups?: readonly string[];
  /** Plan only: nothing is sent. */
  dryRun?: boolean;
  onProgress?: (event: ApplyProgress) => void;
}

export interface OffboardResult {
  plan: OffboardPlan;
  /** Absent on a dry run. */
  applied?: ApplyResult;
}

export async function offboard(options: OffboardOptions): Promise<OffboardResult> {
  // One directory for the plan and the re-check: the lists are read once in this run.
  const directory = new HexnodeDirectory(options.connection.client.withPriority('index'));
  const plan = await buildPlan({
    directory,
    connection: options.connection,
    leavers: options.leavers,
    ...(options.sharedDeviceGroups ? { sharedDeviceGroups: options.sharedDeviceGroups } : {}),
    action: options.action,
    author: options.author,
    key: options.key,
    ...(options.message ? { message: options.message } : {}),
    ...(options.reassignTo !== undefined ? { reassignTo: options.reassignTo } : {}),
  });
  if (options.dryRun) return { plan };
  const applied = await applyPlan({
    connection: options.connection,
    plan,
    key: options.key,
    journalDir: options.journalDir,
    approvalThreshold: options.approvalThreshold,
    directory,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { plan, applied };
}
