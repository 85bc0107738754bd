/**
 * The store's connection to its schema: a `pg` pool and the schema's migration, which every query waits for.
 * The schema is migrated in the background from the start (unless `migrate` is false); a failed migration is
 * reported by every call and by `ready()`, never as an unhandled rejection.
 */
import type pg from 'pg';
import { transaction } from './db.js';
import { migrateIn } from './migrations.js';

export class SchemaPool {
  readonly pool: pg.Pool;
  /** The schema's name, checked. */
  readonly schema: string;
  /** The schema quoted as an identifier, to write before a table's name in SQL. */
  readonly s: string;
  readonly #migrated: Promise<void>;

  constructor(pool: pg.Pool, schema: string, migrate: boolean) {
    this.pool = pool;
    this.schema = schema;
    this.s = `"${schema}"`;
    this.#migrated = migrate
      ? transaction(pool, (client) => migrateIn(client, schema)).then(() => undefined)
      : Promise.resolve();
    this.#migrated.catch(() => undefined);
  }

  /** Resolves once the schema is migrated; rejects if migrating failed. */
  readonly ready = (): Promise<void> => this.#migrated;

  async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    await this.#migrated;
    return this.pool.query<R>(text, values);
  }

  /** Runs `work` in one transaction, once the schema is migrated. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.#migrated;
    return transaction(this.pool, work);
  }
}
