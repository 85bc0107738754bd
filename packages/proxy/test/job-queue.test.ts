/**
 * The job queue contract, run over the memory queue, the SQLite queue (the embedded default) and (when a server is
 * there) the PostgreSQL store; and claims racing across processes on SQLite and PostgreSQL.
 *
 * Over 300 lines: one contract for three queues is read best in one place, every queue answering every case.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createMemoryJobQueue, type JobQueue, type NewJob } from '@hexnode-offboard/proxy';
import { createSqliteJobQueue, createSqliteStore } from '@hexnode-offboard/proxy/sqlite';
import { DATABASE_URL, openPostgresStore, postgresTest, POSTGRES_SKIPPED } from './support/postgres.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

interface QueueFixture {
  name: string;
  open(): { queue: JobQueue; cleanup(): Promise<void> };
}

const tempFile = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'hexnode-offboard-jobs-'));
  return { path: join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

const QUEUES: QueueFixture[] = [
  {
    name: 'memory job queue',
    open: () => ({ queue: createMemoryJobQueue(), cleanup: async () => undefined }),
  },
  {
    name: 'SQLite job queue',
    open: () => {
      const file = tempFile('jobs.db');
      const queue = createSqliteJobQueue(file.path);
      return {
        queue,
        cleanup: async () => {
          queue.close();
          file.remove();
        },
      };
    },
  },
  ...(DATABASE_URL
    ? [
        {
          name: 'PostgreSQL job queue',
          open: () => {
            const { store, cleanup } = openPostgresStore();
            return { queue: store, cleanup };
          },
        },
      ]
    : []),
];

const job = (overrides: Partial<NewJob> = {}): NewJob => ({
  kind: 'offboard',
  tenant: 'acme',
  dedupeKey: `key-${crypto.randomUUID()}`,
  payload: { employee: 'jane.leaver@acme.example' },
  runAt: T0,
  ...overrides,
});

for (const fixture of QUEUES) {
  describe(fixture.name, () => {
    const withQueue = (fn: (queue: JobQueue) => Promise<void>) => async () => {
      const opened = fixture.open();
      try {
        await fn(opened.queue);
      } finally {
        await opened.cleanup();
      }
    };
    const claim = (queue: JobQueue, now: number, workerId = 'w1', limit = 10) =>
      queue.claimJobs({ workerId, now, limit, leaseMs: MINUTE });

    test(
      'enqueueing one dedupe key three times stores one job and returns it each time',
      withQueue(async (queue) => {
        const results = [];
        for (let index = 0; index < 3; index++)
          results.push(await queue.enqueueJob(job({ dedupeKey: 'hook-1' }), T0));
        assert.deepEqual(
          results.map((result) => result.created),
          [true, false, false],
        );
        assert.equal(new Set(results.map((result) => result.job.id)).size, 1);
        assert.equal((await queue.listJobs()).length, 1);
        const [stored] = results;
        assert.deepEqual(
          { ...stored!.job, id: 'x' },
          {
            id: 'x',
            kind: 'offboard',
            tenant: 'acme',
            dedupeKey: 'hook-1',
            payload: { employee: 'jane.leaver@acme.example' },
            state: 'scheduled',
            runAt: T0,
            attempts: 0,
            maxAttempts: 20,
            lastError: null,
            result: null,
            lockedBy: null,
            lockedUntil: null,
            createdAt: T0,
            updatedAt: T0,
            finishedAt: null,
          },
        );
      }),
    );

    test(
      'a job is claimed only once its time has come, and then by one worker at a time',
      withQueue(async (queue) => {
        const { job: later } = await queue.enqueueJob(job({ runAt: T0 + 10 * MINUTE }), T0);
        assert.deepEqual(await claim(queue, T0 + 10 * MINUTE - 1), []);
        const [claimed] = await claim(queue, T0 + 10 * MINUTE);
        assert.equal(claimed?.id, later.id);
        assert.equal(claimed?.state, 'running');
        assert.equal(claimed?.attempts, 1);
        assert.equal(claimed?.lockedBy, 'w1');
        assert.equal(claimed?.lockedUntil, T0 + 11 * MINUTE);
        assert.deepEqual(await claim(queue, T0 + 10 * MINUTE + 1, 'w2'), [], 'held by w1');
      }),
    );

    test(
      'claims take the oldest due jobs first, at most the limit, and only the kinds asked for',
      withQueue(async (queue) => {
        const c = await queue.enqueueJob(job({ runAt: T0 + 3 }), T0);
        const a = await queue.enqueueJob(job({ runAt: T0 + 1 }), T0);
        const other = await queue.enqueueJob(job({ runAt: T0, kind: 'report' }), T0);
        const b = await queue.enqueueJob(job({ runAt: T0 + 2 }), T0);
        const first = await queue.claimJobs({
          workerId: 'w1',
          now: T0 + 5,
          limit: 2,
          leaseMs: MINUTE,
          kinds: ['offboard'],
        });
        assert.deepEqual(
          first.map((claimed) => claimed.id),
          [a.job.id, b.job.id],
        );
        const rest = await claim(queue, T0 + 5);
        assert.deepEqual(rest.map((claimed) => claimed.id).sort(), [c.job.id, other.job.id].sort());
      }),
    );

    test(
      'a job whose worker stopped answering is claimed again when its lease runs out, and dead-lettered after its last attempt',
      withQueue(async (queue) => {
        const { job: stored } = await queue.enqueueJob(job({ maxAttempts: 2 }), T0);
        await claim(queue, T0, 'w1');
        const [again] = await claim(queue, T0 + MINUTE, 'w2');
        assert.equal(again?.id, stored.id);
        assert.equal(again?.attempts, 2);
        assert.equal(again?.lockedBy, 'w2');
        assert.equal(
          await queue.completeJob({ id: stored.id, workerId: 'w1', now: T0 + MINUTE, result: 1 }),
          false,
          'w1 lost it',
        );
        assert.deepEqual(await claim(queue, T0 + 2 * MINUTE, 'w3'), []);
        const dead = await queue.getJob(stored.id);
        assert.equal(dead?.state, 'dead');
        assert.match(dead?.lastError ?? '', /^worker_lost: .*attempt 2 of 2/);
      }),
    );

    test(
      'the worker holding a job extends its lease, completes it with a result, and nobody else can',
      withQueue(async (queue) => {
        const { job: stored } = await queue.enqueueJob(job(), T0);
        await claim(queue, T0, 'w1');
        assert.equal(
          await queue.extendJobLease({ id: stored.id, workerId: 'w2', now: T0, leaseMs: MINUTE }),
          false,
        );
        assert.equal(
          await queue.extendJobLease({ id: stored.id, workerId: 'w1', now: T0 + 50_000, leaseMs: MINUTE }),
          true,
        );
        assert.deepEqual(await claim(queue, T0 + MINUTE, 'w2'), [], 'the extended lease still holds');
        assert.equal(
          await queue.completeJob({ id: stored.id, workerId: 'w2', now: T0 + MINUTE, result: 'x' }),
          false,
        );
        assert.equal(
          await queue.completeJob({
            id: stored.id,
            workerId: 'w1',
            now: T0 + MINUTE,
            result: { sent: [41, 42] },
          }),
          true,
        );
        const done = await queue.getJob(stored.id);
        assert.deepEqual(
          [done?.state, done?.result, done?.finishedAt, done?.lockedBy],
          ['done', { sent: [41, 42] }, T0 + MINUTE, null],
        );
        assert.deepEqual(await claim(queue, T0 + 10 * MINUTE, 'w2'), [], 'a done job is never claimed again');
      }),
    );

    test(
      'a failed attempt is scheduled again with its reason; a refunded attempt does not count; a final failure is a dead letter that can be requeued',
      withQueue(async (queue) => {
        const { job: stored } = await queue.enqueueJob(job(), T0);
        await claim(queue, T0);
        assert.equal(
          await queue.failJob({
            id: stored.id,
            workerId: 'w1',
            now: T0 + 1,
            error: 'hexnode_unavailable: 503',
            retryAt: T0 + MINUTE,
          }),
          true,
        );
        let current = await queue.getJob(stored.id);
        assert.deepEqual(
          [current?.state, current?.runAt, current?.attempts, current?.lastError],
          ['scheduled', T0 + MINUTE, 1, 'hexnode_unavailable: 503'],
        );
        await claim(queue, T0 + MINUTE);
        await queue.failJob({
          id: stored.id,
          workerId: 'w1',
          now: T0 + MINUTE,
          error: 'hexnode_throttled: wait',
          retryAt: T0 + 2 * MINUTE,
          refundAttempt: true,
        });
        assert.equal((await queue.getJob(stored.id))?.attempts, 1, 'the wait for Hexnode did not count');
        await claim(queue, T0 + 2 * MINUTE);
        await queue.failJob({
          id: stored.id,
          workerId: 'w1',
          now: T0 + 2 * MINUTE,
          error: 'employee_not_found: no user',
          retryAt: null,
        });
        current = await queue.getJob(stored.id);
        assert.deepEqual(
          [current?.state, current?.lastError, current?.finishedAt],
          ['dead', 'employee_not_found: no user', T0 + 2 * MINUTE],
        );
        const letters = await queue.listJobs({ state: 'dead' });
        assert.deepEqual(
          letters.map((letter) => [letter.id, letter.lastError]),
          [[stored.id, 'employee_not_found: no user']],
        );
        assert.deepEqual(await claim(queue, T0 + 10 * MINUTE), [], 'a dead job is never claimed');
        assert.equal(await queue.requeueJob(stored.id, T0 + 20 * MINUTE, T0 + 10 * MINUTE), true);
        const [requeued] = await claim(queue, T0 + 20 * MINUTE);
        assert.deepEqual([requeued?.id, requeued?.attempts], [stored.id, 1]);
      }),
    );

    test(
      'jobs are listed newest first, by state, tenant and kind',
      withQueue(async (queue) => {
        const a = await queue.enqueueJob(job({ tenant: 'acme' }), T0);
        const b = await queue.enqueueJob(job({ tenant: null }), T0 + 1);
        const c = await queue.enqueueJob(job({ tenant: 'acme', kind: 'report' }), T0 + 2);
        assert.deepEqual(
          (await queue.listJobs()).map((listed) => listed.id),
          [c.job.id, b.job.id, a.job.id],
        );
        assert.deepEqual(
          (await queue.listJobs({ tenant: null })).map((listed) => listed.id),
          [b.job.id],
        );
        assert.deepEqual(
          (await queue.listJobs({ tenant: 'acme', kind: 'offboard' })).map((listed) => listed.id),
          [a.job.id],
        );
        assert.deepEqual(
          (await queue.listJobs({ limit: 1 })).map((listed) => listed.id),
          [c.job.id],
        );
        assert.deepEqual(await queue.listJobs({ state: 'running' }), []);
      }),
    );

    test(
      'a malformed job is refused with a TypeError and nothing is stored',
      withQueue(async (queue) => {
        for (const bad of [
          job({ kind: '' }),
          job({ dedupeKey: '' }),
          job({ tenant: '' }),
          job({ runAt: Number.NaN }),
          job({ maxAttempts: 0 }),
        ]) {
          await assert.rejects(queue.enqueueJob(bad, T0), TypeError);
        }
        assert.deepEqual(await queue.listJobs(), []);
      }),
    );

    // The two-person rule: a job held for a second approver.
    const approval = {
      reasons: ['too_many_devices' as const],
      action: 'wipe',
      deviceIds: [11, 12, 13],
      group: null,
      requestedBy: 'hr-1',
    };
    const held = async (queue: JobQueue) => {
      const { job: stored } = await queue.enqueueJob(job(), T0);
      await claim(queue, T0);
      assert.equal(await queue.holdJob({ id: stored.id, workerId: 'w1', now: T0 + 1, approval }), true);
      return stored.id;
    };
    const by = (id: string) => ({ id, name: `Person ${id}` });

    test(
      'a held job waits with what it would do, is never claimed, and its attempt does not count',
      withQueue(async (queue) => {
        const { job: stored } = await queue.enqueueJob(job(), T0);
        await claim(queue, T0);
        const lease = { id: stored.id, now: T0 + 1, approval };
        assert.equal(
          await queue.holdJob({ ...lease, workerId: 'w2' }),
          false,
          'only the lease holder holds it',
        );
        assert.equal(await queue.holdJob({ ...lease, workerId: 'w1' }), true);
        const waiting = await queue.getJob(stored.id);
        assert.deepEqual(
          [waiting?.state, waiting?.attempts, waiting?.lockedBy, waiting?.lockedUntil],
          ['awaiting_approval', 0, null, null],
        );
        assert.deepEqual(waiting?.approval, {
          ...approval,
          heldAt: T0 + 1,
          decision: null,
          decidedBy: null,
          decidedAt: null,
          note: null,
        });
        assert.deepEqual(await claim(queue, T0 + 60 * MINUTE), [], 'never claimed while held');
        assert.deepEqual(
          (await queue.listJobs({ state: 'awaiting_approval' })).map((listed) => listed.id),
          [stored.id],
        );
      }),
    );

    test(
      'an approval by its requester is refused; by a second person the job runs now, once; repeating it changes nothing',
      withQueue(async (queue) => {
        const id = await held(queue);
        const own = await queue.decideJob({ id, decision: 'approved', by: by('hr-1'), now: T0 + 2 });
        assert.equal(own.outcome, 'requester');
        assert.equal((await queue.getJob(id))?.state, 'awaiting_approval');
        const other = await queue.decideJob({
          id,
          decision: 'approved',
          by: by('hr-2'),
          note: 'ok',
          now: T0 + 3,
        });
        assert.equal(other.outcome, 'decided');
        assert.deepEqual(
          [
            other.job?.state,
            other.job?.runAt,
            other.job?.approval?.decidedBy,
            other.job?.approval?.decidedAt,
          ],
          ['scheduled', T0 + 3, by('hr-2'), T0 + 3],
        );
        const again = await queue.decideJob({ id, decision: 'approved', by: by('hr-2'), now: T0 + 4 });
        assert.equal(again.outcome, 'unchanged');
        const [claimed] = await claim(queue, T0 + 4);
        assert.equal(claimed?.id, id);
        assert.equal(claimed?.approval?.decision, 'approved', 'the executor sees the approval');
        assert.deepEqual(claimed?.approval?.deviceIds, [11, 12, 13]);
        const third = await queue.decideJob({ id, decision: 'rejected', by: by('hr-3'), now: T0 + 5 });
        assert.equal(third.outcome, 'not_awaiting');
      }),
    );

    test(
      'two approvers deciding at once: one decides, the other finds the job no longer waiting',
      withQueue(async (queue) => {
        const id = await held(queue);
        const results = await Promise.all([
          queue.decideJob({ id, decision: 'approved', by: by('hr-2'), now: T0 + 2 }),
          queue.decideJob({ id, decision: 'rejected', by: by('hr-3'), note: 'no', now: T0 + 2 }),
        ]);
        assert.deepEqual(results.map((result) => result.outcome).sort(), ['decided', 'not_awaiting']);
        const winner = results.find((result) => result.outcome === 'decided')!.job!;
        assert.deepEqual((await queue.getJob(id))?.state, winner.state);
      }),
    );

    test(
      'a rejection ends the job as dead with its reason; another tenant or an unknown job is not found',
      withQueue(async (queue) => {
        const id = await held(queue);
        const elsewhere = {
          id,
          decision: 'rejected' as const,
          by: by('gx-1'),
          now: T0 + 2,
          tenant: 'globex',
        };
        assert.deepEqual(await queue.decideJob(elsewhere), { outcome: 'not_found', job: null });
        assert.deepEqual(await queue.decideJob({ ...elsewhere, id: 'job_nope', tenant: undefined }), {
          outcome: 'not_found',
          job: null,
        });
        const rejected = await queue.decideJob({
          id,
          decision: 'rejected',
          by: by('hr-2'),
          note: 'wrong employee',
          now: T0 + 3,
          tenant: 'acme',
        });
        assert.equal(rejected.outcome, 'decided');
        const dead = await queue.getJob(id);
        assert.deepEqual(
          [dead?.state, dead?.lastError, dead?.finishedAt, dead?.approval?.decision, dead?.approval?.note],
          ['dead', 'job_rejected: rejected by hr-2: wrong employee', T0 + 3, 'rejected', 'wrong employee'],
        );
        assert.deepEqual(await claim(queue, T0 + 60 * MINUTE), []);
        const { job: plain } = await queue.enqueueJob(job(), T0);
        assert.equal(
          (await queue.decideJob({ id: plain.id, decision: 'approved', by: by('hr-2'), now: T0 })).outcome,
          'not_awaiting',
          'a job not held cannot be approved',
        );
      }),
    );
  });
}

const CLAIM_CHILD = fileURLToPath(new URL('./support/job-claim-child.ts', import.meta.url));

describe('SQLite job queue in the store file', () => {
  test("the SQLite store's jobQueue keeps jobs in the store's own file, beside its records", async () => {
    const file = tempFile('offboard.db');
    const store = createSqliteStore({ path: file.path });
    try {
      const { job: stored } = await store.jobQueue.enqueueJob(job({ dedupeKey: 'term-1' }), T0);
      assert.equal(store.jobQueue, store.jobQueue, 'one queue per store');
      const other = createSqliteJobQueue(file.path);
      try {
        assert.deepEqual(
          await other.getJob(stored.id),
          stored,
          'another connection to the file sees the job',
        );
      } finally {
        other.close();
      }
    } finally {
      await store.close();
      file.remove();
    }
  });
});

describe('SQLite job queue on a file from before the two-person rule', () => {
  test('the approval column is added when the queue opens, and the old jobs are kept and can be held', async () => {
    const file = tempFile('old-jobs.db');
    try {
      const first = createSqliteJobQueue(file.path);
      const { job: old } = await first.enqueueJob(job({ dedupeKey: 'before' }), T0);
      first.close();
      // The table as it was released: without the approval column.
      const db = new Database(file.path);
      db.exec('ALTER TABLE offboard_jobs DROP COLUMN approval');
      db.close();
      const queue = createSqliteJobQueue(file.path);
      try {
        assert.equal((await queue.getJob(old.id))?.dedupeKey, 'before');
        await queue.claimJobs({ workerId: 'w1', now: T0, limit: 1, leaseMs: MINUTE });
        const approval = {
          reasons: ['names_group' as const],
          action: 'lock',
          deviceIds: [1],
          group: { kind: 'device' as const, name: 'Site 4' },
          requestedBy: 'hr-1',
        };
        assert.equal(await queue.holdJob({ id: old.id, workerId: 'w1', now: T0, approval }), true);
        assert.deepEqual((await queue.getJob(old.id))?.approval?.group, { kind: 'device', name: 'Site 4' });
      } finally {
        queue.close();
      }
    } finally {
      file.remove();
    }
  });
});

const OPEN_CHILD = fileURLToPath(new URL('./support/job-open-child.ts', import.meta.url));

describe('SQLite job queue: two instances opening one older file at once', () => {
  test('the one that finds the column already added by the other opens the file (no "duplicate column")', async () => {
    const file = tempFile('old-jobs.db');
    try {
      createSqliteJobQueue(file.path).close();
      const other = new Database(file.path);
      other.exec('ALTER TABLE offboard_jobs DROP COLUMN approval');
      // The other instance is part-way through opening: it holds the write lock and is adding the column.
      other.exec('BEGIN IMMEDIATE');
      const child = spawn(
        process.execPath,
        ['--conditions=@hexnode-offboard/source', '--import', 'tsx', OPEN_CHILD, file.path],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const lines = createInterface({ input: child.stdout });
      const said: string[] = [];
      let opening: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (opening = resolve));
      lines.on('line', (line) => {
        said.push(line);
        if (line === 'opening') opening();
      });
      await started;
      // Give this instance the time to read the table's columns, had it read them outside the lock.
      await new Promise((resolve) => setTimeout(resolve, 300));
      other.exec('ALTER TABLE offboard_jobs ADD COLUMN approval TEXT');
      other.exec('COMMIT');
      other.close();
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.deepEqual(said, ['opening', 'opened']);
      assert.equal(code, 0);
    } finally {
      file.remove();
    }
  });
});

describe('SQLite job queue across processes', () => {
  test('three processes claiming from one file never take one job twice, and take every job', async () => {
    const file = tempFile('jobs.db');
    const queue = createSqliteJobQueue(file.path);
    const children = [0, 1, 2].map((index) =>
      spawn(
        process.execPath,
        [
          '--conditions=@hexnode-offboard/source',
          '--import',
          'tsx',
          CLAIM_CHILD,
          file.path,
          `p${index}`,
          String(T0),
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      ),
    );
    try {
      const total = 300;
      for (let index = 0; index < total; index++)
        await queue.enqueueJob(job({ dedupeKey: `job-${index}` }), T0);
      const outputs = children.map((child) => createInterface({ input: child.stdout! }));
      await Promise.all(outputs.map(async (lines) => assert.equal((await once(lines, 'line'))[0], 'ready')));
      for (const child of children) child.stdin!.write('go\n');
      const claimed = await Promise.all(
        outputs.map(async (lines) => JSON.parse(String((await once(lines, 'line'))[0])) as string[]),
      );
      const all = claimed.flat();
      assert.equal(all.length, total, 'every claim returned a job');
      assert.equal(new Set(all).size, total, 'no job was claimed twice');
      assert.ok(claimed.filter((list) => list.length > 0).length >= 2, 'at least two processes took part');
      const running = await queue.listJobs({ state: 'running', limit: total });
      assert.equal(running.length, total);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      queue.close();
      file.remove();
    }
  });
});

describe('PostgreSQL job queue across processes', () => {
  postgresTest(
    'eight claimers on each of two pools never take one job twice, and take every job',
    async () => {
      const first = openPostgresStore({ max: 8 });
      const second = openPostgresStore({ schema: first.schema, max: 8 });
      try {
        const total = 300;
        for (let index = 0; index < total; index += 50) {
          await Promise.all(
            Array.from({ length: 50 }, (_, offset) =>
              first.store.enqueueJob(job({ dedupeKey: `job-${index + offset}` }), T0),
            ),
          );
        }
        const claimedBy = new Map<string, string[]>();
        const claimer = async (queue: JobQueue, workerId: string) => {
          for (;;) {
            const claimed = await queue.claimJobs({ workerId, now: T0, limit: 3, leaseMs: 10 * MINUTE });
            if (claimed.length === 0) return;
            for (const one of claimed) claimedBy.set(one.id, [...(claimedBy.get(one.id) ?? []), workerId]);
          }
        };
        await Promise.all(
          Array.from({ length: 16 }, (_, index) =>
            claimer(index % 2 === 0 ? first.store : second.store, `pool${index % 2}-w${index}`),
          ),
        );
        assert.equal(claimedBy.size, total, 'every job was claimed');
        const twice = [...claimedBy].filter(([, workers]) => workers.length > 1);
        assert.deepEqual(twice, [], 'no job was claimed twice');
        const pools = new Set([...claimedBy.values()].map(([worker]) => worker!.split('-')[0]));
        assert.deepEqual([...pools].sort(), ['pool0', 'pool1'], 'both pools took part');
      } finally {
        await second.store.close();
        await first.cleanup();
      }
    },
  );
});

if (POSTGRES_SKIPPED) {
  test('the job queue contract on PostgreSQL', { skip: POSTGRES_SKIPPED }, () => undefined);
}
