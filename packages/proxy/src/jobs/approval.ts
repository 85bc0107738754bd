/**
 * The two-person rule for scheduled jobs: a job that would act on more than `maxDevices` devices, or that
 * names a user or device group, does not act on its own. The offboarding executor holds it for a second
 * approver (`awaiting_approval`, with the devices and the action it would take); someone other than its
 * requester approves it (through the handler's `POST {base}/jobs/{id}/approve`) before it runs.
 */
import type { OffboardJobPayload } from './offboard-job.js';
import type { ApprovalReason } from './types.js';

export interface ApprovalOptions {
  /**
   * The most devices a job acts on without a second approver. Default {@link DEFAULT_APPROVAL_MAX_DEVICES}
   * (a leaver has one to three devices; more is a shared pool or a mistake worth a second look). `0`: every
   * job with a device waits for approval.
   */
  maxDevices?: number;
}

export const DEFAULT_APPROVAL_MAX_DEVICES = 5;

/** The options checked, with their defaults. */
export function checkApprovalOptions(options: ApprovalOptions = {}): Required<ApprovalOptions> {
  const maxDevices = options.maxDevices ?? DEFAULT_APPROVAL_MAX_DEVICES;
  if (!Number.isSafeInteger(maxDevices) || maxDevices < 0)
    throw new TypeError('approval.maxDevices must be a non-negative integer.');
  return { maxDevices };
}

/** Why this job needs a second approver before it acts (none: it runs). */
export function approvalNeeded(
  payload: Pick<OffboardJobPayload, 'group'>,
  deviceCount: number,
  maxDevices: number,
): ApprovalReason[] {
  const reasons: ApprovalReason[] = [];
  if (deviceCount > maxDevices) reasons.push('too_many_devices');
  if (payload.group !== undefined) reasons.push('names_group');
  return reasons;
}
