/**
 * The pool users a shared device may be handed to (`reassignTo`): a list, or a resolver asked per request (per
 * tenant). A resolver that throws or answers something malformed offers no target (logged), never a guess.
 */
import type { ReassignTarget } from '@hexnode-offboard/core/protocol';
import type { ReassignTargetOption } from '../options.js';
import type { Auth } from './auth.js';
import { tenantOf } from './auth.js';
import { errorName, type RequestContext } from './context.js';

/** Throws a TypeError naming `what` unless `targets` is a list of `{ hexnodeUserId, label }`. */
export function checkReassignTargets(
  targets: unknown,
  what: string,
): asserts targets is ReassignTargetOption[] {
  if (!Array.isArray(targets)) throw new TypeError(`${what} must be a list of { hexnodeUserId, label }.`);
  const ids = new Set<number>();
  for (const target of targets as unknown[]) {
    const { hexnodeUserId, label } = (target ?? {}) as Partial<ReassignTargetOption>;
    if (typeof hexnodeUserId !== 'number' || !Number.isSafeInteger(hexnodeUserId) || hexnodeUserId <= 0) {
      throw new TypeError(`${what}: each hexnodeUserId must be a Hexnode user id (a positive integer).`);
    }
    if (typeof label !== 'string' || label.trim() === '' || label.length > 200) {
      throw new TypeError(`${what}: each target needs a label (1 to 200 characters).`);
    }
    if (ids.has(hexnodeUserId)) throw new TypeError(`${what}: user ${hexnodeUserId} is listed twice.`);
    ids.add(hexnodeUserId);
  }
}

/** This request's reassign targets, as the protocol names them (empty: reassign is offered nowhere). */
export async function reassignTargets(ctx: RequestContext, auth: Auth): Promise<ReassignTarget[]> {
  const option = ctx.config.reassignTo;
  let targets: readonly ReassignTargetOption[];
  if (typeof option !== 'function') targets = option;
  else {
    try {
      const resolved = await option({ request: ctx.request, actor: auth.actor, tenant: tenantOf(auth) });
      checkReassignTargets(resolved, 'reassignTo()');
      targets = resolved;
    } catch (error) {
      ctx.log('reassignTo failed', { error: errorName(error) });
      return [];
    }
  }
  return targets.map((target) => ({ id: target.hexnodeUserId, label: target.label }));
}
