/**
 * The handler's own overhead per preview and per action, against the simulator at zero latency.
 *
 * The simulator runs in the same process (the handler's `fetch` calls `simulator.handle`), so no socket
 * time is counted. For each request the script reads the handler's `Server-Timing` header:
 * - hexnode: time inside the core client's calls (the simulator's work plus the client's own request
 *   building, JSON parsing and schema validation);
 * - handler: everything else: routing, body, schema, CSRF, authentication, authorization, idempotency,
 *   rate limits, audit hashing and the store's writes (fsync included), the answer's JSON. This is the
 *   overhead.
 * Each row runs in a process of its own, as a deployment runs one store and one way of signing in: the
 * SQLite store in both durability settings, cookie and token mode, and the memory store (the handler's
 * cost without any disk write). A last row times the same Hexnode calls made with the core client alone.
 *
 * Run: npm run bench -w @hexnode-offboard/proxy   (ITERATIONS=300 for a quicker, noisier run)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { HexnodeClient, HexnodeDirectory, OffboardingPlanner } from '@hexnode-offboard/core';
import {
  createMemoryStore,
  createOffboardHandler,
  mintSessionToken,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { createSimulator } from '@hexnode-offboard/simulator';

const ITERATIONS = Number(process.env.ITERATIONS ?? 1000);

/**
 * The budget with no limit that binds: a call holds its slot for a window, so a one-second window keeps the
 * counters this bench's thousands of calls leave to about a second's worth, as Hexnode's real 30 a minute would.
 */
const UNLIMITED_BUDGET = { callsPerWindow: 1_000_000, windowMs: 1000, dailyCallsPerDevice: 0 };
const WARMUP = 30;
const ORIGIN = 'https://hr.acme.example';
const EMAIL = 'jane.leaver@acme.example';
const API_KEY = 'bench-api-key';
const SECRET = 'bench-session-token-secret-0123456789';
const GROUPS = ['Warehouse Handhelds'];

/**
 * How the widget signs in: the HRMS session cookie, or a Bearer token. The widget sends one token with its
 * preview, action and status polls ('token'); 'new token' mints one per request, so every request pays the
 * signature check that the handler otherwise does once per token.
 */
type AuthMode = 'cookie' | 'token' | 'new token';
type StoreKind = 'full' | 'actions' | 'memory';

const ROWS: { name: string; store: StoreKind; auth: AuthMode }[] = [
  { name: 'SQLite, durability actions (default), cookie', store: 'actions', auth: 'cookie' },
  { name: 'SQLite, durability actions (default), token', store: 'actions', auth: 'token' },
  {
    name: 'SQLite, durability actions (default), new token per request',
    store: 'actions',
    auth: 'new token',
  },
  { name: 'SQLite, durability full, cookie', store: 'full', auth: 'cookie' },
  { name: 'memory store (no disk), cookie', store: 'memory', auth: 'cookie' },
];
const CLIENT_ROW = 'client';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (values: number[]) =>
  `${percentile(values, 50).toFixed(2)} / ${percentile(values, 95).toFixed(2)}`;

