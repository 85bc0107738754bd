/**
 * The handler's own overhead per preview and per action, against the simulator at zero latency.
 *
 * The simulator runs in the same process (the handler's `fetch` calls `simulator.handle`), so no socket
 * time is counted. For each request the script reads the handler's `Server-Timing` header:
 * - hexnode: time inside the core client's calls (the simulator's work plus the client's own request
 *   building, JSON parsing and schema validation);
 * - handler: everything else: routing, body, schema, CSRF, authorization, idempotency, rate limits,
 *   audit hashing and the store's writes (fsync included), the answer's JSON. This is the overhead.
 * It runs with the SQLite store in both durability settings and with the memory store (the handler's
 * cost without any disk write), and times the same Hexnode calls made with the core client alone.
 *
 * Run: npm run bench -w @hexnode-offboard/proxy   (ITERATIONS=1000 to change the sample size)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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

const ITERATIONS = Number(process.env.ITERATIONS ?? 300);
const WARMUP = 30;
const ORIGIN = 'https://hr.acme.example';
const EMAIL = 'jane.leaver@acme.example';
const API_KEY = 'bench-api-key';
const GROUPS = ['Warehouse Handhelds'];

const simulator = createSimulator({ apiKey: API_KEY, checkinMs: 0 });
const simulatorFetch: typeof fetch = (input, init) => simulator.handle(new Request(input, init));

const user = simulator.findUsersByEmail(EMAIL)[0]!;
const deviceIds = simulator.devices.filter((device) => device.userId === user.id).map((device) => device.id);
const actor = { id: 'hr-1', name: 'Hanna HR', tenant: 'acme', actions: ['lock' as const, 'wipe' as const] };

const SECRET = 'bench-session-token-secret-0123456789';
// Token mode: what the widget on a profile page sends (a Bearer token, no cookie, no CSRF checks). The widget
// sends one token with its preview, action and status polls ('token'); 'new token' mints one per request, so
// every request pays the signature check the handler otherwise does once per token.
const mint = () =>
  mintSessionToken({ secret: SECRET, actor, employee: EMAIL, actions: ['lock', 'wipe'], ttlSeconds: 3600 });
const token = await mint();
const newTokens = await Promise.all(Array.from({ length: 2 * (WARMUP + ITERATIONS) }, mint));
type AuthMode = 'cookie' | 'token' | 'new token';

const headers = (auth: AuthMode, extra: Record<string, string> = {}) => ({
  'Content-Type': 'application/json',
  'X-Hexnode-Offboard': '1',
  ...(auth === 'cookie'
    ? { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin', Cookie: 'session=bench' }
    : { Authorization: `Bearer ${auth === 'token' ? token : newTokens.pop()}` }),
  ...extra,
});
const previewRequest = (auth: AuthMode) => () =>
  new Request(`${ORIGIN}/api/hexnode-offboard/preview`, {
    method: 'POST',
    headers: headers(auth),
    body: JSON.stringify({ employee: { email: EMAIL } }),
  });
const actionRequest = (auth: AuthMode) => () =>
  new Request(`${ORIGIN}/api/hexnode-offboard/actions`, {
    method: 'POST',
    headers: headers(auth, { 'Idempotency-Key': crypto.randomUUID() }),
    body: JSON.stringify({
      employee: { email: EMAIL },
      action: 'lock',
      deviceIds,
      confirmation: EMAIL,
      repeat: true,
    }),
  });

interface Sample {
  total: number;
  hexnode: number;
  handler: number;
  fsync: number;
}

function serverTiming(response: Response): { hexnode: number; handler: number } {
  const header = response.headers.get('server-timing') ?? '';
  const read = (name: string) => Number(new RegExp(`${name};dur=([0-9.]+)`).exec(header)?.[1] ?? NaN);
  return { hexnode: read('hexnode'), handler: read('handler') };
}

async function measure(
  handler: (request: Request) => Promise<Response>,
  makeRequest: () => Request,
  expected: number,
) {
  // A fresh fleet for every run, so command histories (read by the preview) do not grow across runs.
  simulator.reset();
  const samples: Sample[] = [];
  for (let index = 0; index < WARMUP + ITERATIONS; index++) {
    const request = makeRequest();
    const started = performance.now();
    const response = await handler(request);
    await response.arrayBuffer();
    const total = performance.now() - started;
    if (response.status !== expected) throw new Error(`expected ${expected}, got ${response.status}`);
    const fsync = fsyncOnce();
    if (index >= WARMUP) samples.push({ total, fsync, ...serverTiming(response) });
  }
  return samples;
}

async function measureClient(work: () => Promise<unknown>): Promise<number[]> {
  simulator.reset();
  const samples: number[] = [];
  for (let index = 0; index < WARMUP + ITERATIONS; index++) {
    const started = performance.now();
    await work();
    if (index >= WARMUP) samples.push(performance.now() - started);
  }
  return samples;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fmt = (value: number) => value.toFixed(2);
const lines: string[] = [];

const loadBefore = loadavg()
  .map((n) => n.toFixed(1))
  .join(' ');
const dir = mkdtempSync(join(tmpdir(), 'hexnode-offboard-bench-'));
// The disk's floor, sampled between requests: one small SQLite commit in WAL mode with synchronous=FULL.
const raw = new Database(join(dir, 'fsync.db'));
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = FULL');
raw.exec('CREATE TABLE t (v TEXT)');
const insert = raw.prepare('INSERT INTO t (v) VALUES (?)');
function fsyncOnce(): number {
  const started = performance.now();
  insert.run('x'.repeat(600));
  return performance.now() - started;
}

const rows: [string, AuthMode, () => OffboardStore][] = [
  [
    'SQLite, durability full (default), cookie',
    'cookie',
    () => createSqliteStore({ path: join(dir, 'full.db') }),
  ],
  [
    'SQLite, durability full (default), token',
    'token',
    () => createSqliteStore({ path: join(dir, 'full-token.db') }),
  ],
  [
    'SQLite, durability full (default), new token per request',
    'new token',
    () => createSqliteStore({ path: join(dir, 'full-new-token.db') }),
  ],
  [
    'SQLite, durability actions, cookie',
    'cookie',
    () => createSqliteStore({ path: join(dir, 'actions.db'), durability: 'actions' }),
  ],
  ['memory store (no disk), cookie', 'cookie', () => createMemoryStore()],
];
for (const [name, auth, open] of rows) {
  const store = open();
  const handler = createOffboardHandler({
    hexnode: { baseUrl: simulator.baseUrl, apiKey: API_KEY },
    fetch: simulatorFetch,
    serverTiming: true,
    authorize: async () => actor,
    sessionTokens: { secret: SECRET },
    allowedOrigins: [ORIGIN],
    store,
    sharedDeviceGroups: GROUPS,
    limits: { maxActionsPerActorPerHour: 1_000_000, maxPreviewsPerActorPerMinute: 1_000_000 },
  });
  const previews = await measure(handler, previewRequest(auth), 200);
  const actions = await measure(handler, actionRequest(auth), 202);
  const ms = (values: number[]) => `${fmt(percentile(values, 50))} / ${fmt(percentile(values, 95))}`;
  lines.push(
    `| ${name} | ${ms(previews.map((s) => s.handler))} | ${ms(previews.map((s) => s.hexnode))} | ${ms(actions.map((s) => s.handler))} | ${ms(actions.map((s) => s.hexnode))} | ${ms([...previews, ...actions].map((s) => s.fsync))} |`,
  );
  await store.close?.();
}

// The same Hexnode work without the handler: the planner's preview; ownership checks plus one lock.
const client = new HexnodeClient({ baseUrl: simulator.baseUrl, apiKey: API_KEY, fetch: simulatorFetch });
const directory = new HexnodeDirectory(client);
const planner = new OffboardingPlanner({ client, directory, sharedDeviceGroups: GROUPS });
const clientPreview = await measureClient(() => planner.plan({ email: EMAIL }));
const clientAction = await measureClient(async () => {
  await Promise.all(deviceIds.map((id) => directory.verifyOwnership(id, EMAIL)));
  await client.actions.lock({ devices: deviceIds });
});
lines.push(
  `| core client alone, same Hexnode calls | — | ${fmt(percentile(clientPreview, 50))} / ${fmt(percentile(clientPreview, 95))} | — | ${fmt(percentile(clientAction, 50))} / ${fmt(percentile(clientAction, 95))} | — |`,
);
raw.close();
rmSync(dir, { recursive: true, force: true });

console.log(
  `${ITERATIONS} requests per row after ${WARMUP} warm-up; simulator in-process at zero latency; ${deviceIds.length} devices`,
);
console.log(`per action (lock); store files on ${tmpdir()}; Node ${process.version}; milliseconds;`);
console.log(
  `load average before: ${loadBefore}, after: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}.\n`,
);
console.log(
  '| store, authentication | preview: handler | preview: Hexnode | action: handler | action: Hexnode | fsync |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const line of lines) console.log(line);
console.log('\np50 / p95. handler = the overhead (everything but the Hexnode calls, store writes included).');
console.log(
  'fsync = one small SQLite commit with synchronous=FULL on the same disk, timed right after each request: the floor of one durable write at that moment.',
);
