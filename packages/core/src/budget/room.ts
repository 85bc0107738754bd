/**
 * Whether the budget has room for a number of calls now, without spending any: for a caller that would rather
 * answer "wait" than queue (the handler's confirmed action, whose HTTP request should not hang for minutes).
 */
import type { RequestBudget } from './budget.js';
import type { BudgetPriority, BudgetWait } from './types.js';

/** Room for the calls now, or when the budget expects it (budget clock) and what is spent until then. */
export type BudgetRoom = { ok: true } | { ok: false; retryAt: number; reason: BudgetWait['reason'] };

/**
 * Looks at the store's counters: room for `calls` calls at `priority` in the window and the day (at most a
 * window's worth is asked for), and no 429 block. When there is none, asks the store when there will be, with a
 * take it must refuse (its limits lowered by the calls still to come). Only if room appeared between the two
 * looks does that take count one call, which is then settled at once: one slot, never a Hexnode call.
 */
export async function roomFor(
  budget: RequestBudget,
  priority: BudgetPriority,
  calls: number,
): Promise<BudgetRoom> {
  const now = budget.now();
  const limits = budget.limits(priority);
  const window = Math.min(Math.max(1, Math.floor(calls)), limits.window);
  const day = limits.day === undefined ? undefined : Math.max(1, Math.min(window, limits.day));
  const usage = await budget.store.usage(budget.key, now, budget.windowMs, budget.dayMs);
  // A 429 this process saw holds calls back even if the store failed to record it.
  const blockedUntil = Math.max(usage.blockedUntil, budget.blockedUntil);
  if (blockedUntil > now) return { ok: false, retryAt: blockedUntil, reason: 'throttled' };
  const dayRoom = limits.day === undefined || usage.day + (day ?? 0) <= limits.day;
  if (usage.window + window <= limits.window && dayRoom) return { ok: true };
  const probe = await budget.store.take({
    key: budget.key,
    now,
    windowMs: budget.windowMs,
    windowLimit: limits.window - window + 1,
    dayMs: budget.dayMs,
    dayLimit: limits.day === undefined || day === undefined ? undefined : limits.day - day + 1,
  });
  if (!probe.ok) return { ok: false, retryAt: probe.retryAt, reason: probe.reason };
  await budget.settle({ id: probe.id, at: now });
  return { ok: true };
}
