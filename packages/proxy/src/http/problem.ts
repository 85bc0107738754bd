/** Every answer the handler gives, errors as `application/problem+json` (RFC 9457) with a stable `code`. */
import {
  PROBLEM_CONTENT_TYPE,
  REQUEST_ID_HEADER,
  type ActionKind,
  type ErrorCode,
  type NotOfferedReason,
} from '@hexnode-offboard/core/protocol';

/** The HTTP status and title of each code. */
export const PROBLEMS: Record<ErrorCode, { status: number; title: string }> = {
  unauthenticated: { status: 401, title: 'Not signed in' },
  session_expired: { status: 401, title: 'The session token has expired' },
  session_not_yet_valid: { status: 401, title: 'The session token is not valid yet; try again shortly' },
  forbidden: { status: 403, title: 'Not allowed' },
  origin_not_allowed: { status: 403, title: 'The page’s origin is not allowed to use this handler' },
  csrf_header_missing: { status: 403, title: 'The X-Hexnode-Offboard header is missing' },
  base_path_mismatch: { status: 404, title: 'The request is outside the handler’s basePath' },
  invalid_request: { status: 400, title: 'Invalid request' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  unsupported_media_type: { status: 415, title: 'The body must be application/json' },
  payload_too_large: { status: 413, title: 'The body is too large' },
  employee_not_found: { status: 404, title: 'No Hexnode user has this email' },
  ambiguous_employee: { status: 409, title: 'Several Hexnode users have this email' },
  no_devices: { status: 409, title: 'This employee has no devices in Hexnode' },
  device_not_owned: { status: 403, title: 'A device does not belong to this employee' },
  action_not_offered: { status: 422, title: 'A device is not offered this action' },
  confirmation_mismatch: { status: 422, title: 'The confirmation text does not match' },
  reason_required: { status: 422, title: 'A reason is required' },
  already_offboarded: { status: 409, title: 'This action was already sent for this employee' },
  idempotency_key_missing: { status: 400, title: 'An Idempotency-Key header is required' },
  idempotency_conflict: { status: 422, title: 'This Idempotency-Key was used with another request' },
  idempotency_in_flight: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  rate_limited: { status: 429, title: 'Too many requests' },
  limit_exceeded: { status: 422, title: 'The request is over a limit' },
  audit_unavailable: { status: 503, title: 'The audit log cannot be written; nothing was sent' },
  hexnode_unavailable: { status: 502, title: 'Hexnode is not answering' },
  hexnode_misconfigured: { status: 502, title: 'The Hexnode connection is misconfigured' },
  hexnode_busy: { status: 503, title: "Hexnode's rate limit leaves no call for now" },
  approval_required: { status: 409, title: 'This job waits for a second person’s approval' },
  job_rejected: { status: 409, title: 'This job was rejected' },
  not_awaiting_approval: { status: 409, title: 'This job is not waiting for approval' },
  internal_error: { status: 500, title: 'Internal error' },
};

export interface ProblemExtras {
  detail?: string;
  retryAfter?: number;
  /** For `hexnode_busy`: what Hexnode's limits have spent (`window`, `day`, `throttled`). */
  reason?: 'window' | 'day' | 'throttled';
  errors?: { path: string; message: string }[];
  /** For `action_not_offered`: each device refused, the action asked and why. */
  refusals?: { deviceId: number; action: ActionKind; reason: NotOfferedReason }[];
  headers?: Record<string, string>;
}

/** Headers on every answer. */
export function baseHeaders(requestId: string, contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    [REQUEST_ID_HEADER]: requestId,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

export class ProblemError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly extras: ProblemExtras = {},
  ) {
    super(extras.detail ?? PROBLEMS[code].title);
    this.name = 'ProblemError';
  }
}

export function problemBody(
  code: ErrorCode,
  requestId: string,
  extras: ProblemExtras = {},
): Record<string, unknown> {
  const { status, title } = PROBLEMS[code];
  return {
    type: `https://hexnode-offboard.dev/problems/${code}`,
    title,
    status,
    code,
    ...(extras.detail !== undefined ? { detail: extras.detail } : {}),
    requestId,
    ...(extras.retryAfter !== undefined ? { retryAfter: extras.retryAfter } : {}),
    ...(extras.reason !== undefined ? { reason: extras.reason } : {}),
    ...(extras.errors !== undefined ? { errors: extras.errors } : {}),
    ...(extras.refusals !== undefined ? { refusals: extras.refusals } : {}),
  };
}

export function problemResponse(code: ErrorCode, requestId: string, extras: ProblemExtras = {}): Response {
  const headers = baseHeaders(requestId, PROBLEM_CONTENT_TYPE);
  if (extras.retryAfter !== undefined)
    headers.set('Retry-After', String(Math.max(0, Math.ceil(extras.retryAfter))));
  for (const [name, value] of Object.entries(extras.headers ?? {})) headers.set(name, value);
  return new Response(JSON.stringify(problemBody(code, requestId, extras)), {
    status: PROBLEMS[code].status,
    headers,
  });
}

export function jsonResponse(body: unknown, requestId: string, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: baseHeaders(requestId, 'application/json') });
}
