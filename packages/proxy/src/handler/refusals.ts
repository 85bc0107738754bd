/**
 * Refusals are audited, so a flood of them would fill the disk the audit log needs (and then every tenant's
 * actions would be `audit_unavailable`). Each actor may have `maxRefusalsPerActorPerMinute` refusals recorded
 * per sliding minute (counted in the store). Past that, the actor is held for a minute: every request of theirs
 * is `429 rate_limited` before anything else runs, without a record each, and when the minute is over one
 * record says how many requests were refused meanwhile ("N similar refusals").
 */
import { ProblemError } from '../http/problem.js';
import type { AuditEntry, OffboardStore } from '../store/types.js';
import { tenantOf, type Auth } from './auth.js';
import { errorName, newId, type RequestContext } from './context.js';
import { MINUTE_MS, retryAfterSeconds } from './limits.js';

/** One actor held for a minute: until when, how many requests were refused meanwhile, and the first of them. */
interface Hold {
  since: number;
  until: number;
  count: number;
  first: AuditEntry;
}

export class RefusalLimiter {
  readonly #store: OffboardStore;
  readonly #limit: number;
  readonly #holds = new Map<string, Hold>();

  constructor(store: OffboardStore, limit: number) {
    this.#store = store;
    this.#limit = limit;
  }

  /** While the actor is held, refuses the request at once (counted for the summary record, not recorded). */
  gate(ctx: RequestContext, auth: Auth): void {
    const hold = this.#holds.get(holdKey(auth));
    const now = ctx.now();
    if (!hold || hold.until <= now) return;
    hold.count += 1;
    throw tooMany(hold, now);
  }

  /**
   * Whether this refusal may be recorded. When the actor's minute is full, the actor is held from now on and
   * the refusal becomes a `429` (thrown), counted in the hold's summary instead of recorded.
   */
  async admit(ctx: RequestContext, auth: Auth, entry: AuditEntry): Promise<void> {
    const key = holdKey(auth);
    const now = ctx.now();
    const rate = await this.#store
      .consumeRateLimit({
        key: `refusals\u0000${key}`,
        limit: this.#limit,
        windowMs: MINUTE_MS,
        now,
        eventId: newId('rate'),
      })
      .catch((error: unknown) => {
        // A store that cannot count most likely cannot record either; the record's own write will say so.
        ctx.log('refusal count failed', { error: errorName(error) });
        return { allowed: true as const };
      });
    if (rate.allowed) return;
    const hold: Hold = { since: now, until: now + MINUTE_MS, count: 1, first: entry };
    this.#holds.set(key, hold);
    throw tooMany(hold, now);
  }

  /** The summary record of every hold that is over, each removed once handed out. */
  due(now: number): AuditEntry[] {
    const records: AuditEntry[] = [];
    for (const [key, hold] of this.#holds) {
      if (hold.until > now) continue;
      this.#holds.delete(key);
      records.push({
        ...hold.first,
        id: newId('aud'),
        time: new Date(now).toISOString(),
        outcome: 'denied',
        code: 'rate_limited',
        reason: `${hold.count} similar refusals from ${new Date(hold.since).toISOString()} to ${new Date(hold.until).toISOString()}, recorded once`,
      });
    }
    return records;
  }
}

const holdKey = (auth: Auth) => `${tenantOf(auth) ?? ''}\u0000${auth.actor.id}`;

function tooMany(hold: Hold, now: number): ProblemError {
  return new ProblemError('rate_limited', {
    detail: 'Too many refused requests; wait a minute.',
    retryAfter: retryAfterSeconds(hold.until - now),
  });
}
