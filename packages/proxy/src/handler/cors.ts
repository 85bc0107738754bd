/**
 * CORS for token mode across origins: a page on one of `corsOrigins` may call the handler with a session
 * token. Preflights are answered from the route table (the route's method, the protocol's headers), and
 * answers never carry `Access-Control-Allow-Credentials`: cookies are never accepted cross-origin.
 */
import { ProblemError, baseHeaders } from '../http/problem.js';
import type { RequestContext } from './context.js';

/** Request headers a cross-origin page may send (lower case). */
const CORS_REQUEST_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-hexnode-offboard'];

/** The request's origin when it is one of `corsOrigins`, else null. */
export function corsOrigin(ctx: RequestContext): string | null {
  const origin = ctx.request.headers.get('origin');
  return origin !== null && ctx.config.corsOrigins.includes(origin) ? origin : null;
}

/** Answers a preflight for a route whose method is `method` (null: no such route). */
export function preflight(ctx: RequestContext, method: string | null): Response {
  const { request } = ctx;
  const wanted = request.headers.get('access-control-request-method');
  const headers = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (method === null || wanted !== method || !headers.every((name) => CORS_REQUEST_HEADERS.includes(name))) {
    throw new ProblemError('method_not_allowed', { headers: { Allow: method ?? 'GET, POST' } });
  }
  const response = new Response(null, { status: 204, headers: baseHeaders(ctx.requestId, 'text/plain') });
  response.headers.delete('Content-Type');
  response.headers.set('Access-Control-Allow-Methods', method);
  response.headers.set('Access-Control-Allow-Headers', CORS_REQUEST_HEADERS.join(', '));
  response.headers.set('Access-Control-Max-Age', '600');
  return response;
}

/** Makes an answer readable by a `corsOrigins` page. */
export function allowOrigin(response: Response, origin: string): void {
  response.headers.set('Access-Control-Allow-Origin', origin);
  response.headers.set('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After, Idempotent-Replayed');
  response.headers.append('Vary', 'Origin');
}
