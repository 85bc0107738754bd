/**
 * A confirmed action waits for Hexnode's rate limit in its request only up to `limits.actionWaitInRequestMs`:
 * before the first of its calls, the portal's request budget is asked whether it has room for all of them
 * (`budget.room`). Room within the bound: the request waits for it, then goes on. No room within the bound: a
 * `HexnodeBusyError` with the budget's `retryAfter` and `limit`, before anything is sent; the route records the
 * refusal and gives the idempotency key back, so the same key's retry sends the action exactly once. Once the
 * ownership reads are sent, the action's own call waits up to the budget's `maxWaitMs` (the client's default):
 * calls already spent are not thrown away.
 */
import { HexnodeBusyError, type BudgetRoom } from '@hexnode-offboard/core';
import type { DeviceAction } from '@hexnode-offboard/core/protocol';
import type { Auth } from '../auth.js';
import type { RequestContext } from '../context.js';

/**
 * The Hexnode calls an action makes: per device, its ownership read and its newest command's read; then one
 * call per action kind.
 */
export function actionCalls(devices: readonly DeviceAction[]): number {
  return 2 * devices.length + new Set(devices.map((device) => device.action)).size;
}

/** Waits until the budget has room for the action's calls, or throws `HexnodeBusyError` when not within the bound. */
export async function waitForBudget(
  ctx: RequestContext,
  auth: Auth,
  devices: readonly DeviceAction[],
): Promise<void> {
  const { budget } = (await ctx.config.hexnode.resolve(ctx.request, auth.actor)).client;
  const until = budget.now() + ctx.config.limits.actionWaitInRequestMs;
  const calls = actionCalls(devices);
  for (;;) {
    const room = await ctx.hexnode(() => budget.room('action', calls));
    if (room.ok) return;
    const now = budget.now();
    if (room.retryAt > until) throw busy(room, now);
    await ctx.hexnode(() => new Promise((resolve) => setTimeout(resolve, room.retryAt - now)));
  }
}

function busy(room: Extract<BudgetRoom, { ok: false }>, now: number): HexnodeBusyError {
  const seconds = Math.max(1, Math.ceil((room.retryAt - now) / 1000));
  return new HexnodeBusyError(`Hexnode's rate limit leaves no room for this action for ${seconds} s`, {
    method: 'POST',
    path: '(action)',
    retryAfter: seconds,
    limit: room.reason,
  });
}
