/**
 * `GET {base}/actions/{id}`: where an action this reader may see stands, device by device, from its tracker's
 * last check (tracking/): a poll never calls Hexnode, whatever the poll rate. Anyone else gets the same `404`
 * as for an id that does not exist. An action without a tracker (sent before trackers existed, or whose start
 * was lost) gets one here; a tracker whose portal this process has not resolved since it started is made
 * known to the runner by resolving the reader's portal (no read of the action from Hexnode).
 */
import type { ActionKind, ActionStatusResponse, ReportedAction } from '@hexnode-offboard/core/protocol';
import { jsonResponse } from '../../http/problem.js';
import type { AuditRecord } from '../../store/types.js';
import { actorIdOf, effectiveActions, inScope, tenantOf, type Auth } from '../auth.js';
import { newId, type RequestContext } from '../context.js';
import { MINUTE_MS, consumeRate, rateKey, retryAfterSeconds } from '../limits.js';
import type { ActionTracker } from '../../store/types.js';
import { actionState, toProgress } from '../../tracking/progress.js';
import { knownPortals } from '../../tracking/portals.js';
import { trackAction } from '../../tracking/start.js';
import type { RouteInput } from '../routes.js';
import { withFollowUps } from './follow-up.js';

const ACTION_ID_PATTERN = /^act_[A-Za-z0-9-]{1,64}$/;

export async function runActionStatus(
  ctx: RequestContext,
  auth: Auth,
  { id }: RouteInput<undefined>,
): Promise<Response> {
  const { audit, config } = ctx;
  const valid = id !== null && ACTION_ID_PATTERN.test(id);
  const base = { event: 'action_status' as const, actionId: valid ? id : null };
  // A poll reads only the store, but a runaway poller still costs the handler: it is limited like any other.
  const max = config.limits.maxStatusPollsPerActorPerMinute;
  const rate = await consumeRate(ctx, rateKey('polls', auth), max, MINUTE_MS, newId('rate'));
  if (!rate.allowed) {
    throw await audit.deny(ctx, auth, base, 'rate_limited', {
      detail: `At most ${max} status reads per minute.`,
      retryAfter: retryAfterSeconds(rate.retryAfterMs),
    });
  }
  const found = valid ? await audit.findAction(id) : null;
  if (!found || !visibleTo(ctx, auth, found.intent)) {
    throw await audit.deny(ctx, auth, base, 'not_found', { detail: 'No such action.' });
  }
  const { intent, result } = found;
  const action = intent.action as ReportedAction;
  const fields = {
    ...base,
    employee: { email: intent.employee!.email },
    deviceIds: intent.deviceIds,
    action,
    hexnodeUser: intent.hexnodeUser,
  };
  let tracker: ActionTracker | null;
  try {
    tracker = await config.tracking.store.getTracker(intent.actionId!);
    if (
      !tracker ||
      (tracker.nextCheckAt !== null && !(await knownPortals(config.hexnode)).has(tracker.portal))
    ) {
      const side = await config.hexnode.resolve(ctx.request, auth.actor);
      tracker ??= await trackAction(ctx, side, intent, result);
    }
  } catch (error) {
    throw await audit.failed(ctx, auth, fields, error);
  }
  await audit.orRefuse(ctx, audit.entry(ctx, auth, { ...fields, outcome: 'allowed' }));
  const devices = tracker.devices.map(toProgress);
  const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
  const answer: ActionStatusResponse = {
    id: intent.actionId!,
    action,
    status: actionState(devices),
    devices: withFollowUps(ctx, auth, intent, devices),
    checkedAt: iso(tracker.checkedAt),
    nextCheckAt: iso(tracker.nextCheckAt),
    trackedUntil: new Date(tracker.trackedUntil).toISOString(),
  };
  return jsonResponse(answer, ctx.requestId);
}

/**
 * Same tenant, and: a token for that employee; or the actor who sent it, an audit reader, or an actor allowed
 * that action on that employee.
 */
function visibleTo(ctx: RequestContext, auth: Auth, intent: AuditRecord): boolean {
  if (intent.tenant !== tenantOf(auth)) return false;
  const email = intent.employee!.email;
  if (auth.grant) return auth.grant.employeeEmail === email;
  return (
    intent.actor.id === actorIdOf(auth) ||
    auth.actor.canReadAudit === true ||
    (inScope(auth, email) &&
      actionsOf(intent).every((action) => effectiveActions(ctx.config, auth).includes(action)))
  );
}

/** Every action the intent sent: each device's, or the record's one action (older records). */
function actionsOf(intent: AuditRecord): ActionKind[] {
  const own = (intent.devices ?? []).flatMap((device) => (device.action ? [device.action] : []));
  return own.length > 0 ? [...new Set(own)] : [intent.action as ActionKind];
}
