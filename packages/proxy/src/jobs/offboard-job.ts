/**
 * An offboarding job: act on one employee's devices for one termination, at a set time. Made by the
 * termination webhook or by `scheduleOffboarding` (for HRMSs that call rather than post), run by the
 * offboarding executor. Every device is acted on at most once per termination, however often the job runs.
 */
import {
  ActionKind,
  ActionOptions,
  Employee,
  type ActionKind as ActionKindType,
  type ActionOptions as ActionOptionsType,
  type Employee as EmployeeType,
} from '@hexnode-offboard/core/protocol';
import * as z from 'zod/mini';
import type { EnqueueResult, JobQueue } from './types.js';

export const OFFBOARD_JOB_KIND = 'offboard';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const OffboardJobPayload = z.strictObject({
  /** The termination's id: one action per device per termination. */
  terminationId: text(200),
  employee: Employee,
  action: ActionKind,
  options: ActionOptions,
  reason: z.nullable(z.string().check(z.maxLength(1000))),
  source: z.enum(['webhook', 'schedule']),
  webhookId: z.nullable(text(256)),
  terminationType: z.nullable(text(100)),
  /** Who asked for the job (an HRMS actor id, or the webhook's source): never its second approver. */
  requestedBy: z.optional(text(200)),
  /**
   * The group this termination was decided for (a site closure, a department): a job naming a group always
   * waits for a second approver. The job still acts on its one employee's devices; a group's members are each
   * their own job.
   */
  group: z.optional(z.strictObject({ kind: z.enum(['user', 'device']), name: text(200) })),
});
export type OffboardJobPayload = z.infer<typeof OffboardJobPayload>;

/** The problems with an action and its options, as the handler checks them for `POST actions`. */
export function actionProblems(action: unknown, options: unknown = {}): string[] {
  if (!ActionKind.safeParse(action).success) return [`unknown action ${JSON.stringify(action)}`];
  const parsed = ActionOptions.safeParse(options);
  if (!parsed.success) return ['options are not valid action options'];
  const opts = parsed.data;
  const problems: string[] = [];
  // A wipe without a mode is the documented full wipe (corporate-owned devices only); `corporate` is sent only
  // where the planner was given the portal's corporate-wipe fields, else its devices are refused, not guessed.
  if (action !== 'wipe' && opts.mode !== undefined) problems.push('only a wipe takes a mode');
  if (action !== 'reassign' && opts.reassignTo !== undefined)
    problems.push('only a reassign takes reassignTo');
  if (
    action !== 'lock' &&
    action !== 'lost_mode' &&
    (opts.message !== undefined || opts.phoneNumber !== undefined)
  )
    problems.push(`${String(action)} takes no message or phone number`);
  return problems;
}

/** The job's dedupe key: one job per termination and tenant. */
export function terminationJobKey(tenant: string | null, terminationId: string): string {
  return JSON.stringify(['termination', tenant, terminationId]);
}

export interface ScheduleOffboardingRequest {
  queue: JobQueue;
  tenant?: string | null;
  employee: EmployeeType;
  action: ActionKindType;
  options?: ActionOptionsType;
  /** When to act: a Date or epoch milliseconds. A time in the past means now. */
  at: Date | number;
  /**
   * Your HRMS's id for this termination. Scheduling the same id again returns the first job, and each device
   * is acted on at most once per id. Default: a new id, so every call is a termination of its own.
   */
  terminationId?: string;
  /** Written to the audit record. */
  reason?: string;
  /**
   * Who asks for it (your HRMS's actor id): a job over the two-person rule's bound waits for someone else's
   * approval. Default `hrms:schedule`.
   */
  requestedBy?: string;
  /** The user or device group this termination was decided for: the job then waits for a second approver. */
  group?: { kind: 'user' | 'device'; name: string };
  now?: () => number;
}

/**
 * Schedules an offboarding from the HRMS's server (no webhook): the job is stored durably before this
 * resolves, and a worker runs it at `at`. Bad input throws a TypeError and stores nothing.
 */
export async function scheduleOffboarding(request: ScheduleOffboardingRequest): Promise<EnqueueResult> {
  const now = (request.now ?? Date.now)();
  const at = request.at instanceof Date ? request.at.getTime() : request.at;
  if (!Number.isFinite(at))
    throw new TypeError('scheduleOffboarding: `at` must be a Date or epoch milliseconds.');
  const tenant = request.tenant ?? null;
  const payload = OffboardJobPayload.safeParse({
    terminationId: request.terminationId ?? `term_${crypto.randomUUID()}`,
    employee: request.employee,
    action: request.action,
    options: request.options ?? {},
    reason: request.reason ?? null,
    source: 'schedule',
    webhookId: null,
    terminationType: null,
    ...(request.requestedBy !== undefined ? { requestedBy: request.requestedBy } : {}),
    ...(request.group !== undefined ? { group: request.group } : {}),
  });
  if (!payload.success) {
    const paths = payload.error.issues.map((issue) => issue.path.join('.') || '(request)');
    throw new TypeError(`scheduleOffboarding: invalid ${[...new Set(paths)].join(', ')}.`);
  }
  const problems = actionProblems(request.action, request.options ?? {});
  if (problems.length > 0) throw new TypeError(`scheduleOffboarding: ${problems.join('; ')}.`);
  return request.queue.enqueueJob(
    {
      kind: OFFBOARD_JOB_KIND,
      tenant,
      dedupeKey: terminationJobKey(tenant, payload.data.terminationId),
      payload: payload.data,
      runAt: Math.max(now, Math.trunc(at)),
    },
    now,
  );
}
