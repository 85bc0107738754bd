/**
 * The preview's answer while a portal has no index yet: a big portal's first index takes many minutes of the
 * budget (520 pages for 50,000 users and 80,000 devices), so instead of a lookup that hangs, the preview answers
 * at once `indexing` with the build's progress and no Hexnode call; the widget asks again in a few seconds.
 * A small portal (its first index fits one window of the background share) is simply waited for.
 */
import type { DirectoryIndexState } from '@hexnode-offboard/core';
import type { IndexingProgress, PreviewResponse } from '@hexnode-offboard/core/protocol';
import { employeeKey } from '../../auth/identity.js';
import { jsonResponse } from '../../http/problem.js';
import type { AuditFields } from '../audit-log.js';
import { effectiveActions, tenantOf, type Auth } from '../auth.js';
import type { RequestContext } from '../context.js';
import type { HexnodeSide } from '../hexnode.js';

/**
 * The first build's progress when the preview should answer `indexing`: no index yet, a build running, and more
 * pages to read than the background's calls in one window (21 with the defaults). `null`: look up as usual.
 */
export async function firstIndexProgress(hexnode: HexnodeSide): Promise<IndexingProgress | null> {
  const { directory, client } = hexnode;
  await directory.whenIndexSized();
  const state: DirectoryIndexState = directory.indexState();
  if (state.builtAt !== null || state.building === null) return null;
  return state.building.pagesTotal > client.budget.limits('index').window ? state.building : null;
}

/**
 * `indexing`: nothing looked up in Hexnode; the employee's history (from the audit log) is shown, so the answer
 * is recorded like any preview, without a Hexnode user or devices.
 */
export async function indexingAnswer(
  ctx: RequestContext,
  auth: Auth,
  employee: PreviewResponse['employee'],
  progress: IndexingProgress,
  base: Omit<AuditFields, 'outcome'>,
): Promise<Response> {
  const { config, audit } = ctx;
  const answer: PreviewResponse = {
    status: 'indexing',
    indexing: { pagesRead: progress.pagesRead, pagesTotal: progress.pagesTotal },
    employee,
    user: null,
    devices: [],
    actions: effectiveActions(config, auth).filter((action) => action !== 'mark_disenrolled'),
    confirmText: config.confirmTextFor(employee),
    requireReason: config.requireReason,
    maxDevicesPerAction: config.limits.maxDevicesPerAction,
    history: await audit.history(tenantOf(auth), employeeKey(employee.email)),
  };
  await audit.orRefuse(ctx, audit.entry(ctx, auth, { ...base, outcome: 'allowed' }));
  return jsonResponse(answer, ctx.requestId);
}
