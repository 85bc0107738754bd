/**
 * The store contract: the state the handler keeps between requests. Idempotency records, per-employee
 * locks, the hash-chained audit log and rate-limit events. Every method is async and each one is one atomic
 * operation, so a shared database (PostgreSQL, for several handler instances) can implement the same
 * interface; the package README ("The store") gives the SQL each needs, and `@hexnode-offboard/proxy/testing`
 * exports the contract suite a store must pass. The actions the handler sent are read back from the audit log
 * (the `action` record with outcome `allowed` is the action). A tenant is a non-empty string or `null`
 * ("no tenant"); stores refuse `""`, which a SQL key column cannot tell from `null`.
 *
 * Just over 300 lines: the store contract is one interface with its request and record shapes; the trackers'
 * shapes already live in trackers.ts.
 */
import type { BudgetStore, DirectoryIndexStore } from '@hexnode-offboard/core';
import type { ActionTrackerStore } from './trackers.js';
import type {
  ActionKind,
  DeviceFailure,
  ErrorCode,
  ReportedAction,
  WipeMode,
} from '@hexnode-offboard/core/protocol';

export type * from './trackers.js';

// -------------------------------------------------------------------------------------------
// Idempotency
// -------------------------------------------------------------------------------------------

/** Who an idempotency key belongs to: the same key from another actor or tenant is another key. */
export interface IdempotencyScope {
  tenant: string | null;
  actorId: string;
  key: string;
}

/** An answer kept so that a retry with the same key gets the same answer. */
export interface StoredResponse {
  status: number;
  /** The response body, as sent. */
  body: string;
  contentType: string;
}

export interface IdempotencyRecord extends IdempotencyScope {
  /** SHA-256 of the request (method, path, canonical body). */
  fingerprint: string;
  state: 'in_flight' | 'completed';
  response: StoredResponse | null;
  /** Epoch milliseconds. */
  createdAt: number;
  expiresAt: number;
}

/**
 * The result of claiming a key, decided atomically by the store:
 * - `claimed`: the key was free (or expired); this request owns it until it completes or releases it.
 * - `in_flight`: another request with this key has not finished.
 * - `completed`: a request with this key finished; `record.response` is its answer.
 * - `mismatch`: the key was used with another request body.
 */
export type ClaimResult =
  | { status: 'claimed' }
  | { status: 'in_flight' }
  | { status: 'completed'; record: IdempotencyRecord }
  | { status: 'mismatch' };

export interface ClaimRequest extends IdempotencyScope {
  fingerprint: string;
  now: number;
  ttlMs: number;
}

// -------------------------------------------------------------------------------------------
// Locks
// -------------------------------------------------------------------------------------------

/** What a lock guards: one name (the handler uses the employee's normalized email) within a tenant. */
export interface LockScope {
  tenant: string | null;
  name: string;
}

/** A lock and the one request that may hold it: `owner` is a random token that request chose. */
export interface LockOwner extends LockScope {
  owner: string;
}

export interface LockClaim extends LockOwner {
  /** Epoch milliseconds. */
  now: number;
  /** How long the lock holds if its owner never releases it (its process died). */
  ttlMs: number;
}

/**
 * The result of claiming a lock, decided atomically by the store:
 * - `claimed`: it was free, expired, or already this owner's; it is this owner's until `now + ttlMs`.
 * - `held`: another owner holds it until `expiresAt`.
 */
export type LockResult = { status: 'claimed' } | { status: 'held'; expiresAt: number };

// -------------------------------------------------------------------------------------------
// Audit
// -------------------------------------------------------------------------------------------

/** `job_approval`: a job held for a second approver, approved, rejected, or a refused decision (docs/zero-touch.md). */
export type AuditEvent =
  'preview' | 'action' | 'action_result' | 'action_status' | 'audit_export' | 'job_approval';
export type AuditOutcome = 'allowed' | 'denied' | 'replayed' | 'sent' | 'failed';

