/**
 * Exactly one Hexnode action per idempotency key (Stripe's and the IETF draft's model, docs/handler.md): a key
 * is scoped to the tenant and actor, fingerprinted by the request's canonical JSON, claimed atomically in the
 * store, completed with its answer once the Hexnode action was attempted, and given back on any refusal before.
 */
import { IDEMPOTENCY_KEY_HEADER } from '@hexnode-offboard/core/protocol';
import { canonicalJson, sha256Hex } from '../audit/chain.js';
import { ProblemError, baseHeaders } from '../http/problem.js';
import type {
  AuditEntry,
  ClaimResult,
  IdempotencyRecord,
  IdempotencyScope,
  StoredResponse,
} from '../store/types.js';
import { errorName, type RequestContext } from './context.js';

const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's `Idempotency-Key`, or a 400 problem. */
export function readIdempotencyKey(request: Request): string {
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null || key === '') {
    throw new ProblemError('idempotency_key_missing', {
      detail: `Send an ${IDEMPOTENCY_KEY_HEADER} header (a fresh UUID per confirmed action).`,
    });
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new ProblemError('invalid_request', {
      errors: [{ path: IDEMPOTENCY_KEY_HEADER, message: 'Use 1 to 255 visible ASCII characters.' }],
    });
  }
  return key;
}

/** SHA-256 of the method, route and canonical body: whitespace and key order do not matter. */
export function fingerprintOf(route: string, body: unknown): string {
  return sha256Hex(canonicalJson({ method: 'POST', route, body }));
}

/** Claims the key in the store; a store that cannot answer refuses the request. */
export function claimKey(
  ctx: RequestContext,
  scope: IdempotencyScope,
  fingerprint: string,
): Promise<ClaimResult> {
  const { store, idempotencyTtlMs } = ctx.config;
  return store
    .claimIdempotencyKey({ ...scope, fingerprint, now: ctx.now(), ttlMs: idempotencyTtlMs })
    .catch((error: unknown) => {
      ctx.log('idempotency claim failed', { error: errorName(error) });
      throw new ProblemError('audit_unavailable');
    });
}

/** The first answer again, with this request's id and `Idempotent-Replayed: true`. */
export function replay(
  ctx: RequestContext,
  record: IdempotencyRecord & { response: StoredResponse },
): Response {
  const headers = baseHeaders(ctx.requestId, record.response.contentType);
  headers.set('Idempotent-Replayed', 'true');
  return new Response(record.response.body, { status: record.response.status, headers });
}

/** Stores the answer with the result record in one transaction; without the record if that fails. */
export async function completeKey(
  ctx: RequestContext,
  scope: IdempotencyScope,
  answer: Response,
  result: AuditEntry,
): Promise<void> {
  const { store } = ctx.config;
  const stored: StoredResponse = {
    status: answer.status,
    body: await answer.clone().text(),
    contentType: answer.headers.get('content-type') ?? 'application/json',
  };
  try {
    await ctx.audit.complete(scope, stored, result);
  } catch (error) {
    ctx.log('result record write failed', { error: errorName(error) });
    // Keep the replay protection even without the result record.
    await store.completeIdempotencyKey(scope, stored).catch((retryError: unknown) => {
      ctx.log('idempotency record write failed', { error: errorName(retryError) });
    });
  }
}

/** Gives the key back: the request was refused before any Hexnode action, so a corrected one may reuse it. */
export async function releaseKey(ctx: RequestContext, scope: IdempotencyScope): Promise<void> {
  await ctx.config.store.releaseIdempotencyKey(scope).catch((error: unknown) => {
    ctx.log('idempotency release failed', { error: errorName(error) });
  });
}
