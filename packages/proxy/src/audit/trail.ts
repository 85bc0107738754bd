/**
 * The handler's audit trail: every record it writes goes through here (sealed with the audit key), and every
 * decision it takes from the log (acted before? which action is this id? the employee's history, the export)
 * is answered from records this trail has verified, never from a column a database writer could edit.
 *
 * The trail walks the chain once, from the first record, when it is first asked (checking it against the
 * anchored head, when the anchor can say its latest), then only the records appended since, by this process
 * or another sharing the store. Each record is checked as it is walked: its place (`seq`, `prevHash`) and its
 * seal. The action records (intents and results, about 1 KB each) are kept in memory, indexed by action id
 * and by employee, so hiding one later (editing its `employee_email`, deleting it) changes nothing the handler
 * decides. A record that does not fit, or a chain head that moved back, stops the trail for good: every later
 * call throws the {@link AuditIntegrityError} and the handler refuses (fails closed) until it is restarted on
 * a log that verifies.
 */
import type { ActionKind, HistoryEntry } from '@hexnode-offboard/core/protocol';
import type {
  AppendOptions,
  AuditEntry,
  AuditRecord,
  IdempotencyScope,
  OffboardStore,
  StoredResponse,
} from '../store/types.js';
import {
  Anchorer,
  anchorInterval,
  toAuditAnchor,
  type AuditAnchor,
  type AuditHead,
  type AuditOptions,
} from './anchor.js';
import { GENESIS_HASH, createAuditSeal, type ChainSeal } from './chain.js';
import { AuditIntegrityError, CHAIN_START, nextPosition, type ChainPosition } from './integrity.js';

export interface AuditTrailOptions extends AuditOptions {
  store: OffboardStore;
  now: () => number;
  /** Told when an anchor cannot be written or the log fails verification. */
  onError: (message: string, error: unknown) => void;
}

interface ActionRecords {
  intent?: AuditRecord;
  result?: AuditRecord;
}

/** Records read per page while walking the chain. */
const PAGE_SIZE = 1000;
/** How many of the latest records' hashes the trail remembers, to recognise a record it already walked. */
const RECENT_HASHES = 8192;

const employeeKey = (tenant: string | null, email: string) => JSON.stringify([tenant, email]);
const isIntent = (record: AuditEntry) => record.event === 'action' && record.outcome === 'allowed';

export class AuditTrail {
  readonly seal: ChainSeal;
  readonly #store: OffboardStore;
  readonly #anchor: AuditAnchor | undefined;
  readonly #onError: AuditTrailOptions['onError'];
  #position: ChainPosition = CHAIN_START;
  /** True once the whole chain was walked; until then appends leave the walking to the first catch-up. */
  #started = false;
  readonly #recent = new Map<number, string>();
  #broken: AuditIntegrityError | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  readonly #actions = new Map<string, ActionRecords>();
  readonly #byEmployee = new Map<string, string[]>();
  readonly #anchorer: Anchorer | undefined;

  /** Throws a TypeError for a bad key, anchor or interval. */
  constructor(options: AuditTrailOptions) {
    this.seal = createAuditSeal(options.key);
    this.#anchor = toAuditAnchor(options.anchor);
    const every = anchorInterval(options.anchorEveryMs);
    this.#anchorer =
      this.#anchor &&
      new Anchorer(this.#anchor, every, options.now, (error) =>
        options.onError('audit anchor write failed', error),
      );
    this.#store = options.store;
    this.#onError = options.onError;
  }

  /** Appends one sealed record; anchors the head when due (an intent: before this resolves). */
  async append(entry: AuditEntry, options: Omit<AppendOptions, 'seal'> = {}): Promise<AuditRecord> {
    this.#throwIfBroken();
    const record = await this.#store.appendAudit(entry, { ...options, seal: this.seal });
    this.#guard(() => this.#adopt(record));
    await this.#anchorer?.after(record, isIntent(record));
    return record;
  }

