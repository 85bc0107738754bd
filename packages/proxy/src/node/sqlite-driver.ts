/**
 * better-sqlite3 is an optional peer dependency of `@hexnode-offboard/proxy`: a deployment on PostgreSQL (or any
 * other `OffboardStore`) never installs it. It is loaded here on first use, with a synchronous `require` of the
 * CommonJS package, so `@hexnode-offboard/proxy/node` (the adapters) loads where it is missing, and a missing or
 * unbuilt driver is one clear error that names the fix.
 *
 * The database is described here by the few members the kit uses (`SqliteDatabase`), not by better-sqlite3's own
 * types: the published declarations never import them, so an app without `@types/better-sqlite3` type-checks.
 * A better-sqlite3 `Database` fits the shape.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** A prepared statement: `P` its parameters, `R` a row. */
export interface SqliteStatement<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P): unknown;
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

/** A function run in a transaction; `immediate` begins it with `BEGIN IMMEDIATE` (takes the write lock first). */
export interface SqliteTransaction<A, R> {
  (...params: A & unknown[]): R;
  immediate(...params: A & unknown[]): R;
}

/** A function's parameters, spelt as better-sqlite3 spells them (so its `Database` fits the shape below). */
type ArgumentsOf<F> = F extends (...args: infer A) => unknown ? A : never;

/** The part of a better-sqlite3 `Database` the SQLite store and budget store use. */
export interface SqliteDatabase {
  prepare<P extends unknown[] = unknown[], R = unknown>(source: string): SqliteStatement<P, R>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- better-sqlite3's own constraint, so its Database fits
  transaction<F extends (...params: any[]) => unknown>(
    fn: F,
  ): SqliteTransaction<ArgumentsOf<F>, ReturnType<F>>;
  exec(source: string): unknown;
  pragma(source: string): unknown;
  close(): unknown;
}

type Driver = new (path: string) => SqliteDatabase;

const INSTALL =
  'The SQLite store needs better-sqlite3, an optional peer dependency of @hexnode-offboard/proxy: ' +
  'run `npm install better-sqlite3`, or pass `store` (your own OffboardStore, or createMemoryStore() for tests).';
const REBUILD =
  'better-sqlite3 is installed but its native part is not built (installed with --ignore-scripts?): ' +
  'run `npm rebuild better-sqlite3`.';

let driver: Driver | undefined;

function loadDriver(): Driver {
  if (driver) return driver;
  try {
    driver = createRequire(import.meta.url)('better-sqlite3') as Driver;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' && String(error).includes("'better-sqlite3'"))
      throw new Error(INSTALL, { cause: error });
    throw error;
  }
  return driver;
}

/** Opens the SQLite file at `path` (`:memory:` for none), creating its folder; throws before touching the disk if the driver is missing. */
export function openDatabase(path: string): SqliteDatabase {
  const Driver = loadDriver();
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  try {
    return new Driver(path);
  } catch (error) {
    if (String(error).includes('Could not locate the bindings file'))
      throw new Error(REBUILD, { cause: error });
    throw error;
  }
}
