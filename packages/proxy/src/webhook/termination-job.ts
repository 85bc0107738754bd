/**
 * The offboarding job a termination webhook stores: one per webhook message and tenant (its dedupe key), so a
 * message delivered three times is one job.
 */
import { OFFBOARD_JOB_KIND, type OffboardJobPayload } from '../jobs/offboard-job.js';
import type { NewJob } from '../jobs/types.js';
import type { TerminationEvent } from './event.js';
import type { PolicyAction } from './policy.js';

/** The termination an event carries. */
export type Termination = TerminationEvent['data'];

/** The job's dedupe key: one job per webhook message and tenant, however often it is delivered. */
export function webhookJobKey(tenant: string | null, webhookId: string): string {
  return JSON.stringify(['webhook', tenant, webhookId]);
}

/** The job acting on a termination with the policy's action at `runAt`. */
export function terminationJob(
  tenant: string | null,
  webhookId: string,
  termination: Termination,
  action: PolicyAction,
  runAt: number,
): NewJob {
  const { employee } = termination;
  const payload: OffboardJobPayload = {
    terminationId: termination.terminationId ?? webhookId,
    employee: {
      email: employee.email,
      ...(employee.name !== undefined ? { name: employee.name } : {}),
      ...(employee.id !== undefined ? { id: employee.id } : {}),
    },
    action: action.action,
    options: action.options ?? {},
    reason:
      termination.reason ??
      `Termination (${termination.terminationType}) effective ${termination.effectiveDate}`,
    source: 'webhook',
    webhookId,
    terminationType: termination.terminationType,
    ...(termination.requestedBy !== undefined ? { requestedBy: termination.requestedBy } : {}),
  };
  return { kind: OFFBOARD_JOB_KIND, tenant, dedupeKey: webhookJobKey(tenant, webhookId), payload, runAt };
}
