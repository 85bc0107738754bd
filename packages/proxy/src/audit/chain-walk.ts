/**
 * Walking the audit chain and verifying it. The chain is walked once, from the first record, when it is first
 * asked (checked against the anchored head, when the anchor can say its latest), then only the records appended
 * since, by this process or another sharing the store. Each record is checked as it is walked: its place (`seq`,
 * `prevHash`) and its seal; each verified record is handed to `onRecord`. A record that does not fit, or a chain
 * head that moved back, stops the walk for good: every later call throws the {@link AuditIntegrityError}.
 */
import type { AuditRecord, OffboardStore } from '../store/types.js';
import type { AuditAnchor, AuditHead } from './anchor.js';
import { GENESIS_HASH, type ChainSeal } from './chain.js';
import { AuditIntegrityError, CHAIN_START, nextPosition, type ChainPosition } from './integrity.js';

export interface ChainWalkOptions {
  store: OffboardStore;
  seal: ChainSeal;
  anchor: AuditAnchor | undefined;
  /** Told when the log fails verification (once). */
  onError: (message: string, error: unknown) => void;
  /** Each record once it is verified, in chain order. */
  onRecord: (record: AuditRecord) => void;
}

/** Records read per page while walking the chain. */
const PAGE_SIZE = 1000;
/** How many of the latest records' hashes the walk remembers, to recognise a record it already walked. */
const RECENT_HASHES = 8192;

export class ChainWalk {
  readonly #store: OffboardStore;
  readonly #seal: ChainSeal;
  readonly #anchor: AuditAnchor | undefined;
  readonly #onError: ChainWalkOptions['onError'];
  readonly #onRecord: ChainWalkOptions['onRecord'];
  #position: ChainPosition = CHAIN_START;
  /** True once the whole chain was walked; until then appends leave the walking to the first catch-up. */
  #started = false;
  readonly #recent = new Map<number, string>();
  #broken: AuditIntegrityError | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(options: ChainWalkOptions) {
    this.#store = options.store;
    this.#seal = options.seal;
    this.#anchor = options.anchor;
    this.#onError = options.onError;
    this.#onRecord = options.onRecord;
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

  /** A record this process just appended. Records from other writers in between are left to the next walk. */
  adopt(record: AuditRecord): void {
    this.guard(() => {
      if (!this.#started) return;
      const position = this.#position;
      if (record.seq === position.seq + 1) {
        this.#position = nextPosition(position, record, this.#seal);
        this.#remember(record);
      } else if (record.seq <= position.seq && this.#recent.get(record.seq) !== record.hash) {
        throw new AuditIntegrityError(
          record.seq,
          'a new record took the place of one already read (records were cut off the end)',
        );
      }
    });
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
        position = this.guard(() => nextPosition(position, record, this.#seal));
        if (record.tenant !== query.tenant) continue;
        records.push(record);
        if (records.length === query.limit) return records;
      }
      if (page.length < PAGE_SIZE) return records;
    }
  }

  /** Runs a check; an integrity failure stops the walk for good. */
  guard<T>(check: () => T): T {
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

  throwIfBroken(): void {
    if (this.#broken) throw this.#broken;
  }

  #run(): Promise<void> {
    const running = this.#catchUp().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }

  async #catchUp(): Promise<void> {
    this.throwIfBroken();
    const anchored = !this.#started && this.#anchor?.latest ? await this.#anchor.latest() : null;
    for (;;) {
      const page = await this.#read(this.#position.seq);
      for (const record of page) this.guard(() => this.#take(record, anchored));
      if (page.length < PAGE_SIZE) break;
    }
    const position = this.#position;
    if (anchored && position.seq < anchored.seq) {
      this.guard(() => {
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
      this.guard(() => {
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
    this.#position = nextPosition(this.#position, record, this.#seal);
    if (anchored && record.seq === anchored.seq && record.hash !== anchored.hash) {
      throw new AuditIntegrityError(
        record.seq,
        'it is not the record anchored at this place (the log was rewritten)',
      );
    }
    this.#remember(record);
  }

  /** A verified record: its hash remembered, and handed on. */
  #remember(record: AuditRecord): void {
    this.#recent.set(record.seq, record.hash);
    if (this.#recent.size > RECENT_HASHES) this.#recent.delete(this.#recent.keys().next().value!);
    this.#onRecord(record);
  }

  /** A page of records after `afterSeq`; a store that finds an edited column stops the walk too. */
  async #read(afterSeq: number): Promise<AuditRecord[]> {
    try {
      return await this.#store.readAudit({ afterSeq, limit: PAGE_SIZE });
    } catch (error) {
      if (error instanceof AuditIntegrityError)
        this.guard(() => {
          throw error;
        });
      throw error;
    }
  }
}
