/**
 * `POST {base}/preview`: who the employee is in Hexnode, their devices with warnings, what this actor may do
 * and what to type. Authorization and scope, the actor's preview rate, the planner's lookup (from the index:
 * a warm preview calls Hexnode no more), the kit's own pending actions (its trackers), one record (also for an
 * `indexing` answer, which shows the employee's history).
 */
import {
  emailNote,
  isShared,
  offersFor,
  toPreviewDevice,
  type DirectoryIndexState,
  type OfferContext,
  type OffboardingPlan,
} from '@hexnode-offboard/core';
import { employeeKey } from '../../auth/identity.js';
import {
  WIPE_MODES,
  type ActionKind,
  type PreviewDevice,
  type PreviewRequest,
  type PreviewResponse,
  type ReassignTarget,
} from '@hexnode-offboard/core/protocol';
import { sanitizeText } from '../../audit/sanitize.js';
import { jsonResponse } from '../../http/problem.js';
import type { AuditFields } from '../audit-log.js';
import { effectiveActions, inScope, tenantOf, type Auth } from '../auth.js';
import { newId, type RequestContext } from '../context.js';
import { MINUTE_MS, consumeRate, rateKey, retryAfterSeconds } from '../limits.js';
import { reassignTargets } from '../reassign.js';
import { kitPendingWarnings } from '../../tracking/pending.js';
import { firstIndexProgress, indexingAnswer } from './preview-indexing.js';
import { heldJobsFor } from './preview-jobs.js';
import type { RouteInput } from '../routes.js';

/** The actions this actor may take on the employee, after scope and the actor's preview rate; else refused. */
async function allowedPreview(
  ctx: RequestContext,
  auth: Auth,
  email: string,
  base: Omit<AuditFields, 'outcome'>,
): Promise<ActionKind[]> {
  const { config, audit } = ctx;
  const actions = effectiveActions(config, auth);
  if (!inScope(auth, email) || actions.length === 0) {
    throw await audit.deny(ctx, auth, base, 'forbidden', {
      detail:
        actions.length === 0
          ? 'You may not take any offboarding action.'
          : 'You may not act on this employee.',
    });
  }
  // A cold preview reads Hexnode, whose rate limit the actions share; and every preview reads the audit log.
  const max = config.limits.maxPreviewsPerActorPerMinute;
  const rate = await consumeRate(ctx, rateKey('previews', auth), max, MINUTE_MS, newId('rate'));
  if (!rate.allowed) {
    throw await audit.deny(ctx, auth, base, 'rate_limited', {
      detail: `At most ${max} previews per minute.`,
      retryAfter: retryAfterSeconds(rate.retryAfterMs),
    });
  }
  return actions;
}

export async function runPreview(
  ctx: RequestContext,
  auth: Auth,
  { body }: RouteInput<PreviewRequest>,
): Promise<Response> {
  const { config, audit } = ctx;
  const employee = body.employee;
  const email = employeeKey(employee.email);
  const base = { event: 'preview' as const, employee: await audit.employee(ctx, auth, employee, email) };

  const actions = await allowedPreview(ctx, auth, email, base);

  let plan: OffboardingPlan;
  let corporateWipe: boolean;
  let index: DirectoryIndexState;
  try {
    const hexnode = await config.hexnode.resolve(ctx.request, auth.actor);
    corporateWipe = hexnode.settings.corporateWipeFields !== undefined;
    const progress = await firstIndexProgress(hexnode);
    if (progress) return await indexingAnswer(ctx, auth, employee, progress, base);
    // Pending commands come from the kit's own trackers (below), not from a read of each device.
    plan = await ctx.hexnode(() => hexnode.planner.plan(employee, { reads: 'index' }));
    index = hexnode.directory.indexState();
  } catch (error) {
    throw await audit.failed(ctx, auth, base, error);
  }

  const targets = actions.includes('reassign') ? await reassignTargets(ctx, auth) : [];
  const rules: OfferContext = {
    actions,
    corporateWipe,
    reassignTargets: targets.map((target) => target.id),
    markDisenrolledAfterMs: config.markDisenrolledAfterMs,
    now: ctx.now(),
  };
  const answer = await previewAnswer(ctx, auth, employee, plan, rules, targets);
  if (index.builtAt !== null) answer.indexedAt = new Date(index.builtAt).toISOString();
  const heldJobs = await heldJobsFor(ctx, auth, email);
  if (heldJobs) answer.heldJobs = heldJobs;
  await audit.orRefuse(
    ctx,
    audit.entry(ctx, auth, {
      ...base,
      outcome: 'allowed',
      hexnodeUser: answer.user ? { id: answer.user.id, name: sanitizeText(answer.user.name, 200) } : null,
      deviceIds: answer.devices.map((device) => device.id),
    }),
  );
  return jsonResponse(answer, ctx.requestId);
}

async function previewAnswer(
  ctx: RequestContext,
  auth: Auth,
  employee: PreviewRequest['employee'],
  plan: OffboardingPlan,
  rules: OfferContext,
  targets: ReassignTarget[],
): Promise<PreviewResponse> {
  // `mark_disenrolled` is the status view's follow-up, never a choice of the dialog.
  const actions = rules.actions.filter((action) => action !== 'mark_disenrolled');
  const { config, audit } = ctx;
  const lookup = plan.lookup;
  const summary = (user: { id: number; name: string; email: string | null }) => ({
    id: user.id,
    name: user.name,
    email: user.email,
  });
  const status: PreviewResponse['status'] =
    lookup.status !== 'found' ? lookup.status : plan.devices.length === 0 ? 'no_devices' : 'ready';
  const history = await audit.history(tenantOf(auth), employeeKey(employee.email));
  const pending = await kitPendingWarnings(config.tracking.store, history);
  const devices: PreviewDevice[] =
    lookup.status === 'found'
      ? plan.devices.map((device) =>
          toPreviewDevice(
            { ...device, warnings: [...device.warnings, ...(pending.get(device.id) ?? [])] },
            offersFor({ id: device.id, ownership: device.ownership, shared: isShared(device) }, rules),
          ),
        )
      : [];
  const reassignOffered = devices.some((device) => device.offers?.includes('reassign'));
  return {
    status,
    employee,
    ...(emailNote(employee.email) ? { emailNote: emailNote(employee.email)! } : {}),
    user: lookup.status === 'found' ? summary(lookup.user) : null,
    ...(lookup.status === 'ambiguous' ? { candidates: lookup.users.map(summary) } : {}),
    devices,
    actions,
    ...(actions.includes('wipe')
      ? { wipeModes: rules.corporateWipe === true ? [...WIPE_MODES] : ['complete' as const] }
      : {}),
    ...(reassignOffered ? { reassignTargets: targets } : {}),
    confirmText: config.confirmTextFor(employee),
    requireReason: config.requireReason,
    maxDevicesPerAction: config.limits.maxDevicesPerAction,
    history,
  };
}
