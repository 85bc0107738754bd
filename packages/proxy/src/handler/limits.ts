/** Sliding-window rate limits, counted in the store so that every handler instance shares them. */
import { ProblemError } from '../http/problem.js';
import type { RateLimitResult } from '../store/types.js';
import { tenantOf, type Auth } from './auth.js';
import { errorName, type RequestContext } from './context.js';

export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;

/** What a window counts: one kind of request by one actor of one tenant. */
export function rateKey(kind: 'actions' | 'previews' | 'polls', auth: Auth): string {
  return `${kind}\u0000${tenantOf(auth) ?? ''}\u0000${auth.actor.id}`;
}

/** Seconds for `Retry-After`: at least one. */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** Counts one event against a sliding-window limit; a store that cannot answer refuses the request. */
export function consumeRate(
  ctx: RequestContext,
  key: string,
  limit: number,
  windowMs: number,
  eventId: string,
): Promise<RateLimitResult> {
  return ctx.config.store
    .consumeRateLimit({ key, limit, windowMs, now: ctx.now(), eventId })
    .catch((error: unknown) => {
      ctx.log('rate limit check failed', { error: errorName(error) });
      throw new ProblemError('audit_unavailable');
    });
}
