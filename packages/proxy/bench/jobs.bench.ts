/**
 * Benchmark: zero-touch offboarding scaled out. Two and then four instances (processes), each a job worker on one
 * PostgreSQL store, process 1,000 scheduled terminations (a lock of each leaver's devices) against the simulator
 * with Hexnode's real limits (30 calls a window per key, 10 per managed device a day) and a shortened window, so a
 * minute passes in less: real minutes = measured × 60 000 / window.
 *
 * For each run: Hexnode calls and 429s drawn (target 0), the calls per job, jobs per real minute against the
 * bound the budget sets (the kit's 24 calls a minute ÷ calls per job), and the store's overhead per job: the
 * PostgreSQL transactions it committed per job, and its time per job measured on a second run with the throttle
 * off (the instances then run as fast as the store and the simulator let them).
 *
 *   npm run bench:jobs -w @hexnode-offboard/proxy          (starts a throwaway PostgreSQL, or uses DATABASE_URL)
 *   BENCH_JOBS=300 BENCH_WINDOW_MS=500 npm run bench:jobs -w @hexnode-offboard/proxy
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { scheduleOffboarding } from '@hexnode-offboard/proxy';
import { createPostgresStore } from '@hexnode-offboard/proxy/postgres';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';

const DATABASE_URL = process.env.DATABASE_URL;
const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 250);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const INSTANCES = (process.env.BENCH_INSTANCES ?? '2,4').split(',').map(Number);
const INSTANCE = fileURLToPath(new URL('./jobs-instance.ts', import.meta.url));
const KIT_CALLS_PER_MINUTE = 24; // 80 % of Hexnode's 30

if (!DATABASE_URL)
  throw new Error('Run through `npm run bench:jobs` (it starts PostgreSQL) or set DATABASE_URL.');

/** Leavers with one to three devices (2 on average), and as many colleagues. */
function fleet() {
  const users = [
    ...Array.from({ length: JOBS }, (_, i) => ({
      name: `Leaver ${i + 1}`,
      email: `leaver${i + 1}@acme.example`,
    })),
    ...Array.from({ length: JOBS }, (_, i) => ({
      name: `Colleague ${i + 1}`,
      email: `mate${i + 1}@acme.example`,
    })),
  ];
  const devices = users.flatMap((_, index) =>
    Array.from({ length: index < JOBS ? 1 + ((index * 7) % 3) : 1 }, (__, n) => ({
      name: `Device ${index + 1}.${n + 1}`,
      platform: 'android' as const,
      userId: index + 1,
    })),
  );
  return { users, devices };
}

interface Run {
  instances: number;
  throttled: boolean;
  jobs: number;
  done: number;
  calls: number;
  tooMany: number;
  ms: number;
  commits: number;
  /** Calls by endpoint and query parameters, ids replaced by `{id}`. */
  byPath: Record<string, number>;
}

function countPaths(paths: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const path of paths) {
    const key = path.replace(/\/\d+\//g, '/{id}/');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function commits(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]!.n);
}

async function run(instances: number, throttled: boolean): Promise<Run> {
  const schema = `bench_jobs_${instances}_${throttled ? 't' : 'f'}_${Date.now().toString(36)}`;
  const sim: RunningSimulator = await startSimulator({
    apiKey: 'bench-api-key',
    fleet: fleet(),
    checkinMs: 0,
    throttle: throttled ? { windowMs: WINDOW_MS } : false,
  });
  const store = createPostgresStore({ connectionString: DATABASE_URL!, schema });
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  const children: ChildProcess[] = [];
  try {
    await store.ready();
    const now = Date.now();
    for (let i = 0; i < JOBS; i++) {
      await scheduleOffboarding({
        queue: store,
        employee: { email: `leaver${i + 1}@acme.example` },
        action: 'lock',
        at: now,
        terminationId: `term-${i + 1}`,
      });
    }
    const before = await commits(pool);
    const started = performance.now();
    for (let i = 0; i < instances; i++) {
      const child = spawn(
        process.execPath,
        [
          '--conditions=@hexnode-offboard/source',
          '--import',
          'tsx',
          INSTANCE,
          schema,
          sim.url,
          String(WINDOW_MS),
          String(CONCURRENCY),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
      );
      children.push(child);
      await once(createInterface({ input: child.stdout! }), 'line');
    }
    for (;;) {
      const finished =
        (await store.listJobs({ state: 'done', limit: JOBS })).length +
        (await store.listJobs({ state: 'dead', limit: JOBS })).length;
      if (finished >= JOBS) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ms = performance.now() - started;
    const log = sim.simulator.log;
    return {
      instances,
      throttled,
      jobs: JOBS,
      done: (await store.listJobs({ state: 'done', limit: JOBS })).length,
      calls: log.length,
      tooMany: log.filter((entry) => entry.status === 429).length,
      ms,
      commits: (await commits(pool)) - before,
      byPath: countPaths(
        log.map(
          (entry) =>
            `${entry.path}${Object.keys(entry.query).length ? `?${Object.keys(entry.query).sort().join('&')}` : ''}`,
        ),
      ),
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await pool.end();
    await store.close();
    await sim.close();
  }
}

const rows: string[] = [];
const paths: string[] = [];
for (const instances of INSTANCES) {
  const limited = await run(instances, true);
  const free = await run(instances, false);
  const callsPerJob = limited.calls / limited.jobs;
  paths.push(`${instances} instances: ${JSON.stringify(limited.byPath)}`);
  const realMinutes = (limited.ms * 60_000) / WINDOW_MS / 60_000;
  const jobsPerMinute = limited.done / realMinutes;
  const bound = KIT_CALLS_PER_MINUTE / callsPerJob;
  rows.push(
    `| ${instances} | ${limited.done}/${limited.jobs} | ${limited.calls} (${callsPerJob.toFixed(2)}/job) | ${limited.tooMany} | ` +
      `${realMinutes.toFixed(1)} | ${jobsPerMinute.toFixed(2)} | ${bound.toFixed(2)} | ${(jobsPerMinute / bound).toFixed(2)} | ` +
      `${(limited.commits / limited.jobs).toFixed(1)} | ${((free.ms * instances * CONCURRENCY) / free.jobs).toFixed(1)} ms |`,
  );
}
console.log(
  `\n${JOBS} terminations (lock), ${WINDOW_MS} ms window (real minutes = measured × 60000 / ${WINDOW_MS}), ` +
    `${CONCURRENCY} jobs at once per instance, Node ${process.version}\n`,
);
console.log(
  '| instances | jobs done | Hexnode calls | 429s | real minutes | jobs / real minute | bound (24 calls ÷ calls per job) | of bound | store commits / job | slot time / job, throttle off |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
console.log(`\nHexnode calls by endpoint:\n${paths.join('\n')}`);
