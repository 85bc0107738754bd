/**
 * When the SQLite store's commits reach the disk. Every commit is in the WAL (it survives `kill -9`) as soon as it
 * returns; a FULL commit is also fsynced before it returns, and since the WAL is append-only that one fsync makes
 * every earlier commit durable too. A commit at NORMAL gets its fsync from a background flush within `flushAfterMs`.
 */
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';

export type SyncLevel = 'FULL' | 'NORMAL';

export class SqliteCommits {
  readonly #db: SqliteDatabase;
  readonly #flushAfterMs: number;
  readonly #busyTimeoutMs: number;
  #setFlushedAt: SqliteStatement<[string]> | undefined;
  // The connection's current synchronous level; switched per write (better-sqlite3 is synchronous, so nothing
  // else runs between the switch and the commit).
  #level: SyncLevel;
  // Set while a commit is in the WAL but not yet fsynced: the background flush that will fsync it.
  #pendingFlush: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(db: SqliteDatabase, options: { flushAfterMs: number; busyTimeoutMs: number }) {
    this.#db = db;
    this.#flushAfterMs = options.flushAfterMs;
    this.#busyTimeoutMs = options.busyTimeoutMs;
    db.pragma('synchronous = FULL');
    this.#level = 'FULL';
    db.pragma(`busy_timeout = ${this.#busyTimeoutMs}`);
  }

  /** Sets the level of the commit about to run; a commit without its own fsync gets one within flushAfterMs. */
  sync(wanted: SyncLevel): void {
    if (this.#level !== wanted) {
      this.#db.pragma(`synchronous = ${wanted}`);
      this.#level = wanted;
    }
    if (wanted === 'NORMAL') this.#pendingFlush ??= setTimeout(this.#flushLater, this.#flushAfterMs).unref();
  }

  /** Runs a commit at the given level. Once a FULL commit is through, its fsync has covered every earlier one. */
  commit<T>(wanted: SyncLevel, run: () => T): T {
    this.sync(wanted);
    const result = run();
    if (wanted === 'FULL') {
      clearTimeout(this.#pendingFlush);
      this.#pendingFlush = undefined;
    }
    return result;
  }

  /**
   * Stops the background flush, first fsyncing what it was waiting for. If another process holds the file past
   * the busy timeout, the records stay in the WAL: they survive a crash of this process, and the next writer's
   * fsync makes them durable.
   */
  close(): void {
    if (this.#closed) return;
    if (this.#pendingFlush !== undefined) this.#flush(true);
    clearTimeout(this.#pendingFlush);
    this.#closed = true;
  }

  readonly #flushLater = () => this.#flush(false);

  /**
   * Fsyncs the WAL with one tiny FULL commit. In the background it never waits for another process's lock (that
   * would block the event loop): when the file is busy it tries again after another `flushAfterMs`. `close()`
   * waits for the lock like any write.
   */
  #flush(wait: boolean): void {
    clearTimeout(this.#pendingFlush);
    this.#pendingFlush = undefined;
    if (this.#closed) return;
    if (!wait) this.#db.pragma('busy_timeout = 0');
    try {
      // Prepared on first use: the schema (its meta table) is created after the connection's levels are set.
      this.#setFlushedAt ??= this.#db.prepare<[string]>(
        `INSERT INTO meta (key, value) VALUES ('flushed_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      );
      const setFlushedAt = this.#setFlushedAt;
      this.commit('FULL', () => setFlushedAt.run(new Date().toISOString()));
    } catch {
      if (!wait) this.#pendingFlush = setTimeout(this.#flushLater, this.#flushAfterMs).unref();
    } finally {
      if (!wait) this.#db.pragma(`busy_timeout = ${this.#busyTimeoutMs}`);
    }
  }
}
