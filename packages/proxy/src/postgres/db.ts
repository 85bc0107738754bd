/**
 * The connection side of the PostgreSQL store: a `pg` pool, the schema every table lives in, and
 * transactions that roll back on any error and retire a connection that broke mid-way.
 */
import pg from 'pg';

export type Queryable = Pick<pg.PoolClient, 'query'>;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name, checked: it is written into SQL as an identifier. */
export function checkSchema(schema: string): string {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new TypeError(
      'schema must be a lower-case PostgreSQL identifier (letters, digits, underscores; at most 63).',
    );
  }
  return schema;
}

/** A pool: the caller's, or one made from a connection string (then ours to end). */
export function openPool(options: { connectionString?: string; pool?: pg.Pool; max?: number }): {
  pool: pg.Pool;
  owned: boolean;
} {
  if (options.pool) return { pool: options.pool, owned: false };
  if (typeof options.connectionString !== 'string' || options.connectionString === '') {
    throw new TypeError('createPostgresStore needs a connectionString (or a pg Pool as `pool`).');
  }
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // An idle connection the server dropped must not crash the process; the next query gets a new one.
  pool.on('error', () => undefined);
  return { pool, owned: true };
}

/** Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      // The connection is unusable: retire it rather than hand it to the next caller.
      broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A bigint column as a number (every count and time here fits in 2^53). */
export const toNumber = (value: string | number): number =>
  typeof value === 'number' ? value : Number(value);
