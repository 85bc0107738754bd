/**
 * Benchmark: 1,000 leavers with about 1,500 devices on a 50,000-user / 80,000-device simulator with Hexnode's real
 * limits (30 calls a window, 10 per managed device a day) and a shortened window, the CLI's engine side by side
 * with the classic script (read every user page, then one wipe per leaver by user id). Real minutes = measured ×
 * 60 000 / window. Prints a markdown table.
 *
 *   npm run bench -w @hexnode-offboard/cli
 *   BENCH_WINDOW_MS=2000 BENCH_LEAVERS=1000 npm run bench -w @hexnode-offboard/cli
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HexnodeClient, normalizeEmail } from '@hexnode-offboard/core';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';
import { connect, offboard, toLeavers, type PlanAction } from '../src/index.js';

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 1000);
const USERS = Number(process.env.BENCH_USERS ?? 50_000);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 80_000);
const LEAVERS = Number(process.env.BENCH_LEAVERS ?? 1000);
/** The kit's share of the window: 24 of Hexnode's 30 calls. */
const KIT_CALLS_PER_WINDOW = 24;

interface Row {
  name: string;
  devices: number;
  calls: number;
  throttled: number;
  ms: number;
  /** Calls by kind: user pages, device pages, device details, action status reads, actions. */
  kinds: Record<string, number>;
}

function kindOf(method: string, path: string): string {
  if (method === 'POST') return 'actions';
  if (path === '/users/') return 'user pages';
  if (path === '/devices/') return 'device pages';
  if (path.endsWith('/action_status/')) return 'status reads';
  return 'details';
}

async function portal(): Promise<RunningSimulator> {
  return startSimulator({ users: USERS, devices: DEVICES, throttle: { windowMs: WINDOW_MS } });
}

/**
 * Leavers: ordinary employees, users with a unique email and one or two devices (the seeded fleet also has
 * shared accounts with hundreds of devices): half with two devices, half with one, about 1,500 devices in all.
 */
function pickLeavers(simulator: RunningSimulator) {
  const byEmail = new Map<string, number>();
  for (const user of simulator.simulator.users) {
    const key = normalizeEmail(user.email);
    if (key) byEmail.set(key, (byEmail.get(key) ?? 0) + 1);
  }
  const devices = new Map<number, number>();
  for (const device of simulator.simulator.devices) {
    if (device.userId !== null) devices.set(device.userId, (devices.get(device.userId) ?? 0) + 1);
  }
  const unique = simulator.simulator.users.filter((user) => byEmail.get(normalizeEmail(user.email)) === 1);
  const withDevices = (n: number, count: number) =>
    unique.filter((user) => devices.get(user.id) === n).slice(0, count);
  const half = Math.floor(LEAVERS / 2);
  return [...withDevices(2, half), ...withDevices(1, LEAVERS - half)]
    .sort((a, b) => a.id - b.id)
    .map((user) => ({ email: user.email!, devices: devices.get(user.id)! }));
}

const measure = (simulator: RunningSimulator, name: string, devices: number, started: number): Row => ({
  name,
  devices,
  calls: simulator.simulator.log.length,
  throttled: simulator.simulator.log.filter((entry) => entry.status === 429).length,
  ms: performance.now() - started,
  kinds: simulator.simulator.log.reduce<Record<string, number>>((kinds, entry) => {
    const kind = kindOf(entry.method, entry.path);
    return { ...kinds, [kind]: (kinds[kind] ?? 0) + 1 };
  }, {}),
});

/** The classic script: every user page, then one wipe per leaver naming the user. */
async function classic(): Promise<Row> {
  const simulator = await portal();
  try {
    const leavers = pickLeavers(simulator);
    const client = new HexnodeClient({
      baseUrl: simulator.url,
      apiKey: simulator.simulator.apiKey,
      budget: { windowMs: WINDOW_MS },
    });
    const started = performance.now();
    const byEmail = new Map<string, number[]>();
    for await (const user of client.users.list({ perPage: 250 })) {
      const key = normalizeEmail(user.email);
      if (key) byEmail.set(key, [...(byEmail.get(key) ?? []), user.id]);
    }
    for (const leaver of leavers) {
      const ids = byEmail.get(normalizeEmail(leaver.email)) ?? [];
      if (ids.length === 1) await client.actions.wipe({ users: ids }, { mode: 'complete' });
    }
    const devices = leavers.reduce((sum, leaver) => sum + leaver.devices, 0);
    return measure(simulator, 'classic script (wipe by user id)', devices, started);
  } finally {
    await simulator.close();
  }
}

async function engine(action: PlanAction): Promise<Row> {
  const simulator = await portal();
  try {
    const leavers = pickLeavers(simulator);
    const connection = connect(
      { baseUrl: simulator.url, apiKey: simulator.simulator.apiKey },
      { budget: { windowMs: WINDOW_MS } },
    );
    const started = performance.now();
    const { applied } = await offboard({
      connection,
      leavers: toLeavers(
        leavers.map(({ email }) => ({ email })),
        'bench',
      ),
      action,
      author: 'bench',
      key: 'bench-plan-key-0123456789',
      journalDir: mkdtempSync(join(tmpdir(), 'hexnode-offboard-bench-')),
      approvalThreshold: Number.MAX_SAFE_INTEGER,
    });
    if (applied?.pending.length) throw new Error(`${applied.pending.length} devices unresolved`);
    return measure(simulator, `hexnode-offboard ${action}`, applied?.sent.length ?? 0, started);
  } finally {
    await simulator.close();
  }
}

const rows: Row[] = [];
for (const run of [classic, () => engine('lock'), () => engine('wipe')]) {
  const row = await run();
  rows.push(row);
  console.error(
    `${row.name}: ${row.calls} calls (${JSON.stringify(row.kinds)}), ${row.throttled} 429s, ${(row.ms / 1000).toFixed(1)} s`,
  );
}
console.log(`${LEAVERS} leavers on a ${USERS} user / ${DEVICES} device simulator, window ${WINDOW_MS} ms\n`);
console.log(
  '| run | devices acted on | Hexnode calls | of which | 429s drawn | measured | real minutes | budget bound (calls ÷ 24 a minute) |',
);
console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  const real = row.ms / WINDOW_MS;
  const bound = row.calls / KIT_CALLS_PER_WINDOW;
  console.log(
    `| ${row.name} | ${row.devices} | ${row.calls} | ${Object.entries(row.kinds)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(
        ', ',
      )} | ${row.throttled} | ${(row.ms / 1000).toFixed(1)} s | ${real.toFixed(1)} | ${bound.toFixed(1)} |`,
  );
}
