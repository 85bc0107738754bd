/**
 * The directory index's snapshots in SQLite (the store's file: table `directory_index`, one row per portal),
 * so that a restart, or another process on the file, answers previews without reading Hexnode's lists again.
 */
import type { DirectoryIndexStore, DirectorySnapshot } from '@hexnode-offboard/core';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { decodeSnapshot, encodeSnapshot } from '../store/snapshot-codec.js';

export class SqliteDirectoryIndexStore implements DirectoryIndexStore {
  readonly #load: SqliteStatement<[string], { snapshot: Uint8Array }>;
  readonly #save: SqliteStatement<[string, number, Buffer]>;

  /** Over a database whose schema (sqlite-schema.ts) has the `directory_index` table. */
  constructor(db: SqliteDatabase) {
    this.#load = db.prepare('SELECT snapshot FROM directory_index WHERE key = ?');
    this.#save = db.prepare(
      `INSERT INTO directory_index (key, built_at, snapshot) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET built_at = excluded.built_at, snapshot = excluded.snapshot
       WHERE excluded.built_at >= directory_index.built_at`,
    );
  }

  async load(key: string): Promise<DirectorySnapshot | undefined> {
    const row = this.#load.get(key);
    return row === undefined ? undefined : await decodeSnapshot(row.snapshot);
  }

  /** Replaces the portal's snapshot unless the stored one is newer (another process built it later). */
  async save(key: string, snapshot: DirectorySnapshot): Promise<void> {
    const bytes = await encodeSnapshot(snapshot);
    this.#save.run(key, snapshot.builtAt, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}
