/**
 * `POST {base}/jobs/{id}/approve` and `POST {base}/jobs/{id}/reject`: a second person's decision on a job the
 * two-person rule holds (docs/zero-touch.md). Cookie mode only, CSRF-checked like `POST actions`, for an actor
 * with `canApproveJobs`, on a job of their own tenant and (for an actor limited to some employees) of one of
 * them. Refused for the job's requester and for a job not waiting for approval. Repeating one's own decision
 * answers the same (idempotent). Every decision and every refusal is audited; the decision's record is written
 * before the job changes (no audit, no decision).
 */
import * as z from 'zod/mini';
import { sanitizeText } from '../../audit/sanitize.js';
import { jsonResponse } from '../../http/problem.js';
import type { Job, JobDecision } from '../../jobs/types.js';
import { actorIdOf, tenantOf, type Auth } from '../auth.js';
import type { AuditFields } from '../audit-log.js';
import type { RequestContext } from '../context.js';
import type { RouteInput } from '../routes.js';
import { jobInScope, jobQueueOf, jobView } from './jobs.js';

export const ApproveJobRequest = z.strictObject({ note: z.optional(z.string().check(z.maxLength(1000))) });
export const RejectJobRequest = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
});
export type ApproveJobRequest = z.infer<typeof ApproveJobRequest>;
export type RejectJobRequest = z.infer<typeof RejectJobRequest>;

export function runJobApprove(
  ctx: RequestContext,
  auth: Auth,
  input: RouteInput<ApproveJobRequest>,
): Promise<Response> {
  return decide(ctx, auth, input.id, 'approved', input.body.note ?? null);
}

export function runJobReject(
  ctx: RequestContext,
  auth: Auth,
  input: RouteInput<RejectJobRequest>,
): Promise<Response> {
  return decide(ctx, auth, input.id, 'rejected', input.body.reason);
}

async function decide(
  ctx: RequestContext,
  auth: Auth,
  id: string | null,
  decision: 'approved' | 'rejected',
  note: string | null,
): Promise<Response> {
  const { audit } = ctx;
  const tenant = tenantOf(auth);
  if (auth.mode === 'token' || auth.actor.canApproveJobs !== true) {
    throw await audit.deny(ctx, auth, { event: 'job_approval' }, 'forbidden', {
      detail: 'You may not approve or reject scheduled jobs.',
    });
  }
  const queue = jobQueueOf(ctx);
  const found = id === null ? null : await queue.getJob(id);
  // Another tenant's job, or one of an employee outside the actor's scope, is no job at all.
  if (!found || found.tenant !== tenant || !jobInScope(auth, jobView(found))) {
    throw await audit.deny(ctx, auth, { event: 'job_approval' }, 'not_found', { detail: 'No such job.' });
  }
  const fields = recordFields(found, decision, note);
  const request: JobDecision = {
    id: found.id,
    decision,
    by: { id: actorIdOf(auth), name: sanitizeText(auth.actor.name, 200) },
    note: note === null ? null : sanitizeText(note, 1000),
    now: ctx.now(),
    tenant,
  };
  // The checks the queue makes in its transaction, made first so that a refusal changes nothing but the log.
  const repeated = found.approval?.decision === decision && found.approval.decidedBy?.id === request.by.id;
  if (!repeated) {
    if (found.state !== 'awaiting_approval' || !found.approval) {
      throw await audit.deny(ctx, auth, fields, 'not_awaiting_approval', {
        detail: `This job is ${found.state}, not waiting for approval.`,
      });
    }
    if (found.approval.requestedBy === request.by.id) {
      throw await audit.deny(ctx, auth, fields, 'forbidden', {
        detail: 'A job needs a second person: you asked for this one.',
      });
    }
    await audit.orRefuse(ctx, audit.entry(ctx, auth, { ...fields, outcome: 'allowed' }));
  }
  const result = await queue.decideJob(request);
  if (result.outcome === 'requester' || result.outcome === 'not_awaiting' || result.outcome === 'not_found') {
    // Another approver decided between the read and the decision.
    throw await audit.deny(ctx, auth, fields, 'not_awaiting_approval', {
      detail: 'This job is no longer waiting for approval.',
    });
  }
  if (repeated || result.outcome === 'unchanged') {
    await audit.bestEffort(ctx, audit.entry(ctx, auth, { ...fields, outcome: 'replayed' }));
  }
  return jsonResponse({ job: jobView(result.job ?? found) }, ctx.requestId);
}

/** What a decision's record names: the job's employee, the devices and action it holds, the note. */
function recordFields(
  job: Job,
  decision: 'approved' | 'rejected',
  note: string | null,
): Omit<AuditFields, 'outcome'> {
  const view = jobView(job);
  const action = view.action as AuditFields['action'];
  return {
    event: 'job_approval',
    employee: view.employeeEmail ? { email: view.employeeEmail } : null,
    deviceIds: job.approval?.deviceIds ?? [],
    action: action ?? null,
    reason: note === null ? null : sanitizeText(note, 1000),
    idempotencyKey: view.terminationId ? sanitizeText(`termination:${view.terminationId}`, 250) : null,
    code: decision === 'rejected' ? 'job_rejected' : null,
  };
}