/** What the handler writes. Strings are already sanitized; no secret, cookie or token is ever here. */
export interface AuditEntry {
  /** `aud_...`, chosen by the handler. */
  id: string;
  /** ISO 8601. */
  time: string;
  requestId: string;
  event: AuditEvent;
  /** `cookie` (the HRMS's `authorize` hook), `token` (a session token) or `job` (a scheduled offboarding). */
  auth: 'cookie' | 'token' | 'job';
  actor: { id: string; name: string };
  tenant: string | null;
  /**
   * The employee by normalized email. `name` and `id` come from the HRMS's `resolveEmployee` hook (`source:
   * 'hrms'`) or, without it, from the browser's request, unverified (`source: 'claimed'`).
   */
  employee: { email: string; name?: string; id?: string; source?: 'claimed' | 'hrms' } | null;
  hexnodeUser: { id: number; name: string } | null;
  deviceIds: number[];
  /** The action, or `mixed` when the devices got different actions (each device's is in `devices`). */
  action: ReportedAction | null;
  options: { mode?: WipeMode; reassignTo?: number; message?: string; phoneNumber?: string } | null;
  reason: string | null;
  idempotencyKey: string | null;
  outcome: AuditOutcome;
  /** The problem code when the outcome is `denied` or `failed`. */
  code: ErrorCode | null;
  /** HTTP status Hexnode answered the action with, when an action was sent. */
  hexnodeStatus: number | null;
  /** Which attempt at sending a Hexnode action this is for the idempotency key (1 for the first). */
  attempt: number | null;
  /** The handler's action id, for `action`, `action_result` and `action_status`. */
  actionId: string | null;
  /**
   * Per device, when there is something to say. On an `action` intent: each enrolled device's newest command
   * id of the action's kind read right before sending (`commandBefore`, `null`: it had none; absent:
   * unreadable), and the devices Hexnode no longer manages (`failure: 'not_enrolled'`: it queues nothing for
   * them), and every device's own `action`. On an `action_result`: the devices Hexnode's reply named as not
   * acted on (`failure: 'rejected'`).
   */
  devices?: AuditDevice[];
}

export interface AuditDevice {
  id: number;
  /** The device's own action (an intent's record names each; older records: the record's `action`). */
  action?: ActionKind;
  commandBefore?: number | null;
  failure?: DeviceFailure;
}

/** A stored audit record: the entry plus its place in the chain. */
export interface AuditRecord extends AuditEntry {
  /** 1, 2, 3, ... with no gaps. */
  seq: number;
  /** `hash` of the previous record; 64 zeros for the first. */
  prevHash: string;
  /**
   * The record's seal (hex) over the canonical JSON of every other field, `prevHash` and `seq` included:
   * HMAC-SHA-256 under the handler's audit key, or plain SHA-256 without one.
   */
  hash: string;
}

/** Computes a record's `hash` from everything else; the store calls it inside its append transaction. */
export type AuditSeal = (record: AuditEntry & { seq: number; prevHash: string }) => string;

export interface AuditQuery {
  /** Only records with `seq` greater than this. */
  afterSeq?: number;
  /** At most this many (oldest first). Default: all. */
  limit?: number;
  /** Only this tenant's records (`null`: records without a tenant). Omit for every tenant. */
  tenant?: string | null;
  /** Only records about this employee (normalized email). */
  employeeEmail?: string;
  /** Only these events. */
  events?: AuditEvent[];
  /** Only these outcomes. */
  outcomes?: AuditOutcome[];
  actionId?: string;
  /** Newest first (with `limit`: the last N records). Default oldest first. */
  newestFirst?: boolean;
}

export interface AppendOptions {
  /**
   * How to compute the record's `hash` (the handler passes its keyed seal). Default: plain SHA-256
   * (`computeAuditHash`).
   */
  seal?: AuditSeal;
  /**
   * Resolve only once the record survives power loss (fsynced), not only a crash of this process: the handler
   * asks it for an action's intent, the record written before Hexnode hears of the action.
   */
  durable?: boolean;
  /**
   * Append only while this lock is held by this owner, checked in the same transaction as the append, and
   * extend it to `now + ttlMs`. When another owner holds it, or nobody does, nothing is written and the
   * promise rejects with a `LockNotHeldError` (`./errors.ts`).
   */
  lock?: LockClaim;
}

