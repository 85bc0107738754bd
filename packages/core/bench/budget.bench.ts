/**
 * Benchmark: the request budget against the simulator with Hexnode's real limits (30 calls a window per key,
 * 10 calls per managed device a day) and a shortened window, so that a minute passes in less. Real minutes =
 * measured × 60 000 / window. Prints markdown tables.
 *
 *   npm run bench:budget -w @hexnode-offboard/core
 *   BENCH_WINDOW_MS=5000 BENCH_INDEX_WINDOW_MS=5000 BENCH_RUNS=3 npm run bench:budget -w @hexnode-offboard/core
 *
 * (a) 10 HR admins offboard 10 different 3-device leavers at the same moment, as the client does it today:
 *     3 device detail reads (the ownership re-check) and 1 lock action each, all at priority `action`.
 * (b) A cold directory index of a 50,000-user / 80,000-device portal, at priority `index`.
 * (c) What each client operation costs in Hexnode calls, on the seeded 60-user / 90-device portal.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import {
  HexnodeClient,
  HexnodeDirectory,
  OffboardingPlanner,
  type BudgetOptions,
} from '@hexnode-offboard/core';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
const INDEX_WINDOW_MS = Number(process.env.BENCH_INDEX_WINDOW_MS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const INDEX_USERS = Number(process.env.BENCH_USERS ?? 50_000);
const INDEX_DEVICES = Number(process.env.BENCH_DEVICES ?? 80_000);
const ACTORS = 10;
const MINUTE = 60_000;

/** Measured time in real minutes: measured × 60 000 / window, in minutes. */
const realMinutes = (ms: number, windowMs: number) => ms / windowMs;
const fmt = (minutes: number) => `${minutes.toFixed(2)} min`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Ten leavers with three devices each, and 60 colleagues with one: 90 managed devices, 900 calls a day. */
function leaverFleet() {
  const users = [
    ...Array.from({ length: ACTORS }, (_, i) => ({
      name: `Leaver ${i + 1}`,
      email: `leaver${i + 1}@acme.example`,
    })),
    ...Array.from({ length: 60 }, (_, i) => ({
      name: `Colleague ${i + 1}`,
      email: `colleague${i + 1}@acme.example`,
    })),
  ];
  const devices = [
    ...Array.from({ length: 3 * ACTORS }, (_, i) => ({
      name: `Leaver device ${i + 1}`,
      platform: 'android' as const,
      userId: Math.floor(i / 3) + 1,
    })),
    ...Array.from({ length: 60 }, (_, i) => ({
      name: `Colleague device ${i + 1}`,
      platform: 'ios' as const,
      userId: ACTORS + i + 1,
    })),
  ];
  return { users, devices };
}

// (a) ten actors at once ------------------------------------------------------------------------------------
interface ActorsRun {
  calls: number;
  throttled: number;
  ms: number;
  busiest: number;
}

function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let last = 0, first = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

async function tenActors(running: RunningSimulator): Promise<ActorsRun> {
  running.simulator.reset();
  const client = new HexnodeClient({
    baseUrl: running.url,
    apiKey: running.simulator.apiKey,
    budget: { windowMs: WINDOW_MS },
  });
  const actor = client.withPriority('action');
  const t0 = performance.now();
  const accepted: number[] = [];
  await Promise.all(
    Array.from({ length: ACTORS }, async (_, i) => {
      const ids = [3 * i + 1, 3 * i + 2, 3 * i + 3];
      await Promise.all(ids.map((id) => actor.devices.get(id)));
      await actor.actions.lock({ devices: ids });
      accepted.push(performance.now() - t0);
    }),
  );
  const log = running.simulator.log;
  return {
    calls: log.length,
    throttled: log.filter((entry) => entry.status === 429).length,
    ms: Math.max(...accepted),
    busiest: busiestWindow(
      log.map((entry) => Date.parse(entry.time)),
      WINDOW_MS,
    ),
  };
}

// (b) a cold index of a big portal ---------------------------------------------------------------------------
async function coldIndex(): Promise<{ calls: number; throttled: number; ms: number; startMs: number }> {
  const started = performance.now();
  // The simulator builds pages on its own thread, so that its work does not queue behind the client's parsing.
  const workerUrl = new URL('./simulator-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); })`;
  const worker = new Worker(bootstrap, {
    eval: true,
    execArgv: ['--conditions=@hexnode-offboard/source'],
    workerData: {
      users: INDEX_USERS,
      devices: INDEX_DEVICES,
      checkinMs: MINUTE,
      throttle: { windowMs: INDEX_WINDOW_MS },
    },
  });
  const [sim] = (await once(worker, 'message')) as [{ url: string; apiKey: string }];
  const startMs = performance.now() - started;
  let calls = 0;
  let throttled = 0;
  const client = new HexnodeClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    budget: { windowMs: INDEX_WINDOW_MS },
    hooks: {
      beforeRequest: () => void calls++,
      afterResponse: ({ status }) => void (status === 429 && throttled++),
    },
  });
  const directory = new HexnodeDirectory(client.withPriority('index'));
  const t0 = performance.now();
  await directory.warm();
  const ms = performance.now() - t0;
  worker.postMessage('close');
  await once(worker, 'exit');
  return { calls, throttled, ms, startMs };
}

