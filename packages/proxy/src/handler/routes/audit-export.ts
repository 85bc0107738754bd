/**
 * `GET {base}/audit`: the caller's tenant's records, as JSON or JSON lines, to an audit reader in cookie mode.
 * The export itself is audited before anything is read.
 */
import { ProblemError, baseHeaders, jsonResponse } from '../../http/problem.js';
import { tenantOf, type Auth } from '../auth.js';
import type { RequestContext } from '../context.js';
import type { RouteInput } from '../routes.js';

const MAX_AUDIT_EXPORT = 5000;

export async function runAuditExport(
  ctx: RequestContext,
  auth: Auth,
  _input: RouteInput<undefined>,
): Promise<Response> {
  const { audit } = ctx;
  if (auth.mode === 'token' || auth.actor.canReadAudit !== true) {
    throw await audit.deny(ctx, auth, { event: 'audit_export' }, 'forbidden', {
      detail: 'You may not read the audit log.',
    });
  }
  const { format, after, limit } = exportParameters(ctx.url.searchParams);
  await audit.orRefuse(ctx, audit.entry(ctx, auth, { event: 'audit_export', outcome: 'allowed' }));
  const records = await audit.export({ tenant: tenantOf(auth), afterSeq: after, limit });
  const nextAfter = records.length === limit ? (records.at(-1)?.seq ?? null) : null;
  if (format === 'jsonl') {
    const headers = baseHeaders(ctx.requestId, 'application/x-ndjson; charset=utf-8');
    if (nextAfter !== null) headers.set('X-Audit-Next-After', String(nextAfter));
    return new Response(records.map((record) => `${JSON.stringify(record)}\n`).join(''), {
      status: 200,
      headers,
    });
  }
  return jsonResponse({ records, nextAfter }, ctx.requestId);
}

function exportParameters(params: URLSearchParams): {
  format: 'json' | 'jsonl';
  after: number;
  limit: number;
} {
  const format = params.get('format') ?? 'json';
  const after = params.get('after') ?? '0';
  const limit = params.get('limit') ?? '1000';
  const errors: { path: string; message: string }[] = [];
  if (format !== 'json' && format !== 'jsonl') errors.push({ path: 'format', message: 'Use json or jsonl.' });
  if (!/^\d{1,15}$/.test(after)) errors.push({ path: 'after', message: 'A record sequence number.' });
  if (!/^\d{1,5}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_AUDIT_EXPORT) {
    errors.push({ path: 'limit', message: `1 to ${MAX_AUDIT_EXPORT}.` });
  }
  if (errors.length > 0) throw new ProblemError('invalid_request', { errors });
  return { format: format as 'json' | 'jsonl', after: Number(after), limit: Number(limit) };
}
