import type { ApprovalRequest } from './types.js';

/**
 * How an executor tells the worker what a failure means. Any other error is transient: the job is tried
 * again after a backoff, and dead-lettered once its attempts run out.
 */

/** The job can never succeed as it is (an employee Hexnode does not know, a refused API key): dead-letter it now. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
  /** A short stable code, first in the dead letter's reason (e.g. `employee_not_found`). */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Try again no sooner than this (Hexnode announced when it accepts calls again). */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  readonly code: string;
  readonly retryAfterMs: number;
  constructor(code: string, message: string, retryAfterMs: number) {
    super(message);
    this.code = code;
    this.retryAfterMs = Math.max(0, retryAfterMs);
  }
}

/**
 * The job is over the two-person rule's bound and nobody approved it yet: the worker holds it for a second
 * approver (`awaiting_approval`, with what it would do) instead of counting a failed attempt. Nothing was sent.
 */
export class AwaitingApprovalError extends Error {
  override readonly name = 'AwaitingApprovalError';
  readonly code = 'approval_required';
  readonly approval: ApprovalRequest;
  constructor(approval: ApprovalRequest) {
    super(`the job waits for a second approver (${approval.reasons.join(', ')})`);
    this.approval = approval;
  }
}
