/**
 * A store that lives in memory: for tests, the browser (Storybook) and demos. Everything is lost
 * when the process ends; use `createSqliteStore` from `@hexnode-offboard/proxy/node` in production.
 */
import { GENESIS_HASH, computeAuditHash } from '../audit/chain.js';
import type {
  AppendAuditOptions,
  AuditEntry,
  AuditQuery,
  AuditRecord,
  ClaimRequest,
  ClaimResult,
  IdempotencyRecord,
  IdempotencyScope,
  OffboardStore,
  RateLimitRequest,
  RateLimitResult,
  StoredResponse,
} from './types.js';
import { matchesAuditQuery } from './query.js';

const scopeKey = (scope: IdempotencyScope) => JSON.stringify([scope.tenant, scope.actorId, scope.key]);
const clone = <T>(value: T): T => structuredClone(value);

export function createMemoryStore(): OffboardStore {
  const idempotency = new Map<string, IdempotencyRecord>();
  const audit: AuditRecord[] = [];
  const rateEvents = new Map<string, { id: string; at: number }[]>();
  // Hashing is synchronous, so an append runs start to end without yielding and the chain never forks.
  async function appendAudit(entry: AuditEntry, options: AppendAuditOptions = {}): Promise<AuditRecord> {
    const last = audit.at(-1);
    const partial = { ...clone(entry), seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? GENESIS_HASH };
    const record: AuditRecord = { ...partial, hash: (options.seal ?? computeAuditHash)(partial) };
    audit.push(record);
    return clone(record);
  }

  return {
    async claimIdempotencyKey(claim: ClaimRequest): Promise<ClaimResult> {
      const id = scopeKey(claim);
      const existing = idempotency.get(id);
      if (existing && existing.expiresAt > claim.now) {
        if (existing.fingerprint !== claim.fingerprint) return { status: 'mismatch' };
        if (existing.state === 'in_flight') return { status: 'in_flight' };
        return { status: 'completed', record: clone(existing) };
      }
      idempotency.set(id, {
        tenant: claim.tenant,
        actorId: claim.actorId,
        key: claim.key,
        fingerprint: claim.fingerprint,
        state: 'in_flight',
        response: null,
        createdAt: claim.now,
        expiresAt: claim.now + claim.ttlMs,
      });
      return { status: 'claimed' };
    },
    async completeIdempotencyKey(
      scope: IdempotencyScope,
      response: StoredResponse,
      audit?: AuditEntry,
      options?: AppendAuditOptions,
    ) {
      if (audit) await appendAudit(audit, options);
      const record = idempotency.get(scopeKey(scope));
      if (record) {
        record.state = 'completed';
        record.response = clone(response);
      }
    },
    async releaseIdempotencyKey(scope: IdempotencyScope) {
      const record = idempotency.get(scopeKey(scope));
      if (record?.state === 'in_flight') idempotency.delete(scopeKey(scope));
    },
    async getIdempotencyRecord(scope: IdempotencyScope) {
      const record = idempotency.get(scopeKey(scope));
      return record ? clone(record) : null;
    },

    appendAudit,
    async readAudit(query: AuditQuery = {}) {
      const out: AuditRecord[] = [];
      const count = audit.length;
      for (let index = 0; index < count; index++) {
        const record = audit[query.newestFirst ? count - 1 - index : index]!;
        if (!matchesAuditQuery(record, query)) continue;
        if (query.limit !== undefined && out.length >= query.limit) break;
        out.push(clone(record));
      }
      return out;
    },
    async auditHead() {
      const last = audit.at(-1);
      return last ? { seq: last.seq, hash: last.hash } : null;
    },

    async consumeRateLimit(request: RateLimitRequest): Promise<RateLimitResult> {
      const since = request.now - request.windowMs;
      const events = (rateEvents.get(request.key) ?? []).filter((event) => event.at > since);
      if (events.length >= request.limit) {
        rateEvents.set(request.key, events);
        const oldest = events[0]?.at ?? request.now;
        return { allowed: false, retryAfterMs: Math.max(0, oldest + request.windowMs - request.now) };
      }
      events.push({ id: request.eventId, at: request.now });
      rateEvents.set(request.key, events);
      return { allowed: true, remaining: request.limit - events.length };
    },
    async refundRateLimit(key: string, eventId: string) {
      const events = rateEvents.get(key);
      if (events)
        rateEvents.set(
          key,
          events.filter((event) => event.id !== eventId),
        );
    },

    async prune(now: number) {
      for (const [id, record] of idempotency) if (record.expiresAt <= now) idempotency.delete(id);
      // Rate windows are at most a day long.
      for (const [key, events] of rateEvents) {
        const kept = events.filter((event) => event.at > now - 24 * 60 * 60 * 1000);
        if (kept.length === 0) rateEvents.delete(key);
        else rateEvents.set(key, kept);
      }
    },
  };
}
