/**
 * The PostgreSQL schema, as numbered migrations. `migrate` applies the missing ones in one transaction
 * under an advisory lock, and records each in `schema_migrations`: several instances starting at once
 * migrate once, and a failed migration leaves the database as it was. Never edit a released migration;
 * add the next number.
 */
import type pg from 'pg';
import { GENESIS_HASH } from '../audit/chain.js';
import { checkSchema, openPool, transaction, type Queryable } from './db.js';

export interface Migration {
  version: number;
  name: string;
  /** The statements, for the schema `s` (already quoted). */
  sql(s: string): string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit chain, idempotency records, rate-limit events',
    sql: (s) => `
      CREATE TABLE ${s}.audit (
        seq bigint PRIMARY KEY,
        id text NOT NULL UNIQUE,
        time text NOT NULL,
        tenant text,
        employee_email text,
        event text NOT NULL,
        outcome text NOT NULL,
        action_id text,
        record text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_employee ON ${s}.audit (employee_email, event);
      CREATE INDEX audit_action ON ${s}.audit (action_id);
      CREATE INDEX audit_tenant ON ${s}.audit (tenant, seq);
      -- One row: the chain's head. Appends lock it (SELECT ... FOR UPDATE), so the chain never forks.
      CREATE TABLE ${s}.audit_head (
        id integer PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL
      );
      INSERT INTO ${s}.audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}');
      -- "No tenant" and a tenant are told apart by has_tenant (a primary key column cannot be NULL).
      CREATE TABLE ${s}.idempotency (
        has_tenant boolean NOT NULL,
        tenant text NOT NULL,
        actor_id text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
        response text,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        PRIMARY KEY (has_tenant, tenant, actor_id, key)
      );
      CREATE INDEX idempotency_expiry ON ${s}.idempotency (expires_at);
      CREATE TABLE ${s}.rate_events (
        key text NOT NULL,
        id text NOT NULL,
        at bigint NOT NULL,
        PRIMARY KEY (key, id)
      );
      CREATE INDEX rate_events_window ON ${s}.rate_events (key, at);
      CREATE INDEX rate_events_age ON ${s}.rate_events (at);
    `,
  },
  {
    version: 2,
    name: 'jobs',
    sql: (s) => `
      CREATE TABLE ${s}.jobs (
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        id text PRIMARY KEY,
        kind text NOT NULL,
        tenant text,
        dedupe_key text NOT NULL UNIQUE,
        payload text NOT NULL,
        state text NOT NULL CHECK (state IN ('scheduled', 'running', 'done', 'dead')),
        run_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL,
        last_error text,
        result text,
        locked_by text,
        locked_until bigint,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        finished_at bigint
      );
      CREATE INDEX jobs_due ON ${s}.jobs (run_at) WHERE state = 'scheduled';
      CREATE INDEX jobs_lease ON ${s}.jobs (locked_until) WHERE state = 'running';
      CREATE INDEX jobs_list ON ${s}.jobs (state, seq);
    `,
  },
  {
    version: 3,
    name: 'locks',
    sql: (s) => `
      CREATE TABLE ${s}.locks (
        has_tenant boolean NOT NULL,
        tenant text NOT NULL,
        name text NOT NULL,
        owner text NOT NULL,
        expires_at bigint NOT NULL,
        PRIMARY KEY (has_tenant, tenant, name)
      );
      CREATE INDEX locks_age ON ${s}.locks (expires_at);
    `,
  },
  {
    version: 4,
    name: 'hexnode budget',
    sql: (s) => `
      -- The calls still holding a window slot, per portal (key): until a window after their answer.
      CREATE TABLE ${s}.budget_calls (
        id text PRIMARY KEY,
        key text NOT NULL,
        taken_at bigint NOT NULL,
        answered_at bigint
      );
      CREATE INDEX budget_calls_key ON ${s}.budget_calls (key);
      -- The day's calls, counted in buckets of a window each.
      CREATE TABLE ${s}.budget_days (
        key text NOT NULL,
        bucket bigint NOT NULL,
        calls integer NOT NULL,
        PRIMARY KEY (key, bucket)
      );
      -- Until when Hexnode asked to wait (a 429), per portal.
      CREATE TABLE ${s}.budget_blocks (key text PRIMARY KEY, until bigint NOT NULL);
    `,
  },
  {
    version: 5,
    name: 'jobs awaiting approval',
    sql: (s) => `
      -- The two-person rule: a job held for a second approver, and its approval record (JSON).
      ALTER TABLE ${s}.jobs DROP CONSTRAINT jobs_state_check;
      ALTER TABLE ${s}.jobs ADD CONSTRAINT jobs_state_check
        CHECK (state IN ('scheduled', 'running', 'awaiting_approval', 'done', 'dead'));
      ALTER TABLE ${s}.jobs ADD COLUMN approval text;
      CREATE INDEX jobs_awaiting ON ${s}.jobs (tenant, seq) WHERE state = 'awaiting_approval';
      `,
  },
  {
    version: 6,
    name: 'action trackers',
    sql: (s) => `
      -- One tracker per sent action: its devices' last snapshot, its next check and who holds it (a lease).
      CREATE TABLE ${s}.action_trackers (
        action_id text PRIMARY KEY,
        tenant text,
        portal text NOT NULL,
        sent_at bigint NOT NULL,
        devices jsonb NOT NULL,
        checked_at bigint,
        next_check_at bigint,
        tracked_until bigint NOT NULL,
        lease_owner text,
        lease_until bigint
      );
      CREATE INDEX action_trackers_due ON ${s}.action_trackers (next_check_at) WHERE next_check_at IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'directory index',
    sql: (s) => `
      -- The Hexnode directory index's snapshot per portal (deflated JSON), so a restart reads no list.
      CREATE TABLE ${s}.directory_index (
        key text PRIMARY KEY,
        built_at bigint NOT NULL,
        snapshot bytea NOT NULL
      );
    `,
  },
];

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

export interface MigrateOptions {
  /** A connection string, or a pg Pool (left open). */
  connectionString?: string;
  pool?: pg.Pool;
  /** The schema holding every table. Default `hexnode_offboard`. */
  schema?: string;
}

export interface MigrateResult {
  /** The versions applied now (empty when the schema was up to date). */
  applied: number[];
  version: number;
}

/**
 * Brings the schema up to date. Safe to run from every instance at start: the first takes an advisory lock
 * and migrates; the others wait for it and find nothing left to do. Refuses a database that a newer
 * version of the kit has migrated further.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const schema = checkSchema(options.schema ?? 'hexnode_offboard');
  const { pool, owned } = openPool(options);
  try {
    return await transaction(pool, (client) => migrateIn(client, schema));
  } finally {
    if (owned) await pool.end();
  }
}

export async function migrateIn(client: Queryable, schema: string): Promise<MigrateResult> {
  const s = `"${schema}"`;
  // Held until this transaction ends; keyed on the schema, so stores in other schemas do not wait.
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `hexnode-offboard:migrate:${schema}`,
  ]);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
       version integer PRIMARY KEY,
       name text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`);
  const done = new Set(rows.map((row) => row.version));
  const newest = Math.max(0, ...done);
  if (newest > SCHEMA_VERSION) {
    throw new Error(
      `The database schema "${schema}" is at version ${newest}, newer than this version of @hexnode-offboard/proxy knows (${SCHEMA_VERSION}): upgrade the package.`,
    );
  }
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    await client.query(migration.sql(s));
    await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [
      migration.version,
      migration.name,
    ]);
    applied.push(migration.version);
  }
  return { applied, version: SCHEMA_VERSION };
}