// -------------------------------------------------------------------------------------------
// Rate limits
// -------------------------------------------------------------------------------------------

export interface RateLimitRequest {
  /** What is counted, e.g. `actions:<tenant>:<actor>`. */
  key: string;
  limit: number;
  windowMs: number;
  now: number;
  /** An id for this event so that it can be refunded. */
  eventId: string;
}

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

// -------------------------------------------------------------------------------------------
// The store
// -------------------------------------------------------------------------------------------

export interface OffboardStore {
  /** Atomically claim an idempotency key (see {@link ClaimResult}). Expired records count as free. */
  claimIdempotencyKey(claim: ClaimRequest): Promise<ClaimResult>;
  /**
   * Store the answer of a claimed key; later claims with the same body get it back. With `audit`, the
   * audit record is appended in the same transaction (the action's result and its idempotency record
   * land together or not at all).
   */
  completeIdempotencyKey(
    scope: IdempotencyScope,
    response: StoredResponse,
    audit?: AuditEntry,
    options?: Pick<AppendOptions, 'seal'>,
  ): Promise<void>;
  /** Give a claimed key back, when the request was refused before any Hexnode action was sent. */
  releaseIdempotencyKey(scope: IdempotencyScope): Promise<void>;
  getIdempotencyRecord(scope: IdempotencyScope): Promise<IdempotencyRecord | null>;

  /** Atomically claim a lock (see {@link LockResult}); the same owner claiming again extends it. */
  claimLock(claim: LockClaim): Promise<LockResult>;
  /** Release a lock, only if this owner holds it: an owner whose lock expired never releases the next one's. */
  releaseLock(lock: LockOwner): Promise<void>;

  /**
   * Append one record to the audit chain, atomically: read the chain head, compute `seq`, `prevHash`
   * and `hash` (`computeAuditHash`), insert. Resolves once the record survives a crash of this process, and
   * with `durable` once it survives power loss too. With `lock`, see {@link AppendOptions.lock}.
   */
  appendAudit(entry: AuditEntry, options?: AppendOptions): Promise<AuditRecord>;
  /**
   * Records oldest first. A store that filters on columns kept beside the record (SQL) checks, for every
   * record it returns, that those columns still say what the record says, and throws an
   * `AuditIntegrityError` when one does not (an edited column).
   */
  readAudit(query?: AuditQuery): Promise<AuditRecord[]>;
  /** The last record's `seq` and `hash` as the store last wrote them (null when empty). */
  auditHead(): Promise<{ seq: number; hash: string } | null>;

  /** Count one event against a sliding window; refuses (and records nothing) when the window is full. */
  consumeRateLimit(request: RateLimitRequest): Promise<RateLimitResult>;
  /** Forget one event (a request refused after it was counted, before anything was sent). */
  refundRateLimit(key: string, eventId: string): Promise<void>;

  /** Delete expired idempotency records, expired locks and old rate-limit events. Audit records are never deleted. */
  prune?(now: number): Promise<void>;
  close?(): Promise<void>;

  /**
   * Where the Hexnode request budget's counters live, when the store keeps them (the SQLite store does, in its
   * file): every handler on this store then spends one budget per portal, unless the connection's
   * `budget.store` names another. Without it, each handler's budget counts in its own memory.
   */
  readonly budgetStore?: BudgetStore;

  /**
   * Where the action trackers live (every store of this package keeps them): every handler on this store then
   * shares them, so one action is checked once whatever the number of instances. Without it, each handler keeps
   * its trackers in its own memory.
   */
  readonly trackerStore?: ActionTrackerStore;

  /**
   * Where the Hexnode directory index is kept between runs, when the store keeps it (SQLite and PostgreSQL do):
   * the handler's directories load it on first use and save it after each build, so a restart answers
   * previews without reading Hexnode's lists again.
   */
  readonly directoryIndexStore?: DirectoryIndexStore;
}

/** The options of an audit append (the name the audit trail uses). */
export type AppendAuditOptions = AppendOptions;
