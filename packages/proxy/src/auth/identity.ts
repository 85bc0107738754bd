/**
 * Identity keys: an employee's email, an actor's id, a tenant. They decide who may act on whom and which
 * audit records, idempotency keys and locks belong together, so they are compared and recorded exactly as
 * given: never cut to a length, never with a character replaced. A key that would need either is refused.
 */
import { normalizeEmail } from '@hexnode-offboard/core';
import { MAX_EMAIL_LENGTH } from '@hexnode-offboard/core/protocol';
import { ProblemError } from '../http/problem.js';
import { sanitizeText } from '../audit/sanitize.js';

/** The longest actor id or tenant, in UTF-16 units. */
export const MAX_IDENTITY_LENGTH = 200;

/**
 * Why a string cannot be an identity key as it is (too long, or holding characters the audit log would have
 * to replace), or null when it can. Emptiness is the caller's rule.
 */
export function identityProblem(value: string, maxLength = MAX_IDENTITY_LENGTH): string | null {
  if (value.length > maxLength) return `longer than ${maxLength} characters`;
  if (sanitizeText(value, maxLength) !== value) return 'holds control, line-separator or bidi characters';
  return null;
}

/** The employee's identity key (see `normalizeEmail`), or `400 invalid_request` when there is none. */
export function employeeKey(email: string): string {
  const key = normalizeEmail(email);
  if (key === '' || identityProblem(key, MAX_EMAIL_LENGTH) !== null) {
    throw new ProblemError('invalid_request', {
      errors: [
        {
          path: 'employee.email',
          message: `An address of at most ${MAX_EMAIL_LENGTH} characters, without control or formatting characters.`,
        },
      ],
    });
  }
  return key;
}
