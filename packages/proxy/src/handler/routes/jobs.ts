/**
 * `GET {base}/jobs`: the caller's tenant's scheduled jobs, newest first, optionally of one state
 * (`?state=awaiting_approval` lists what waits for a second approver). For an actor who may approve jobs or
 * read the audit log, in cookie mode; a session token (one employee's) never lists jobs. An actor limited to some
 * employees (`employees`) sees only their jobs.
 */
import { normalizeEmail } from '@hexnode-offboard/core';
import { sanitizeText } from '../../audit/sanitize.js';
import { ProblemError, jsonResponse } from '../../http/problem.js';
import { JOB_STATES, type Job, type JobApproval, type JobQueue, type JobState } from '../../jobs/types.js';
import { inScope, tenantOf, type Auth } from '../auth.js';
import type { RequestContext } from '../context.js';
import type { RouteInput } from '../routes.js';

const MAX_JOBS = 500;

/** A job as the jobs routes show it: its state, what it acts on, and its approval; never the raw payload. */
export interface JobView {
  id: string;
  kind: string;
  state: JobState;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
  terminationId: string | null;
  employeeEmail: string | null;
  action: string | null;
  approval: (Omit<JobApproval, 'heldAt' | 'decidedAt'> & { heldAt: string; decidedAt: string | null }) | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const field = (payload: unknown, name: string): string | null => {
  const value =
    payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? sanitizeText(value, 320) : null;
};

export function jobView(job: Job): JobView {
  const employee =
    job.payload && typeof job.payload === 'object' && !Array.isArray(job.payload)
      ? (job.payload as Record<string, unknown>).employee
      : undefined;
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    runAt: iso(job.runAt),
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    lastError: job.lastError,
    createdAt: iso(job.createdAt),
    finishedAt: job.finishedAt === null ? null : iso(job.finishedAt),
    terminationId: field(job.payload, 'terminationId'),
    employeeEmail: field(employee, 'email'),
    action: field(job.payload, 'action'),
    approval: job.approval
      ? {
          ...job.approval,
          heldAt: iso(job.approval.heldAt),
          decidedAt: job.approval.decidedAt === null ? null : iso(job.approval.decidedAt),
        }
      : null,
  };
}

/** Whether the actor may see and decide this job: its employee is in their scope (a job without one: no limit). */
export function jobInScope(auth: Auth, view: JobView): boolean {
  if (!auth.actor.employees) return true;
  return view.employeeEmail !== null && inScope(auth, normalizeEmail(view.employeeEmail));
}

/** The handler's job queue, or 404 when it has none (the store keeps no jobs and none was given). */
export function jobQueueOf(ctx: RequestContext): JobQueue {
  const queue = ctx.config.jobQueue();
  if (!queue) throw new ProblemError('not_found', { detail: 'This handler has no job queue.' });
  return queue;
}

export async function runJobList(
  ctx: RequestContext,
  auth: Auth,
  _input: RouteInput<undefined>,
): Promise<Response> {
  if (auth.mode === 'token' || (auth.actor.canApproveJobs !== true && auth.actor.canReadAudit !== true)) {
    throw await ctx.audit.deny(ctx, auth, { event: 'job_approval' }, 'forbidden', {
      detail: 'You may not list scheduled jobs.',
    });
  }
  const { state, limit } = listParameters(ctx.url.searchParams);
  const jobs = await jobQueueOf(ctx).listJobs({
    tenant: tenantOf(auth),
    ...(state ? { state } : {}),
    limit,
  });
  const views = jobs.map(jobView).filter((view) => jobInScope(auth, view));
  return jsonResponse({ jobs: views }, ctx.requestId);
}

function listParameters(params: URLSearchParams): { state: JobState | null; limit: number } {
  const state = params.get('state');
  const limit = params.get('limit') ?? '100';
  const errors: { path: string; message: string }[] = [];
  if (state !== null && !(JOB_STATES as readonly string[]).includes(state))
    errors.push({ path: 'state', message: `One of ${JOB_STATES.join(', ')}.` });
  if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_JOBS)
    errors.push({ path: 'limit', message: `1 to ${MAX_JOBS}.` });
  if (errors.length > 0) throw new ProblemError('invalid_request', { errors });
  return { state: state as JobState | null, limit: Number(limit) };
}
