/**
 * Cookie mode's CSRF defence. A browser attaches the HRMS session cookie to any request it sends,
 * so a mutating request must prove it came from the HRMS's own page:
 * - `Origin` is exactly one of the allowed origins (string equality: no prefix, suffix or pattern match);
 * - `Sec-Fetch-Site`, when the browser sends it, is not `cross-site`;
 * - the header `X-Hexnode-Offboard: 1` is present (a cross-site form or `no-cors` fetch cannot set it).
 * JSON-only bodies (checked before this) close the remaining "simple request" door.
 *
 * A refusal here is usually an integration mistake (a dev proxy rewriting `Origin`, a page missing from
 * `allowedOrigins`, a hand-written client without the header), so each has its own code, a detail for the
 * developer, and a `cause` for the server's log that names what to change.
 */
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@hexnode-offboard/core/protocol';
import { sanitizeText } from '../audit/sanitize.js';

export type CsrfVerdict =
  | { ok: true }
  | { ok: false; code: 'origin_not_allowed' | 'csrf_header_missing'; detail: string; cause: string };

export function checkCsrf(
  request: Request,
  allowedOrigins: readonly string[] | undefined,
  mutating: boolean,
): CsrfVerdict {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site.trim().toLowerCase() === 'cross-site') {
    return {
      ok: false,
      code: 'origin_not_allowed',
      detail:
        'Cross-site requests are refused in cookie mode. A widget on another site needs a session token.',
      cause:
        'Sec-Fetch-Site: cross-site in cookie mode (a widget on another site needs sessionTokens and corsOrigins)',
    };
  }
  if (!mutating) return { ok: true };
  const origin = request.headers.get('origin');
  const allowed = allowedOrigins ?? [new URL(request.url).origin];
  if (origin === null || !allowed.includes(origin)) {
    const shown = origin === null ? 'no Origin header' : `Origin ${sanitizeText(origin, 200)}`;
    return {
      ok: false,
      code: 'origin_not_allowed',
      detail: `The request comes from ${shown}, which is not one of the handler's allowed origins.`,
      cause: `${shown} is not in allowedOrigins [${allowed.join(', ')}]${allowedOrigins ? '' : ' (the default: the handler’s own origin)'}; add the page’s origin, and behind a dev proxy keep the browser’s Origin (no changeOrigin) or list the proxy’s`,
    };
  }
  if (request.headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
    return {
      ok: false,
      code: 'csrf_header_missing',
      detail: `Send the header ${CSRF_HEADER}: ${CSRF_HEADER_VALUE} (the widget always does).`,
      cause: `the ${CSRF_HEADER}: ${CSRF_HEADER_VALUE} header is missing or wrong (a client other than the widget must send it)`,
    };
  }
  return { ok: true };
}
