/**
 * The budget's counters in this process's memory: the window as exact call times, the day as counts per
 * bucket (see `dayWindow`). Shared by every budget given the same instance; not by other processes.
 */
import {
  DAY_BUCKETS,
  type BudgetStore,
  type BudgetTake,
  type BudgetTakeResult,
  type BudgetUsage,
} from './types.js';

interface Portal {
  calls: number[];
  days: Map<number, number>;
  blockedUntil: number;
}

/**
 * The buckets a day is counted in: a call at `t` lies in bucket `floor(t / size)`, and the day that ends at
 * `now` counts every bucket from `first` on. A bucket is counted until all of it has left the day, so the
 * count may include up to one bucket too many: the budget errs on the side of fewer calls.
 */
export function dayWindow(now: number, dayMs: number): { size: number; first: number } {
  const size = dayMs / DAY_BUCKETS;
  return { size, first: Math.floor((now - dayMs) / size) };
}

export class MemoryBudgetStore implements BudgetStore {
  readonly #portals = new Map<string, Portal>();

  async take(request: BudgetTake): Promise<BudgetTakeResult> {
    const portal = this.#portal(request.key);
    const { now } = request;
    if (portal.blockedUntil > now) return { ok: false, retryAt: portal.blockedUntil, reason: 'throttled' };
    const calls = this.#prune(portal, now, request.windowMs, request.dayMs);
    if (calls.length >= request.windowLimit) {
      const oldest = calls[calls.length - request.windowLimit] ?? now;
      return { ok: false, retryAt: oldest + request.windowMs, reason: 'window' };
    }
    const { size } = dayWindow(now, request.dayMs);
    if (request.dayLimit !== undefined) {
      let used = 0;
      let firstBucket = Number.POSITIVE_INFINITY;
      for (const [bucket, count] of portal.days) {
        used += count;
        firstBucket = Math.min(firstBucket, bucket);
      }
      if (used >= request.dayLimit) {
        const retryAt = Number.isFinite(firstBucket)
          ? (firstBucket + 1) * size + request.dayMs
          : now + request.dayMs;
        return { ok: false, retryAt, reason: 'day' };
      }
    }
    calls.push(now);
    const bucket = Math.floor(now / size);
    portal.days.set(bucket, (portal.days.get(bucket) ?? 0) + 1);
    return { ok: true };
  }

  async block(key: string, until: number): Promise<void> {
    const portal = this.#portal(key);
    portal.blockedUntil = Math.max(portal.blockedUntil, until);
  }

  async usage(key: string, now: number, windowMs: number, dayMs: number): Promise<BudgetUsage> {
    const portal = this.#portal(key);
    const calls = this.#prune(portal, now, windowMs, dayMs);
    let day = 0;
    for (const count of portal.days.values()) day += count;
    return { window: calls.length, day, blockedUntil: portal.blockedUntil > now ? portal.blockedUntil : 0 };
  }

  /** Drops calls that left the window and buckets that left the day; answers the window's calls. */
  #prune(portal: Portal, now: number, windowMs: number, dayMs: number): number[] {
    const keepAfter = now - windowMs;
    let drop = 0;
    while (drop < portal.calls.length && portal.calls[drop]! <= keepAfter) drop++;
    if (drop > 0) portal.calls.splice(0, drop);
    const { first } = dayWindow(now, dayMs);
    for (const bucket of portal.days.keys()) if (bucket < first) portal.days.delete(bucket);
    return portal.calls;
  }

  #portal(key: string): Portal {
    let portal = this.#portals.get(key);
    if (!portal) {
      portal = { calls: [], days: new Map(), blockedUntil: 0 };
      this.#portals.set(key, portal);
    }
    return portal;
  }
}
