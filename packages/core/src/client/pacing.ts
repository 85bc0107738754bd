/**
 * Pacing Hexnode calls by the portal's request budget: a slot before every attempt, a 429 waited out (its wait
 * recorded in the budget, so every process sharing the budget's store waits too), a retryable status waited
 * out only within the call's deadline, and the portal's device count learned from an unfiltered device list.
 */
import type { RequestBudget } from '../budget/budget.js';
import { parseRetryAfter, throttleWaitMs } from '../budget/throttle-wait.js';
import type { BudgetPriority, BudgetSlot } from '../budget/types.js';
import { HexnodeBusyError } from '../errors.js';
import { THROTTLE } from '../hexnode/catalogue.js';
import {
  backoffDelay,
  type HexnodeHooks,
  type HexnodeRequestInfo,
  type ResolvedRetryPolicy,
} from './options.js';

/** Device list query keys that do not filter: a page read with only these counts the whole portal. */
const UNFILTERED = new Set(['page', 'per_page', 'order_by']);

/** The latest time (budget clock) a call started now may still be sent: now plus the budget's longest wait. */
export function callDeadline(budget: RequestBudget): number {
  return budget.now() + budget.maxWaitMs;
}

/** Waits for a slot of the budget for one attempt, telling `onBudgetWait` when it has to wait. */
export function takeSlot(
  budget: RequestBudget,
  priority: BudgetPriority,
  deadline: number,
  info: HexnodeRequestInfo,
  hooks: HexnodeHooks,
): Promise<BudgetSlot> {
  return budget.acquire(priority, {
    deadline,
    method: info.method,
    path: info.path,
    onWait: (wait) => hooks.onBudgetWait?.({ ...info, ...wait }),
  });
}

/**
 * Hexnode answered 429: the announced wait (or a window) is recorded in the budget, and the call may try again
 * when that wait ends within its deadline. Hexnode did not act on a throttled call, so even an action may be
 * sent again once the wait is over.
 */
export async function waitOutThrottle(
  budget: RequestBudget,
  text: string,
  retryAfter: string | null,
  deadline: number,
): Promise<{ waitMs: number; willRetry: boolean }> {
  const waitMs = throttleWaitMs(text, retryAfter) ?? budget.windowMs;
  await budget.throttled(waitMs);
  return { waitMs, willRetry: budget.now() + waitMs <= deadline };
}

/** The error of a call Hexnode throttles for longer than it may wait; nothing more was sent. */
export function throttledTooLong(
  waitMs: number,
  suffix: string,
  context: { method: string; path: string; status: number; requestId: string | undefined },
): HexnodeBusyError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HexnodeBusyError(
    `Hexnode is throttling this portal for ${seconds} s, longer than the kit may wait${suffix}`,
    { ...context, retryAfter: seconds, limit: 'throttled' },
  );
}

/**
 * How long to wait before retrying a retryable status: its `Retry-After` when that ends within the deadline,
 * else (without one) the policy's backoff; `undefined`: not retried.
 */
export function retryWaitMs(
  budget: RequestBudget,
  retry: ResolvedRetryPolicy,
  attempt: number,
  retryAfterHeader: string | null,
  deadline: number,
): number | undefined {
  const retryAfter = parseRetryAfter(retryAfterHeader);
  if (retryAfter === undefined) return backoffDelay(retry, attempt);
  return budget.now() + retryAfter <= deadline ? retryAfter : undefined;
}

/** An unfiltered device list page tells the budget how many devices the portal manages. */
export function learnDeviceCount(
  budget: RequestBudget,
  method: string,
  path: string,
  url: URL,
  parsed: unknown,
): void {
  if (!THROTTLE.managedDevicesFromListCount || method !== 'GET' || path !== '/devices/') return;
  if ([...url.searchParams.keys()].some((key) => !UNFILTERED.has(key))) return;
  const count = (parsed as { count?: unknown }).count;
  if (typeof count === 'number') budget.noteDeviceCount(count);
}
