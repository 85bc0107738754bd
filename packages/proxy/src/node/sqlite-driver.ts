/**
 * better-sqlite3 is an optional peer dependency of `@hexnode-offboard/proxy`: a deployment on PostgreSQL (or any
 * other `OffboardStore`) never installs it. It is loaded here on first use, with a synchronous `require` of the
 * CommonJS package, so `@hexnode-offboard/proxy/node` (the adapters) loads where it is missing, and a missing or
 * unbuilt driver is one clear error that names the fix.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';

const INSTALL =
  'The SQLite store needs better-sqlite3, an optional peer dependency of @hexnode-offboard/proxy: ' +
  'run `npm install better-sqlite3`, or pass `store` (your own OffboardStore, or createMemoryStore() for tests).';
const REBUILD =
  'better-sqlite3 is installed but its native part is not built (installed with --ignore-scripts?): ' +
  'run `npm rebuild better-sqlite3`.';

let driver: typeof Database | undefined;

function loadDriver(): typeof Database {
  if (driver) return driver;
  try {
    driver = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' && String(error).includes("'better-sqlite3'"))
      throw new Error(INSTALL, { cause: error });
    throw error;
  }
  return driver;
}

/** Opens the SQLite file at `path` (`:memory:` for none), creating its folder; throws before touching the disk if the driver is missing. */
export function openDatabase(path: string): Database.Database {
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
