/**
 * The budget's counters in this process's memory: the window's calls (taken, then answered), the day as counts
 * per bucket (see counting.ts). Shared by every budget given the same instance; not by other processes.
 */
import { dayFreesAt, dayWindow, inWindow, windowFull, type CountedCall } from './counting.js';
import type { BudgetStore, BudgetTake, BudgetTakeResult, BudgetUsage } from './types.js';

interface Portal {
  calls: (CountedCall & { id: string })[];
  days: Map<number, number>;
  blockedUntil: number;
}

export class MemoryBudgetStore implements BudgetStore {
  readonly #portals = new Map<string, Portal>();
  #ids = 0;

  async take(request: BudgetTake): Promise<BudgetTakeResult> {
    const portal = this.#portal(request.key);
    const { now } = request;
    if (portal.blockedUntil > now) return { ok: false, retryAt: portal.blockedUntil, reason: 'throttled' };
    this.#prune(portal, now, request.windowMs, request.dayMs);
    const windowFrees = windowFull(portal.calls, now, request.windowMs, request.windowLimit);
    if (windowFrees !== undefined) return { ok: false, retryAt: windowFrees, reason: 'window' };
    const { size } = dayWindow(now, request.dayMs);
    if (request.dayLimit !== undefined) {
      let used = 0;
      let first = Number.POSITIVE_INFINITY;
      for (const [bucket, count] of portal.days) {
        used += count;
        first = Math.min(first, bucket);
      }
      if (used >= request.dayLimit) {
        const retryAt = Number.isFinite(first) ? dayFreesAt(first, size, request.dayMs) : now + request.dayMs;
        return { ok: false, retryAt, reason: 'day' };
      }
    }
    const id = `${now.toString(36)}-${(this.#ids++).toString(36)}`;
    portal.calls.push({ id, takenAt: now, answeredAt: null });
    const bucket = Math.floor(now / size);
    portal.days.set(bucket, (portal.days.get(bucket) ?? 0) + 1);
    return { ok: true, id };
  }

  async settle(key: string, id: string, at: number): Promise<void> {
    const call = this.#portals.get(key)?.calls.find((candidate) => candidate.id === id);
    if (call && call.answeredAt === null) call.answeredAt = Math.max(call.takenAt, at);
  }

  async block(key: string, until: number): Promise<void> {
    const portal = this.#portal(key);
    portal.blockedUntil = Math.max(portal.blockedUntil, until);
  }

  async usage(key: string, now: number, windowMs: number, dayMs: number): Promise<BudgetUsage> {
    const portal = this.#portal(key);
    this.#prune(portal, now, windowMs, dayMs);
    let day = 0;
    for (const count of portal.days.values()) day += count;
    return {
      window: portal.calls.length,
      day,
      blockedUntil: portal.blockedUntil > now ? portal.blockedUntil : 0,
    };
  }

  /** Drops the calls that left the window and the buckets that left the day. */
  #prune(portal: Portal, now: number, windowMs: number, dayMs: number): void {
    portal.calls = portal.calls.filter((call) => inWindow(call, now, windowMs));
    const { first } = dayWindow(now, dayMs);
    for (const bucket of portal.days.keys()) if (bucket < first) portal.days.delete(bucket);
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
