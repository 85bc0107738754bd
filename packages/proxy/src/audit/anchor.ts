/**
 * Anchoring: the chain's head (the last record's `seq` and `hash`), written from time to time somewhere the
 * database's writers cannot rewrite — an append-only file, a log service, a ticket. A head kept there is what
 * proves that records were cut off the end, or the whole log replaced: `verifyAuditLog(store, { anchor })`
 * fails unless the log still holds that exact record.
 */

/** A point in the chain: a record's `seq` and `hash`. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** A head as it is anchored, with the time (ISO 8601) it was written. */
export interface AnchoredHead extends AuditHead {
  at: string;
}

/** Where the handler anchors the chain's head. */
export interface AuditAnchor {
  /** Keep this head. Heads arrive in increasing `seq`; keep every one (append-only), never overwrite. */
  write(head: AnchoredHead): void | Promise<void>;
  /**
   * The head with the highest `seq` kept, or null when none is. With it, a handler checks the log against the
   * anchor when it starts (before its first decision) and `verifyAuditLog` can be given it.
   */
  latest?(): Promise<AuditHead | null>;
}

/** The handler's `audit` option. */
export interface AuditOptions {
  /**
   * The key of the chain's HMAC-SHA-256 seals: at least 32 bytes (a string counts its UTF-8 bytes), from a secret
   * store, never kept in the audit database. Without it the chain is plain SHA-256, which anyone with write
   * access to the database can recompute.
   */
  key?: string | Uint8Array;
  /**
   * Where the chain's head is anchored: an {@link AuditAnchor}, or a function called with each head.
   * `createFileAnchor(path)` from `@hexnode-offboard/proxy/node` appends to a file. Default: none from the main
   * entry; from `@hexnode-offboard/proxy/node` without a `store`, a file beside the default database.
   */
  anchor?: AuditAnchor | ((head: AnchoredHead) => void | Promise<void>);
  /**
   * While records are written, anchor the head at least this often, in ms. Default 60000. An action's intent
   * and its result are anchored at once whatever the interval (the intent before Hexnode hears of the action).
   */
  anchorEveryMs?: number;
}

export const DEFAULT_ANCHOR_EVERY_MS = 60_000;

/** The `anchorEveryMs` option, or a TypeError. */
export function anchorInterval(value: number | undefined): number {
  const every = value ?? DEFAULT_ANCHOR_EVERY_MS;
  if (!Number.isFinite(every) || every < 0) {
    throw new TypeError('audit.anchorEveryMs must be a number of milliseconds, 0 or more.');
  }
  return every;
}

/** The anchor of an `anchor` option, or undefined. Throws a TypeError for anything else. */
export function toAuditAnchor(option: AuditOptions['anchor']): AuditAnchor | undefined {
  if (option === undefined) return undefined;
  if (typeof option === 'function') return { write: option };
  if (option && typeof option === 'object' && typeof option.write === 'function') {
    if (option.latest !== undefined && typeof option.latest !== 'function') {
      throw new TypeError('audit.anchor.latest must be a function.');
    }
    return option;
  }
  throw new TypeError('audit.anchor must be a function or an object with write(head).');
}

/**
 * Writes heads to an anchor: a forced one (an intent) always, any other at most every `everyMs`; one write at a
 * time and in increasing `seq`. A failed write is reported, never thrown: the anchor is evidence, not a gate.
 */
export class Anchorer {
  readonly #anchor: AuditAnchor;
  readonly #everyMs: number;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  #lastAt = Number.NEGATIVE_INFINITY;
  #lastSeq = 0;
  #writing: Promise<void> = Promise.resolve();

  constructor(anchor: AuditAnchor, everyMs: number, now: () => number, onError: (error: unknown) => void) {
    this.#anchor = anchor;
    this.#everyMs = everyMs;
    this.#now = now;
    this.#onError = onError;
  }

  /** Anchors this record as the head when it is due; resolves once written (or failed). */
  async after(record: AuditHead, force: boolean): Promise<void> {
    if (record.seq <= this.#lastSeq) return;
    const now = this.#now();
    if (!force && now - this.#lastAt < this.#everyMs) return;
    this.#lastAt = now;
    this.#lastSeq = record.seq;
    const head = { seq: record.seq, hash: record.hash, at: new Date(now).toISOString() };
    const write = this.#writing.then(() => this.#anchor.write(head));
    this.#writing = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      this.#onError(error);
    }
  }
}