// (c) what each operation costs ------------------------------------------------------------------------------
async function costs(): Promise<{ operation: string; calls: number }[]> {
  // The seeded fleet's hard cases: Jane Leaver has three devices, one of them in "Warehouse Handhelds".
  const running = await startSimulator({ throttle: { windowMs: 1000 } });
  const budget: BudgetOptions = { windowMs: 1000 };
  const rows: { operation: string; calls: number }[] = [];
  const count = async (operation: string, run: () => Promise<unknown>) => {
    const before = running.simulator.log.length;
    await run();
    rows.push({ operation, calls: running.simulator.log.length - before });
  };
  try {
    const client = new HexnodeClient({ baseUrl: running.url, apiKey: running.simulator.apiKey, budget });
    const jane = 'jane.leaver@acme.example';
    await count('directory.lookup(email), cold, 90 devices at 250 a page', () =>
      new HexnodeDirectory(client).lookup(jane),
    );
    const directory = new HexnodeDirectory(client);
    await count('directory.warm(), 60 users and 90 devices at 250 a page', () => directory.warm());
    await count('directory.lookup(email), warm', () => directory.lookup(jane));
    const planner = new OffboardingPlanner({
      client,
      directory,
      sharedDeviceGroups: ['Warehouse Handhelds'],
    });
    await count('planner.plan(3-device leaver), warm, first (device groups read)', () =>
      planner.plan({ email: jane }),
    );
    const plan = await planner.plan({ email: jane });
    const before = running.simulator.log.length;
    await planner.plan({ email: jane });
    rows.push({
      operation: 'planner.plan(3-device leaver), warm, groups cached',
      calls: running.simulator.log.length - before,
    });
    const ids = plan.devices.map((device) => device.id);
    await count(`planner.execute(lock, ${ids.length} devices)`, () => planner.execute(plan, 'lock', ids));
    await count(`devices.actionStatus() of ${ids.length} devices (one status poll)`, () =>
      Promise.all(ids.map((id) => client.devices.actionStatus(id))),
    );
  } finally {
    await running.close();
  }
  return rows;
}

// Run and print ----------------------------------------------------------------------------------------------
console.error(`(a) ${ACTORS} actors at once, window ${WINDOW_MS} ms, ${RUNS} runs ...`);
const running = await startSimulator({
  fleet: leaverFleet(),
  checkinMs: 0,
  throttle: { windowMs: WINDOW_MS },
});
const runs: ActorsRun[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const run = await tenActors(running);
    console.error(`  run ${i + 1}: ${run.calls} calls, ${run.throttled} 429s, ${run.ms.toFixed(0)} ms`);
    runs.push(run);
  }
} finally {
  await running.close();
}
console.error(
  `(b) cold index of ${INDEX_USERS} users / ${INDEX_DEVICES} devices, window ${INDEX_WINDOW_MS} ms ...`,
);
const index = await coldIndex();
console.error(
  `  ${index.calls} calls, ${index.throttled} 429s, ${index.ms.toFixed(0)} ms (simulator up in ${index.startMs.toFixed(0)} ms)`,
);
console.error('(c) costs ...');
const table = await costs();

const kitPerWindow = 24;
const backgroundPerWindow = 21;
const calls = median(runs.map((run) => run.calls));
console.log(`## (a) ${ACTORS} HR admins offboard ${ACTORS} different 3-device leavers at the same moment\n`);
console.log(
  `Simulator with the real limits (30 calls a window, 10 per managed device a day; 90 managed devices), window ${WINDOW_MS} ms; ${RUNS} runs.\n`,
);
console.log(
  '| run | Hexnode calls | 429s drawn | busiest window | all actions accepted after | in real minutes |',
);
console.log('|---:|---:|---:|---:|---:|---:|');
runs.forEach((run, i) =>
  console.log(
    `| ${i + 1} | ${run.calls} | ${run.throttled} | ${run.busiest} of ${kitPerWindow} | ${run.ms.toFixed(0)} ms | ${fmt(realMinutes(run.ms, WINDOW_MS))} |`,
  ),
);
console.log(
  `\nBound (calls ÷ budget): ${calls} ÷ ${kitPerWindow} a minute = ${fmt(calls / kitPerWindow)}; the soonest possible with bursts of ${kitPerWindow}: ${fmt(Math.ceil(calls / kitPerWindow) - 1)} plus the answers' time.\n`,
);
const indexMinutes = realMinutes(index.ms, INDEX_WINDOW_MS);
console.log(
  `## (b) Cold index of ${INDEX_USERS.toLocaleString('en')} users / ${INDEX_DEVICES.toLocaleString('en')} devices\n`,
);
console.log(
  `Generated in the simulator (on a worker thread), window ${INDEX_WINDOW_MS} ms, 250 a page, priority \`index\`.\n`,
);
console.log(
  '| Hexnode calls | 429s drawn | measured | in real minutes | at the background pace | bound (calls ÷ 24 a minute) |',
);
console.log('|---:|---:|---:|---:|---:|---:|');
console.log(
  `| ${index.calls} | ${index.throttled} | ${(index.ms / 1000).toFixed(1)} s | ${fmt(indexMinutes)} | ${fmt(Math.ceil(index.calls / backgroundPerWindow) - 1)} | ${fmt(index.calls / kitPerWindow)} |`,
);
console.log('\n## (c) What each operation costs\n');
console.log('| operation | Hexnode calls |');
console.log('|---|---:|');
for (const row of table) console.log(`| ${row.operation} | ${row.calls} |`);
