/**
 * What only the PostgreSQL store has to show (the shared contract runs in store.test.ts and job-queue.test.ts):
 * versioned migrations applied once under a lock, one chain and one rate window across pools, text the
 * handler uses that PostgreSQL cannot hold as is, a clear failure without a server, and a worker killed
 * mid-job whose job still completes once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { HexnodeClient, HexnodeDirectory, OffboardingPlanner } from '@hexnode-offboard/core';
import {
  createJobWorker,
  createOffboardingExecutor,
  createTerminationWebhookHandler,
  verifyAuditLog,
  type OffboardResult,
} from '@hexnode-offboard/proxy';
import { createPostgresStore, migrate, SCHEMA_VERSION } from '@hexnode-offboard/proxy/postgres';
import { API_KEY, JANE, deviceIdsOf, useSimulator } from './support/harness.js';
import {
  DATABASE_URL,
  dropSchema,
  freshSchema,
  openPostgresStore,
  postgresTest,
} from './support/postgres.js';
import { auditEntry } from './support/stores.js';
import { NOW, SECRET, signedRequest, terminationEvent } from './support/webhooks.js';

const CHILD = fileURLToPath(new URL('./support/job-worker-child.ts', import.meta.url));

async function rows<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('PostgreSQL store: migrations', () => {
  postgresTest(
    'five instances opening one new schema at once migrate it once, and a later migrate has nothing to do',
    async () => {
      const schema = freshSchema();
      const stores = Array.from({ length: 5 }, () =>
        createPostgresStore({ connectionString: DATABASE_URL!, schema, max: 2 }),
      );
      try {
        await Promise.all(stores.map((store) => store.ready()));
        const applied = await rows<{ version: number; name: string }>(
          `SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`,
        );
        assert.deepEqual(
          applied.map((row) => row.version),
          Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1),
        );
        assert.deepEqual(await migrate({ connectionString: DATABASE_URL!, schema }), {
          applied: [],
          version: SCHEMA_VERSION,
        });
        await stores[0]!.appendAudit(auditEntry());
        assert.equal((await stores[4]!.readAudit()).length, 1, 'every instance sees one database');
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await dropSchema(schema);
      }
    },
  );

  postgresTest(
    'migrate() applies every version to a new schema; a store told not to migrate does not',
    async () => {
      const schema = freshSchema();
      try {
        const idle = createPostgresStore({ connectionString: DATABASE_URL!, schema, migrate: false });
        await idle.ready();
        await assert.rejects(idle.auditHead(), /does not exist/);
        await idle.close();
        const result = await migrate({ connectionString: DATABASE_URL!, schema });
        assert.deepEqual(
          result.applied,
          Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1),
        );
      } finally {
        await dropSchema(schema);
      }
    },
  );

  postgresTest(
    'a database migrated by a newer version of the kit is refused by migrate() and by a store opening it',
    async () => {
      const { store, schema, cleanup } = openPostgresStore();
      try {
        await store.ready();
        await rows(
          `INSERT INTO "${schema}".schema_migrations (version, name) VALUES ($1, 'from the future')`,
          [SCHEMA_VERSION + 1],
        );
        await assert.rejects(migrate({ connectionString: DATABASE_URL!, schema }), /newer than this version/);
        const reopened = createPostgresStore({ connectionString: DATABASE_URL!, schema });
        await assert.rejects(reopened.ready(), /newer than this version/);
        await assert.rejects(reopened.appendAudit(auditEntry()), /newer than this version/);
        await reopened.close();
      } finally {
        await cleanup();
      }
    },
  );
});

describe('PostgreSQL store: across pools', () => {
  postgresTest('appends from two pools at once form one unbroken chain', async () => {
    const first = openPostgresStore();
    const second = createPostgresStore({ connectionString: DATABASE_URL!, schema: first.schema });
    try {
      await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          (index % 2 ? first.store : second).appendAudit(auditEntry(), { durable: index % 3 !== 0 }),
        ),
      );
      assert.deepEqual(
        (await second.readAudit()).map((record) => record.seq),
        Array.from({ length: 100 }, (_, index) => index + 1),
      );
      assert.deepEqual(await verifyAuditLog(first.store, { pageSize: 33 }), { ok: true, records: 100 });
    } finally {
      await second.close();
      await first.cleanup();
    }
  });

  postgresTest(
    'twenty requests from two pools against a window of five: exactly five are allowed',
    async () => {
      const first = openPostgresStore();
      const second = createPostgresStore({ connectionString: DATABASE_URL!, schema: first.schema });
      try {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            (index % 2 ? first.store : second).consumeRateLimit({
              key: 'actions\u0000acme\u0000hr-1',
              limit: 5,
              windowMs: 60_000,
              now: NOW,
              eventId: `e${index}`,
            }),
          ),
        );
        assert.equal(results.filter((result) => result.allowed).length, 5);
      } finally {
        await second.close();
        await first.cleanup();
      }
    },
  );
});

describe('PostgreSQL store: text and failures', () => {
  postgresTest(
    'keys holding NUL and backslashes come back as they went in; the empty tenant is refused',
    async () => {
      const { store, cleanup } = openPostgresStore();
      try {
        const scope = { tenant: 'ac\\0me', actorId: '\u0000employee', key: 'jane\\\u0000x' };
        assert.deepEqual(
          await store.claimIdempotencyKey({ ...scope, fingerprint: 'f', now: 0, ttlMs: 1000 }),
          {
            status: 'claimed',
          },
        );
        const record = await store.getIdempotencyRecord(scope);
        assert.deepEqual(
          [record?.tenant, record?.actorId, record?.key],
          [scope.tenant, scope.actorId, scope.key],
        );
        assert.equal(
          await store.getIdempotencyRecord({ ...scope, tenant: 'ac\u0000me' }),
          null,
          'the escape of one string never equals another string',
        );
        // The store contract refuses the empty tenant (a SQL key column cannot tell it from "no tenant").
        const empty = { tenant: '', actorId: 'a', key: 'k' };
        await assert.rejects(
          store.claimIdempotencyKey({ ...empty, fingerprint: 'f', now: 0, ttlMs: 1000 }),
          TypeError,
        );
        assert.deepEqual(
          await store.claimIdempotencyKey({ ...empty, tenant: null, fingerprint: 'g', now: 0, ttlMs: 1000 }),
          { status: 'claimed' },
        );
        await store.appendAudit(auditEntry({ tenant: 'x\u0000y', actionId: 'act_a' }));
        assert.equal((await store.readAudit({ tenant: 'x\u0000y' })).length, 1);
      } finally {
        await cleanup();
      }
    },
  );

  test('options that cannot work are refused at creation', () => {
    assert.throws(() => createPostgresStore({ connectionString: '' }), TypeError);
    assert.throws(
      () => createPostgresStore({ connectionString: 'postgresql://x@127.0.0.1/db', schema: 'Bad-Name' }),
      /schema/,
    );
  });

  test('without a server, ready() and every call reject with the connection error instead of hanging', async () => {
    const store = createPostgresStore({ connectionString: 'postgresql://nobody@127.0.0.1:1/none' });
    try {
      await assert.rejects(store.ready(), /ECONNREFUSED|connect/);
      await assert.rejects(store.appendAudit(auditEntry()), /ECONNREFUSED|connect/);
      await assert.rejects(
        store.claimJobs({ workerId: 'w', now: 0, limit: 1, leaseMs: 1 }),
        /ECONNREFUSED|connect/,
      );
    } finally {
      await store.close();
    }
  });
});

describe('PostgreSQL store: jobs end to end', () => {
  const sim = useSimulator();
  const plannerFor = () => {
    const client = new HexnodeClient({ baseUrl: sim.url, apiKey: API_KEY, retry: false });
    return new OffboardingPlanner({ client, directory: new HexnodeDirectory(client) });
  };

  postgresTest(
    'a signed involuntary termination is stored, run by a worker and audited in one verifiable chain',
    async () => {
      const { store, cleanup } = openPostgresStore();
      try {
        const webhook = createTerminationWebhookHandler({
          queue: store,
          endpoint: {
            tenant: 'acme',
            secrets: [SECRET],
            policy: { actions: { involuntary: { action: 'lock' } } },
          },
          now: () => NOW,
        });
        const text = JSON.stringify(terminationEvent({ terminationType: 'involuntary' }));
        assert.equal((await webhook(signedRequest(text))).status, 202);
        const planner = plannerFor();
        const worker = createJobWorker({
          queue: store,
          executors: {
            offboard: createOffboardingExecutor({ store, planner: () => planner, now: () => NOW }),
          },
          now: () => NOW,
        });
        assert.equal(await worker.drain(), 1);
        const [job] = await store.listJobs();
        assert.equal(job?.state, 'done');
        assert.equal((job?.result as OffboardResult).sent.length, 3);
        assert.equal(sim.simulator.actionsSent().length, 1);
        assert.deepEqual(await verifyAuditLog(store), { ok: true, records: 2 });
      } finally {
        await cleanup();
      }
    },
  );

  postgresTest(
    'a worker killed with SIGKILL mid-job: another worker completes the job and no device is acted on twice',
    async () => {
      const { store, schema, cleanup } = openPostgresStore();
      const leaseMs = 1500;
      // Every Hexnode answer takes a while, so the child is mid-job when it dies.
      sim.simulator.setFaults({ latencyMs: 150 });
      const child = spawn(
        process.execPath,
        ['--conditions=@hexnode-offboard/source', '--import', 'tsx', CHILD, schema, sim.url, String(leaseMs)],
        { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL } },
      );
      try {
        await once(createInterface({ input: child.stdout! }), 'line');
        const { job } = await store.enqueueJob(
          {
            kind: 'offboard',
            tenant: 'acme',
            dedupeKey: 'kill-9',
            payload: {
              terminationId: 'term-kill',
              employee: { email: JANE },
              action: 'lock',
              options: {},
              reason: null,
              source: 'schedule',
              webhookId: null,
              terminationType: null,
            },
            runAt: Date.now(),
          },
          Date.now(),
        );
        // Killed right after its intent record is stored, before it could record the outcome.
        while ((await store.readAudit({ events: ['action'] })).length === 0) await delay(5);
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        assert.deepEqual(await exited, [null, 'SIGKILL']);
        assert.equal((await store.getJob(job.id))?.state, 'running', 'the dead worker still holds it');

        sim.simulator.setFaults({ latencyMs: 0 });
        const planner = plannerFor();
        const worker = createJobWorker({
          queue: store,
          executors: {
            offboard: createOffboardingExecutor({ store, planner: () => planner, lockTtlMs: leaseMs }),
          },
          leaseMs,
        });
        for (
          let waited = 0;
          (await store.getJob(job.id))?.state !== 'done' && waited < 20_000;
          waited += 50
        ) {
          await worker.runOnce();
          await delay(50);
        }
        const done = await store.getJob(job.id);
        assert.equal(done?.state, 'done');
        assert.equal(done?.attempts, 2);
        const result = done?.result as OffboardResult;
        const janes = deviceIdsOf(sim.simulator, JANE).sort((a, b) => a - b);
        assert.deepEqual(
          [...result.sent, ...result.uncertain, ...result.earlier].sort((a, b) => a - b),
          janes,
        );
        const named = sim.simulator
          .actionsSent()
          .flatMap((entry) => (entry.body as { devices: number[] }).devices);
        assert.equal(new Set(named).size, named.length, `no device named twice: ${named.join(', ')}`);
        assert.deepEqual(await verifyAuditLog(store), {
          ok: true,
          records: (await store.readAudit()).length,
        });
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await cleanup();
      }
    },
  );
});
