/**
 * A store that lives in memory: for tests, the browser (Storybook) and demos. Everything is lost
 * when the process ends; use `createSqliteStore` from `@hexnode-offboard/proxy/node` in production.
 * Every method runs start to end without yielding (hashing is synchronous), so each is atomic.
 */
import { GENESIS_HASH, computeAuditHash } from '../audit/chain.js';
import { LockNotHeldError, checkTenant } from './errors.js';
import { MemoryTrackerStore } from './memory-trackers.js';
import { matchesAuditQuery } from './query.js';
import type {
  AppendOptions,
  AuditSeal,
  AuditEntry,
  AuditQuery,
  AuditRecord,
  ClaimRequest,
  ClaimResult,
  IdempotencyRecord,
  IdempotencyScope,
  LockClaim,
  LockOwner,
  LockResult,
  LockScope,
  OffboardStore,
  RateLimitRequest,
  RateLimitResult,
  StoredResponse,
} from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const scopeKey = (scope: IdempotencyScope) => JSON.stringify([scope.tenant, scope.actorId, scope.key]);
const lockKey = (lock: LockScope) => JSON.stringify([lock.tenant, lock.name]);
const clone = <T>(value: T): T => structuredClone(value);

export class MemoryStore implements OffboardStore {
  readonly #idempotency = new Map<string, IdempotencyRecord>();
  readonly #locks = new Map<string, { owner: string; expiresAt: number }>();
  readonly #audit: AuditRecord[] = [];
  readonly #rateEvents = new Map<string, { id: string; at: number }[]>();
  /** The action trackers, in memory with the rest. */
  readonly trackerStore = new MemoryTrackerStore();

  async claimIdempotencyKey(claim: ClaimRequest): Promise<ClaimResult> {
    checkTenant(claim.tenant);
    const id = scopeKey(claim);
    const existing = this.#idempotency.get(id);
    if (existing && existing.expiresAt > claim.now) {
      if (existing.fingerprint !== claim.fingerprint) return { status: 'mismatch' };
      if (existing.state === 'in_flight') return { status: 'in_flight' };
      return { status: 'completed', record: clone(existing) };
    }
    this.#idempotency.set(id, {
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
  }

  async completeIdempotencyKey(
    scope: IdempotencyScope,
    response: StoredResponse,
    audit?: AuditEntry,
    options: Pick<AppendOptions, 'seal'> = {},
  ) {
    if (audit) this.#append(audit, options.seal);
    const record = this.#idempotency.get(scopeKey(scope));
    if (record) {
      record.state = 'completed';
      record.response = clone(response);
    }
  }

  async releaseIdempotencyKey(scope: IdempotencyScope) {
    const record = this.#idempotency.get(scopeKey(scope));
    if (record?.state === 'in_flight') this.#idempotency.delete(scopeKey(scope));
  }

  async getIdempotencyRecord(scope: IdempotencyScope) {
    const record = this.#idempotency.get(scopeKey(scope));
    return record ? clone(record) : null;
  }

  async claimLock(claim: LockClaim): Promise<LockResult> {
    checkTenant(claim.tenant);
    const held = this.#locks.get(lockKey(claim));
    if (held && held.owner !== claim.owner && held.expiresAt > claim.now) {
      return { status: 'held', expiresAt: held.expiresAt };
    }
    this.#locks.set(lockKey(claim), { owner: claim.owner, expiresAt: claim.now + claim.ttlMs });
    return { status: 'claimed' };
  }

  async releaseLock(lock: LockOwner) {
    if (this.#locks.get(lockKey(lock))?.owner === lock.owner) this.#locks.delete(lockKey(lock));
  }

  async appendAudit(entry: AuditEntry, options: AppendOptions = {}): Promise<AuditRecord> {
    if (options.lock) {
      const held = this.#locks.get(lockKey(options.lock));
      if (held?.owner !== options.lock.owner) throw new LockNotHeldError();
      held.expiresAt = options.lock.now + options.lock.ttlMs;
    }
    return clone(this.#append(entry, options.seal));
  }

  #append(entry: AuditEntry, seal: AuditSeal = computeAuditHash): AuditRecord {
    const last = this.#audit.at(-1);
    const partial = { ...clone(entry), seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? GENESIS_HASH };
    const record: AuditRecord = { ...partial, hash: seal(partial) };
    this.#audit.push(record);
    return record;
  }

  async readAudit(query: AuditQuery = {}) {
    const out: AuditRecord[] = [];
    const count = this.#audit.length;
    for (let index = 0; index < count; index++) {
      const record = this.#audit[query.newestFirst ? count - 1 - index : index]!;
      if (!matchesAuditQuery(record, query)) continue;
      if (query.limit !== undefined && out.length >= query.limit) break;
      out.push(clone(record));
    }
    return out;
  }

  async auditHead() {
    const last = this.#audit.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : null;
  }

  async consumeRateLimit(request: RateLimitRequest): Promise<RateLimitResult> {
    const since = request.now - request.windowMs;
    const events = (this.#rateEvents.get(request.key) ?? []).filter((event) => event.at > since);
    this.#rateEvents.set(request.key, events);
    if (events.length >= request.limit) {
      const oldest = events[0]?.at ?? request.now;
      return { allowed: false, retryAfterMs: Math.max(0, oldest + request.windowMs - request.now) };
    }
    events.push({ id: request.eventId, at: request.now });
    return { allowed: true, remaining: request.limit - events.length };
  }

  async refundRateLimit(key: string, eventId: string) {
    const events = this.#rateEvents.get(key);
    if (events)
      this.#rateEvents.set(
        key,
        events.filter((event) => event.id !== eventId),
      );
  }

  async prune(now: number) {
    for (const [id, record] of this.#idempotency) if (record.expiresAt <= now) this.#idempotency.delete(id);
    for (const [id, lock] of this.#locks) if (lock.expiresAt <= now) this.#locks.delete(id);
    // Rate windows are at most a day long.
    for (const [key, events] of this.#rateEvents) {
      const kept = events.filter((event) => event.at > now - DAY_MS);
      if (kept.length === 0) this.#rateEvents.delete(key);
      else this.#rateEvents.set(key, kept);
    }
  }
}

/** A new, empty store in memory. */
export function createMemoryStore(): OffboardStore {
  return new MemoryStore();
}