const row = process.env.BENCH_ROW;
if (row === undefined) {
  runAll();
} else {
  const dir = mkdtempSync(join(tmpdir(), 'hexnode-offboard-bench-'));
  try {
    console.log(row === CLIENT_ROW ? await clientRow() : await handlerRow(ROWS[Number(row)]!, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs every row in a child process of its own (same Node flags) and prints the table. */
function runAll(): void {
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(1))
      .join(' ');
  const loadBefore = load();
  const lines = [...ROWS.keys(), CLIENT_ROW].map((index) => {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_ROW: String(index) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`benchmark row ${index} failed (exit ${child.status})`);
    return child.stdout.trim();
  });
  console.log(
    `${ITERATIONS} requests per row and route after ${WARMUP} warm-up, each row in its own process; simulator in-process at zero latency;`,
  );
  console.log(
    `an action is a lock of 3 devices; store files on ${tmpdir()}; Node ${process.version}; milliseconds;`,
  );
  console.log(`load average before: ${loadBefore}, after: ${load()}.\n`);
  console.log(
    '| store, authentication | preview: handler | preview: Hexnode | action: handler | action: Hexnode | fsync |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const line of lines) console.log(line);
  console.log(
    '\np50 / p95. handler = the overhead (everything but the Hexnode calls, store writes included).',
  );
  console.log(
    'fsync = one small SQLite commit with synchronous=FULL on the same disk, timed right after each request: the floor of one durable write at that moment.',
  );
}

function fleet() {
  // Hexnode's limits are off on both sides (here and in the handler's budget below): this bench measures the
  // handler's own overhead over thousands of calls, which the real 30 a minute would spread over hours.
  const simulator = createSimulator({ apiKey: API_KEY, checkinMs: 0, throttle: false });
  const simulatorFetch: typeof fetch = (input, init) => simulator.handle(new Request(input, init));
  const user = simulator.findUsersByEmail(EMAIL)[0]!;
  const deviceIds = simulator.devices
    .filter((device) => device.userId === user.id)
    .map((device) => device.id);
  return { simulator, simulatorFetch, deviceIds };
}

interface Sample {
  hexnode: number;
  handler: number;
  fsync: number;
}

function serverTiming(response: Response): { hexnode: number; handler: number } {
  const header = response.headers.get('server-timing') ?? '';
  const read = (name: string) => Number(new RegExp(`${name};dur=([0-9.]+)`).exec(header)?.[1] ?? NaN);
  return { hexnode: read('hexnode'), handler: read('handler') };
}

async function handlerRow(setup: (typeof ROWS)[number], dir: string): Promise<string> {
  const { simulator, simulatorFetch, deviceIds } = fleet();
  const actor = { id: 'hr-1', name: 'Hanna HR', tenant: 'acme', actions: ['lock' as const, 'wipe' as const] };
  const mint = () =>
    mintSessionToken({ secret: SECRET, actor, employee: EMAIL, actions: ['lock', 'wipe'], ttlSeconds: 3600 });
  const token = await mint();
  const newTokens =
    setup.auth === 'new token'
      ? await Promise.all(Array.from({ length: 2 * (WARMUP + ITERATIONS) }, mint))
      : [];
  const headers = (extra: Record<string, string> = {}) => ({
    'Content-Type': 'application/json',
    'X-Hexnode-Offboard': '1',
    ...(setup.auth === 'cookie'
      ? { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', Cookie: 'session=bench' }
      : { Authorization: `Bearer ${setup.auth === 'token' ? token : newTokens.pop()}` }),
    ...extra,
  });
  const previewRequest = () =>
    new Request(`${ORIGIN}/api/hexnode-offboard/preview`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ employee: { email: EMAIL } }),
    });
  const actionRequest = () =>
    new Request(`${ORIGIN}/api/hexnode-offboard/actions`, {
      method: 'POST',
      headers: headers({ 'Idempotency-Key': crypto.randomUUID() }),
      body: JSON.stringify({
        employee: { email: EMAIL },
        action: 'lock',
        deviceIds,
        confirmation: EMAIL,
        repeat: true,
      }),
    });

  // The disk's floor, sampled between requests: one small SQLite commit in WAL mode with synchronous=FULL.
  const raw = new Database(join(dir, 'fsync.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('CREATE TABLE t (v TEXT)');
  const insert = raw.prepare('INSERT INTO t (v) VALUES (?)');
  const fsyncOnce = () => {
    const started = performance.now();
    insert.run('x'.repeat(600));
    return performance.now() - started;
  };

  const store: OffboardStore =
    setup.store === 'memory'
      ? createMemoryStore()
      : createSqliteStore({ path: join(dir, 'offboard.db'), durability: setup.store });
  const handler = createOffboardHandler({
    hexnode: {
      baseUrl: simulator.baseUrl,
      apiKey: API_KEY,
      budget: UNLIMITED_BUDGET,
    },
    fetch: simulatorFetch,
    serverTiming: true,
    tracking: { tickMs: 0 }, // each action's tracker is written (measured); its background checks are not run
    authorize: async () => actor,
    sessionTokens: { secret: SECRET },
    allowedOrigins: [ORIGIN],
    store,
    sharedDeviceGroups: GROUPS,
    limits: { maxActionsPerActorPerHour: 1_000_000, maxPreviewsPerActorPerMinute: 1_000_000 },
  });

  const measure = async (makeRequest: () => Request, expected: number) => {
    // A fresh fleet for every route, so command histories (read by the preview) do not grow across runs.
    simulator.reset();
    const samples: Sample[] = [];
    for (let index = 0; index < WARMUP + ITERATIONS; index++) {
      const response = await handler(makeRequest());
      await response.arrayBuffer();
      if (response.status !== expected) throw new Error(`expected ${expected}, got ${response.status}`);
      const fsync = fsyncOnce();
      if (index >= WARMUP) samples.push({ fsync, ...serverTiming(response) });
    }
    return samples;
  };
  const previews = await measure(previewRequest, 200);
  const actions = await measure(actionRequest, 202);
  await store.close?.();
  raw.close();
  return `| ${setup.name} | ${ms(previews.map((s) => s.handler))} | ${ms(previews.map((s) => s.hexnode))} | ${ms(actions.map((s) => s.handler))} | ${ms(actions.map((s) => s.hexnode))} | ${ms([...previews, ...actions].map((s) => s.fsync))} |`;
}

/** The same Hexnode work without the handler: the planner's preview; ownership checks plus one lock. */
async function clientRow(): Promise<string> {
  const { simulator, simulatorFetch, deviceIds } = fleet();
  const client = new HexnodeClient({
    baseUrl: simulator.baseUrl,
    apiKey: API_KEY,
    fetch: simulatorFetch,
    budget: UNLIMITED_BUDGET,
  });
  const directory = new HexnodeDirectory(client);
  const planner = new OffboardingPlanner({ client, directory, sharedDeviceGroups: GROUPS });
  const measure = async (work: () => Promise<unknown>) => {
    simulator.reset();
    const samples: number[] = [];
    for (let index = 0; index < WARMUP + ITERATIONS; index++) {
      const started = performance.now();
      await work();
      if (index >= WARMUP) samples.push(performance.now() - started);
    }
    return samples;
  };
  const preview = await measure(() => planner.plan({ email: EMAIL }));
  const action = await measure(async () => {
    await Promise.all(deviceIds.map((id) => directory.verifyOwnership(id, EMAIL)));
    await client.actions.lock({ devices: deviceIds });
  });
  return `| core client alone, same Hexnode calls | — | ${ms(preview)} | — | ${ms(action)} | — |`;
}