  /** Completes an idempotency key with its result record, sealed, in one store transaction. */
  async complete(scope: IdempotencyScope, response: StoredResponse, entry?: AuditEntry): Promise<void> {
    this.#throwIfBroken();
    await this.#store.completeIdempotencyKey(scope, response, entry, { seal: this.seal });
  }

  /**
   * Whether Hexnode may already have acted on this employee: an intent whose result says sent, has no result
   * (in flight, or the process died after writing it), or failed in a way after which Hexnode may have acted.
   * Only a failure Hexnode certainly refused (a 4xx other than 408) does not count.
   */
  async actedBefore(tenant: string | null, email: string): Promise<boolean> {
    await this.sync();
    return (this.#byEmployee.get(employeeKey(tenant, email)) ?? []).some((id) => {
      const { intent, result } = this.#actions.get(id) ?? {};
      if (!intent) return false;
      if (!result || result.outcome === 'sent') return true;
      const status = result.hexnodeStatus;
      return !(status !== null && status >= 400 && status < 500 && status !== 408);
    });
  }

  /** The intent record of an action id, as verified; null when there is none. */
  async findAction(id: string): Promise<AuditRecord | null> {
    await this.sync();
    const intent = this.#actions.get(id)?.intent;
    return intent && intent.action !== null && intent.employee !== null ? structuredClone(intent) : null;
  }

  /** An action's intent record and its result record (null until there is one), as verified. */
  async actionRecords(id: string): Promise<{ intent: AuditRecord; result: AuditRecord | null } | null> {
    await this.sync();
    const { intent, result } = this.#actions.get(id) ?? {};
    if (!intent || intent.action === null || intent.employee === null) return null;
    return { intent: structuredClone(intent), result: result ? structuredClone(result) : null };
  }

  /** The employee's earlier actions that were sent or failed, newest first. */
  async history(tenant: string | null, email: string, limit: number): Promise<HistoryEntry[]> {
    await this.sync();
    return (this.#byEmployee.get(employeeKey(tenant, email)) ?? [])
      .map((id) => this.#actions.get(id)?.result)
      .filter((record): record is AuditRecord => record !== undefined && record.action !== null)
      .sort((a, b) => b.seq - a.seq)
      .slice(0, limit)
      .map((record) => ({
        actionId: record.actionId as string,
        action: record.action as ActionKind,
        ...(record.options?.mode !== undefined ? { mode: record.options.mode } : {}),
        at: record.time,
        actor: { ...record.actor },
        deviceIds: [...record.deviceIds],
        outcome: record.outcome as 'sent' | 'failed',
      }));
  }

  /**
   * One tenant's records after `afterSeq`, oldest first, at most `limit`. The chain is walked record by record
   * (every tenant's), each one checked, so a record cannot be hidden from its tenant by editing a column.
   */
  async export(query: { tenant: string | null; afterSeq: number; limit: number }): Promise<AuditRecord[]> {
    await this.sync();
    const known = this.#position.firstKeyedSeq;
    let position: ChainPosition = {
      seq: query.afterSeq,
      hash: query.afterSeq === 0 ? GENESIS_HASH : (this.#recent.get(query.afterSeq) ?? null),
      firstKeyedSeq: known,
    };
    const records: AuditRecord[] = [];
    for (;;) {
      const page = await this.#read(position.seq);
      for (const record of page) {
        position = this.#guard(() => nextPosition(position, record, this.seal));
        if (record.tenant !== query.tenant) continue;
        records.push(record);
        if (records.length === query.limit) return records;
      }
      if (page.length < PAGE_SIZE) return records;
    }
  }

  /** Walks the records appended since the last walk. A call always sees every record committed before it. */
  sync(): Promise<void> {
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#run();
    // A walk is under way, and may have read the log before a record this caller relies on: walk again after it.
    const queued = this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#run();
      });
    this.#queued = queued;
    return queued;
  }

  #run(): Promise<void> {
    const running = this.#catchUp().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }

  async #catchUp(): Promise<void> {
    this.#throwIfBroken();
    const anchored = !this.#started && this.#anchor?.latest ? await this.#anchor.latest() : null;
    for (;;) {
      const page = await this.#read(this.#position.seq);
      for (const record of page) this.#guard(() => this.#take(record, anchored));
      if (page.length < PAGE_SIZE) break;
    }
    const position = this.#position;
    if (anchored && position.seq < anchored.seq) {
      this.#guard(() => {
        throw new AuditIntegrityError(
          position.seq + 1,
          `the log ends at record ${position.seq} but record ${anchored.seq} was anchored (records were cut off the end)`,
        );
      });
    }
    const head = await this.#store.auditHead();
    if (
      head === null
        ? position.seq > 0
        : head.seq < position.seq || (head.seq === position.seq && head.hash !== position.hash)
    ) {
      this.#guard(() => {
        throw new AuditIntegrityError(
          (head?.seq ?? 0) + 1,
          `the chain head moved back behind record ${position.seq}, already read (records were cut off the end)`,
        );
      });
    }
    this.#started = true;
  }

  /** One record read while walking the chain. */
  #take(record: AuditRecord, anchored: AuditHead | null): void {
    if (record.seq <= this.#position.seq) {
      // Adopted from an append while this page was being read: it must be that very record.
      if (this.#recent.get(record.seq) !== record.hash) {
        throw new AuditIntegrityError(record.seq, 'it changed after it was written');
      }
      return;
    }
    this.#position = nextPosition(this.#position, record, this.seal);
    if (anchored && record.seq === anchored.seq && record.hash !== anchored.hash) {
      throw new AuditIntegrityError(
        record.seq,
        'it is not the record anchored at this place (the log was rewritten)',
      );
    }
    this.#index(record);
  }

  /** A record this process just appended. Records from other writers in between are left to the next walk. */
  #adopt(record: AuditRecord): void {
    if (!this.#started) return;
    const position = this.#position;
    if (record.seq === position.seq + 1) {
      this.#position = nextPosition(position, record, this.seal);
      this.#index(record);
    } else if (record.seq <= position.seq && this.#recent.get(record.seq) !== record.hash) {
      throw new AuditIntegrityError(
        record.seq,
        'a new record took the place of one already read (records were cut off the end)',
      );
    }
  }

  #index(record: AuditRecord): void {
    this.#recent.set(record.seq, record.hash);
    if (this.#recent.size > RECENT_HASHES) this.#recent.delete(this.#recent.keys().next().value!);
    if (record.actionId === null) return;
    const id = record.actionId;
    if (isIntent(record) && record.employee !== null) {
      this.#actions.set(id, { ...this.#actions.get(id), intent: record });
      const key = employeeKey(record.tenant, record.employee.email);
      const ids = this.#byEmployee.get(key);
      if (ids) ids.push(id);
      else this.#byEmployee.set(key, [id]);
    } else if (record.event === 'action_result') {
      this.#actions.set(id, { ...this.#actions.get(id), result: record });
    }
  }

  /** A page of records after `afterSeq`; a store that finds an edited column stops the trail too. */
  async #read(afterSeq: number): Promise<AuditRecord[]> {
    try {
      return await this.#store.readAudit({ afterSeq, limit: PAGE_SIZE });
    } catch (error) {
      if (error instanceof AuditIntegrityError)
        this.#guard(() => {
          throw error;
        });
      throw error;
    }
  }

  /** Runs a check; an integrity failure stops the trail for good. */
  #guard<T>(check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (error instanceof AuditIntegrityError && !this.#broken) {
        this.#broken = error;
        this.#onError('audit log failed verification', error);
      }
      throw error;
    }
  }

  #throwIfBroken(): void {
    if (this.#broken) throw this.#broken;
  }
}
