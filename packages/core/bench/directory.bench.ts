/**
 * Benchmark: resolving HR emails to Hexnode users and devices, the directory's way against the way
 * integrations do it without an index. Runs the simulator in-process (on a worker thread, on loopback)
 * with 50,000 users, 80,000 devices and 20 ms latency per request, and prints a markdown table.
 *
 *   npm run bench -w @hexnode-offboard/core
 *   BENCH_USERS=5000 BENCH_DEVICES=8000 npm run bench -w @hexnode-offboard/core   (a quicker run)
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import {
  HexnodeClient,
  HexnodeDirectory,
  normalizeEmail,
  type HexnodeDevice,
  type HexnodeUser,
} from '@hexnode-offboard/core';

const USERS = Number(process.env.BENCH_USERS ?? 50_000);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 80_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const LEAVERS = Number(process.env.BENCH_LEAVERS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);

interface Row {
  scenario: string;
  approach: string;
  requests: number;
  ms: number;
}

const rows: Row[] = [];
const started = Date.now();
console.error(`Starting the simulator: ${USERS} users, ${DEVICES} devices, ${LATENCY_MS} ms latency ...`);
// A worker's entry is loaded before `--import` hooks apply, so it registers tsx itself, then loads the .ts.
const workerUrl = new URL('./simulator-worker.ts', import.meta.url).href;
const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); })`;
const worker = new Worker(bootstrap, {
  eval: true,
  execArgv: ['--conditions=@hexnode-offboard/source'],
  // This benchmark compares requests and latency; Hexnode's pace is budget.bench.ts's subject, so the
  // simulator's throttle is off here and the client's budget does not bind.
  workerData: {
    users: USERS,
    devices: DEVICES,
    faults: { latencyMs: LATENCY_MS },
    checkinMs: 60_000,
    throttle: false,
  },
});
const [sim] = (await once(worker, 'message')) as [{ url: string; apiKey: string; emails: string[] }];
console.error(`  ready in ${Date.now() - started} ms at ${sim.url}`);

// Every request the client sends, retries included, is counted here.
let sent = 0;
const client = new HexnodeClient({
  baseUrl: sim.url,
  apiKey: sim.apiKey,
  budget: { callsPerWindow: Number.MAX_SAFE_INTEGER, dailyCallsPerDevice: 0 },
  hooks: { beforeRequest: () => void sent++ },
});

async function measure<T>(scenario: string, approach: string, run: () => Promise<T>): Promise<T> {
  const before = sent;
  const t0 = performance.now();
  const result = await run();
  const ms = performance.now() - t0;
  const requests = sent - before;
  rows.push({ scenario, approach, requests, ms });
  console.error(`  ${scenario} / ${approach}: ${requests} requests, ${ms.toFixed(0)} ms`);
  return result;
}

// Today's way, for one click: follow `next` through every user page, then every device page.
async function naiveClick(email: string): Promise<HexnodeDevice[]> {
  const key = normalizeEmail(email);
  const users: HexnodeUser[] = [];
  for await (const user of client.users.list({ perPage: 250 }))
    if (normalizeEmail(user.email) === key) users.push(user);
  const devices: HexnodeDevice[] = [];
  for await (const device of client.devices.list({ perPage: 250 })) {
    if (users.length === 1 && device.user?.id === users[0]!.id) devices.push(device);
  }
  return devices;
}

// Today's way, for a batch: every user page once, every device page once, then match per leaver.
async function naiveBatch(emails: string[]): Promise<Map<string, HexnodeDevice[]>> {
  const byEmail = new Map<string, HexnodeUser[]>();
  for await (const user of client.users.list({ perPage: 250 })) {
    const key = normalizeEmail(user.email);
    if (key) byEmail.set(key, [...(byEmail.get(key) ?? []), user]);
  }
  const byUser = new Map<number, HexnodeDevice[]>();
  for await (const device of client.devices.list({ perPage: 250 })) {
    if (device.user) byUser.set(device.user.id, [...(byUser.get(device.user.id) ?? []), device]);
  }
  const out = new Map<string, HexnodeDevice[]>();
  for (const email of emails) {
    const users = byEmail.get(normalizeEmail(email)) ?? [];
    out.set(email, users.length === 1 ? (byUser.get(users[0]!.id) ?? []) : []);
  }
  return out;
}

// A leaver in the middle of the fleet with devices, and 1,000 leavers spread over it.
const candidates = sim.emails;
const leaver = { email: candidates[Math.floor(candidates.length / 2)]! };
const leavers = Array.from(
  { length: LEAVERS },
  (_, i) => candidates[Math.floor((i * candidates.length) / LEAVERS)]!,
);

// (a) cold lookup of one email
const naiveDevices = await measure(
  '(a) cold lookup, one email',
  'today: every user page, then every device page',
  () => naiveClick(leaver.email!),
);
const cold = new HexnodeDirectory(client, { concurrency: CONCURRENCY });
const coldResult = await measure(
  '(a) cold lookup, one email',
  `directory, cold (concurrency ${CONCURRENCY})`,
  () => cold.lookup(leaver.email!),
);
if (coldResult.status !== 'found' || coldResult.devices.length !== naiveDevices.length) {
  throw new Error('the directory and the naive way disagree');
}

// (b) warm lookup: the index is built once (not counted), then one lookup plus the ownership check.
rows.push({
  ...rows[0]!,
  scenario: '(b) warm lookup, one email',
  approach: 'today: no index, every click is (a)',
});
const warm = new HexnodeDirectory(client, { concurrency: CONCURRENCY });
await measure(
  '(b) warm lookup, one email',
  `directory.warm(), once per TTL (concurrency ${CONCURRENCY})`,
  () => warm.warm(),
);
await measure(
  '(b) warm lookup, one email',
  'directory, warm: lookup + ownership check of one device, per click',
  async () => {
    const result = await warm.lookup(leaver.email!);
    if (result.status !== 'found') throw new Error('not found');
    return warm.verifyOwnership(result.devices[0]!.id, leaver.email!);
  },
);

// (c) 1,000 leavers
await measure(`(c) ${LEAVERS} leavers`, 'today (batch): every user page once, every device page once', () =>
  naiveBatch(leavers),
);
const batch = new HexnodeDirectory(client, { concurrency: CONCURRENCY });
await measure(`(c) ${LEAVERS} leavers`, `directory.lookupMany (concurrency ${CONCURRENCY})`, () =>
  batch.lookupMany(leavers),
);

worker.postMessage('close');
await once(worker, 'exit');

const seconds = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);
console.log(
  `Simulator: ${USERS.toLocaleString('en')} users, ${DEVICES.toLocaleString('en')} devices, ${LATENCY_MS} ms latency per request, 250 per page.\n`,
);
console.log('| scenario | approach | Hexnode requests | wall time |');
console.log('|---|---|---:|---:|');
for (const row of rows)
  console.log(`| ${row.scenario} | ${row.approach} | ${row.requests} | ${seconds(row.ms)} |`);
console.log(
  `\nToday's way for ${LEAVERS} leavers clicked one by one: ${LEAVERS} x ${rows[0]!.requests} = ${(LEAVERS * rows[0]!.requests).toLocaleString('en')} requests (not run).`,
);
