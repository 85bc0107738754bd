/**
 * The preview's held jobs: this employee's termination jobs that wait for a second approver (the two-person
 * rule), for the widget's dialog to approve or reject. Only in cookie mode, only for an actor who may approve
 * jobs, only when the handler has a job queue; read from the queue alone (no Hexnode call). A queue that fails
 * leaves them out of the preview (logged).
 */
import type { HeldJob } from '@hexnode-offboard/core/protocol';
import { employeeKey } from '../../auth/identity.js';
import type { Job } from '../../jobs/types.js';
import { tenantOf, type Auth } from '../auth.js';
import { errorName, type RequestContext } from '../context.js';
import { jobView } from './jobs.js';

/** Most held jobs the queue is asked for: a tenant holds few, and the dialog lists one employee's. */
const MAX_HELD = 500;

/** The held jobs of the employee `email` (already normalised) the actor may decide on; undefined: not shown. */
export async function heldJobsFor(
  ctx: RequestContext,
  auth: Auth,
  email: string,
): Promise<HeldJob[] | undefined> {
  if (auth.mode === 'token' || auth.actor.canApproveJobs !== true) return undefined;
  const queue = ctx.config.jobQueue();
  if (!queue) return undefined;
  let jobs: Job[];
  try {
    jobs = await queue.listJobs({ tenant: tenantOf(auth), state: 'awaiting_approval', limit: MAX_HELD });
  } catch (error) {
    // The preview is answered without them: a queue that fails must not cost HR the dialog.
    ctx.config.logger.error('held jobs could not be read', { error: errorName(error) });
    return undefined;
  }
  return jobs
    .map(jobView)
    .filter((job) => job.approval && job.employeeEmail && employeeKey(job.employeeEmail) === email)
    .map(({ id, approval }) => ({
      id,
      action: approval!.action,
      deviceIds: [...approval!.deviceIds],
      requestedBy: approval!.requestedBy,
      heldAt: approval!.heldAt,
      yours: approval!.requestedBy === auth.actor.id,
    }));
}
