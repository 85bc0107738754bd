/**
 * The state the handler keeps between requests: idempotency records, the hash-chained audit log,
 * rate-limit events and the actions it sent. Every method is async so that a shared database
 * (PostgreSQL, for several handler instances) can implement the same interface; see the package
 * README ("The store") for the SQL each operation needs to be atomic. The actions the handler sent are
 * read back from the audit log (the `action` record with outcome `allowed` is the action).
 */
import type { ActionKind, ErrorCode, WipeMode } from '@hexnode-offboard/core/protocol';

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
// Audit
// -------------------------------------------------------------------------------------------

export type AuditEvent = 'preview' | 'action' | 'action_result' | 'action_status' | 'audit_export';
export type AuditOutcome = 'allowed' | 'denied' | 'replayed' | 'sent' | 'failed';

/** What the handler writes. Strings are already sanitized; no secret, cookie or token is ever here. */
export interface AuditEntry {
  /** `aud_...`, chosen by the handler. */
  id: string;
  /** ISO 8601. */
  time: string;
  requestId: string;
  event: AuditEvent;
  /** `cookie` (the HRMS's `authorize` hook) or `token` (a session token). */
  auth: 'cookie' | 'token';
  actor: { id: string; name: string };
  tenant: string | null;
  employee: { email: string; name?: string; id?: string } | null;
  hexnodeUser: { id: number; name: string } | null;
  deviceIds: number[];
  action: ActionKind | null;
  options: { mode?: WipeMode; message?: string; phoneNumber?: string } | null;
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

export interface AppendAuditOptions {
  /**
   * How to compute the record's `hash` (the handler passes its keyed seal). Default: plain SHA-256
   * (`computeAuditHash`).
   */
  seal?: AuditSeal;
}

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
    options?: AppendAuditOptions,
  ): Promise<void>;
  /** Give a claimed key back, when the request was refused before any Hexnode action was sent. */
  releaseIdempotencyKey(scope: IdempotencyScope): Promise<void>;
  getIdempotencyRecord(scope: IdempotencyScope): Promise<IdempotencyRecord | null>;

  /**
   * Append one record to the audit chain, atomically: read the chain head, compute `seq`, `prevHash`
   * and `hash` (`options.seal`, default plain SHA-256), insert. Resolves only once the record survives a crash
   * of this process; an action's intent record (`event: 'action'`, `outcome: 'allowed'`) must also survive power
   * loss (the SQLite store fsyncs it before resolving).
   */
  appendAudit(entry: AuditEntry, options?: AppendAuditOptions): Promise<AuditRecord>;
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

  /** Delete expired idempotency records and old rate-limit events. Audit records are never deleted. */
  prune?(now: number): Promise<void>;
  close?(): Promise<void>;
}
