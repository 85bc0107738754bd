import {
  offboard as runOffboarding,
  toLeavers,
  type Connection,
  type OffboardResult,
} from '@hexnode-offboard/cli';

export interface Leaver {
  email: string;
  name?: string;
}

export interface ScheduledOptions {
  /** Signs the plan and the journal (HEXNODE_OFFBOARD_PLAN_KEY). */
  key: string;
  /** Where the run's journal lives: run the job again after a crash and it resumes there. */
  journalDir: string;
  /** Who the scheduled job acts as, in the plan and the journal. */
  author?: string;
  /** A run wiping more devices is refused (the job is unattended; nobody approves it). Default 50. */
  maxDevices?: number;
}

/**
 * This week's leavers -> a signed plan (each device re-checked, personal ones refused) -> one wipe per batch of
 * checked devices, journaled. The whole job is the `@hexnode-offboard/cli` engine.
 */
export function offboard(
  connection: Connection,
  leavers: Leaver[],
  options: ScheduledOptions,
): Promise<OffboardResult> {
  return runOffboarding({
    connection,
    leavers: toLeavers(leavers as unknown as Record<string, unknown>[], 'leavers'),
    action: 'wipe',
    author: options.author ?? 'scheduled-offboarding',
    key: options.key,
    journalDir: options.journalDir,
    approvalThreshold: options.maxDevices ?? 50,
  });
}
