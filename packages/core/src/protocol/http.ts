/** Names on the wire that both sides share. */

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The header the widget always sends; cookie mode refuses a mutating request without it (CSRF). */
export const CSRF_HEADER = 'X-Hexnode-Offboard';
export const CSRF_HEADER_VALUE = '1';

/** Required on `POST {base}/actions`. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The handler's id for a request, echoed on every answer. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Where an HRMS mounts the handler unless it says otherwise. */
export const DEFAULT_BASE_PATH = '/api/hexnode-offboard';

/** The routes under the base path. */
export const ROUTES = {
  preview: '/preview',
  actions: '/actions',
  action: (id: string) => `/actions/${encodeURIComponent(id)}`,
  audit: '/audit',
  jobs: '/jobs',
  jobApprove: (id: string) => `/jobs/${encodeURIComponent(id)}/approve`,
  jobReject: (id: string) => `/jobs/${encodeURIComponent(id)}/reject`,
} as const;

/** Largest JSON body the handler reads. */
export const MAX_BODY_BYTES = 16 * 1024;
