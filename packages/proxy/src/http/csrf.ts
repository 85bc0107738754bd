/**
 * Cookie mode's CSRF defence. A browser attaches the HRMS session cookie to any request it sends,
 * so a mutating request must prove it came from the HRMS's own page:
 * - `Origin` is exactly one of the allowed origins (string equality: no prefix, suffix or pattern match);
 * - `Sec-Fetch-Site`, when the browser sends it, is not `cross-site`;
 * - the header `X-Hexnode-Offboard: 1` is present (a cross-site form or `no-cors` fetch cannot set it).
 * JSON-only bodies (checked before this) close the remaining "simple request" door.
 */
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@hexnode-offboard/core/protocol';

export type CsrfVerdict = { ok: true } | { ok: false; detail: string };

export function checkCsrf(
  request: Request,
  allowedOrigins: readonly string[] | undefined,
  mutating: boolean,
): CsrfVerdict {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site.trim().toLowerCase() === 'cross-site') {
    return { ok: false, detail: 'Cross-site requests are refused.' };
  }
  if (!mutating) return { ok: true };
  const origin = request.headers.get('origin');
  const allowed = allowedOrigins ?? [new URL(request.url).origin];
  if (origin === null || !allowed.includes(origin)) {
    return { ok: false, detail: 'The request does not come from an allowed origin.' };
  }
  if (request.headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
    return { ok: false, detail: `The ${CSRF_HEADER} header is required.` };
  }
  return { ok: true };
}
