/**
 * The handler's audit trail: every record it writes goes through here (sealed with the audit key), and every
 * decision it takes from the log (acted before? which action is this id? the employee's history, the export)
 * is answered from records this trail has verified, never from a column a database writer could edit.
 *
 * Its parts: chain-walk.ts walks the chain (once from the first record, then the records appended since, by this
 * process or another sharing the store) and checks each record's place and seal, and against the anchored head;
 * action-index.ts keeps the verified action records (intents and results) in memory, by action id and by
 * employee, so hiding one later changes nothing the handler decides. A record that does not fit, or a chain head
 * that moved back, stops the trail for good: every later call throws the {@link AuditIntegrityError} and the
 * handler refuses (fails closed) until it is restarted on a log that verifies.
 */
import type { HistoryEntry } from '@hexnode-offboard/core/protocol';
import type {
  AppendOptions,
  AuditEntry,
  AuditRecord,
  IdempotencyScope,
  OffboardStore,
  StoredResponse,
} from '../store/types.js';
import { ActionIndex, isIntent } from './action-index.js';
import { Anchorer, anchorInterval, toAuditAnchor, type AuditOptions } from './anchor.js';
import { ChainWalk } from './chain-walk.js';
import { createAuditSeal, type ChainSeal } from './chain.js';

export interface AuditTrailOptions extends AuditOptions {
  store: OffboardStore;
  now: () => number;
  /** Told when an anchor cannot be written or the log fails verification. */
  onError: (message: string, error: unknown) => void;
}

export class AuditTrail {
  readonly seal: ChainSeal;
  readonly #store: OffboardStore;
  readonly #walk: ChainWalk;
  readonly #index = new ActionIndex();
  readonly #anchorer: Anchorer | undefined;

  /** Throws a TypeError for a bad key, anchor or interval. */
  constructor(options: AuditTrailOptions) {
    this.seal = createAuditSeal(options.key);
    const anchor = toAuditAnchor(options.anchor);
    const every = anchorInterval(options.anchorEveryMs);
    this.#anchorer =
      anchor &&
      new Anchorer(anchor, every, options.now, (error) =>
        options.onError('audit anchor write failed', error),
      );
    this.#store = options.store;
    this.#walk = new ChainWalk({
      store: options.store,
      seal: this.seal,
      anchor,
      onError: options.onError,
      onRecord: (record) => this.#index.add(record),
    });
  }

  /** Appends one sealed record; anchors the head when due (an intent: before this resolves). */
  async append(entry: AuditEntry, options: Omit<AppendOptions, 'seal'> = {}): Promise<AuditRecord> {
    this.#walk.throwIfBroken();
    const record = await this.#store.appendAudit(entry, { ...options, seal: this.seal });
    this.#walk.adopt(record);
    await this.#anchorer?.after(record, isIntent(record));
    return record;
  }

  /** Completes an idempotency key with its result record, sealed, in one store transaction. */
  async complete(scope: IdempotencyScope, response: StoredResponse, entry?: AuditEntry): Promise<void> {
    this.#walk.throwIfBroken();
    await this.#store.completeIdempotencyKey(scope, response, entry, { seal: this.seal });
  }

  /** Whether Hexnode may already have acted on this employee (see {@link ActionIndex.actedBefore}). */
  async actedBefore(tenant: string | null, email: string): Promise<boolean> {
    await this.sync();
    return this.#index.actedBefore(tenant, email);
  }

  /** The intent record of an action id, as verified; null when there is none. */
  async findAction(id: string): Promise<AuditRecord | null> {
    await this.sync();
    return this.#index.findAction(id);
  }

  /** An action's intent record and its result record (null until there is one), as verified. */
  async actionRecords(id: string): Promise<{ intent: AuditRecord; result: AuditRecord | null } | null> {
    await this.sync();
    return this.#index.actionRecords(id);
  }

  /** The employee's earlier actions that were sent or failed, newest first. */
  async history(tenant: string | null, email: string, limit: number): Promise<HistoryEntry[]> {
    await this.sync();
    return this.#index.history(tenant, email, limit);
  }

  /** One tenant's records after `afterSeq`, oldest first, at most `limit`, each one checked (see ChainWalk). */
  export(query: { tenant: string | null; afterSeq: number; limit: number }): Promise<AuditRecord[]> {
    return this.#walk.export(query);
  }

  /** Walks the records appended since the last walk. A call always sees every record committed before it. */
  sync(): Promise<void> {
    return this.#walk.sync();
  }
}
