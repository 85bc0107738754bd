/** The faults a portal injects around dispatch: latency, jitter, hangs, a rate limit, 5xx answers and cut JSON. */
import { dispatch, type ApiRequest } from './dispatch.js';
import { MESSAGES, SERVER_ERRORS } from './guesses.js';
import { detail, sleep, untilAborted } from './http.js';
import type { Portal } from './portal.js';

/**
 * Applies the portal's faults to one API request, reading them as it goes (a fault changed while a request
 * waits applies to the rest of it), then dispatches it.
 */
export async function withFaults(portal: Portal, api: ApiRequest): Promise<Response> {
  const signal = api.request.signal;
  const delay =
    portal.faults.latencyMs +
    (portal.faults.jitterMs > 0 ? portal.jitterRandom() * portal.faults.jitterMs : 0);
  if (delay > 0) await sleep(delay, signal);
  if (portal.faults.hang) await untilAborted(signal);
  if (portal.faults.rateLimit > 0) {
    const taken = portal.bucket.take(portal.now(), portal.faults.rateLimit);
    if (!taken.ok) {
      return detail(429, MESSAGES.throttled(taken.retryAfter), { 'Retry-After': String(taken.retryAfter) });
    }
  }
  if (portal.faults.errorRate > 0 && portal.errorRandom() < portal.faults.errorRate) {
    const error = SERVER_ERRORS[Math.floor(portal.errorRandom() * SERVER_ERRORS.length)] ?? SERVER_ERRORS[0]!;
    return new Response(error.body, {
      status: error.status,
      headers: { 'Content-Type': error.contentType },
    });
  }
  const response = dispatch(portal, api);
  if (
    portal.faults.malformedJson &&
    response.ok &&
    response.headers.get('Content-Type') === 'application/json'
  ) {
    const body = await response.text();
    return new Response(body.slice(0, Math.ceil(body.length / 2)), {
      status: response.status,
      headers: response.headers,
    });
  }
  return response;
}
