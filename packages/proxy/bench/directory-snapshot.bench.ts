/**
 * The directory index's snapshot for a 50,000-user / 80,000-device portal: how big it is and how long saving and
 * loading take, in the SQLite store's file (deflated JSON) and in core's memory store, and how long a restarted
 * directory takes to answer its first lookup from the stored index (no Hexnode call).
 * Usage: npm run bench:snapshot -w @hexnode-offboard/proxy  (BENCH_USERS, BENCH_DEVICES to change the portal)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  HexnodeClient,
  HexnodeDirectory,
  MemoryDirectoryIndexStore,
  SNAPSHOT_VERSION,
  type DirectorySnapshot,
  type SnapshotDevice,
  type SnapshotUser,
} from '@hexnode-offboard/core';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { encodeSnapshot } from '../src/store/snapshot-codec.js';

const USERS = Number(process.env.BENCH_USERS ?? 50_000);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 80_000);
const RUNS = 5;
const KEY = 'https://acme.hexnodemdm.com/api/v1/';

/** A portal's worth of rows, shaped like the simulator's (names, models, serials, ISO times, ids). */
function portal(builtAt: number): DirectorySnapshot {
  const users: SnapshotUser[] = Array.from({ length: USERS }, (_, i) => [
    i + 1,
    `Employee ${i + 1}`,
    `employee.${i + 1}@acme.example`,
    i % 3 === 0 ? `+1 555 ${String(i).padStart(7, '0')}` : null,
    'local',
    Math.floor(DEVICES / USERS) + (i < DEVICES % USERS ? 1 : 0),
  ]);
  const models = ['iPhone 15', 'Pixel 8', 'Galaxy S24', 'ThinkPad X1', 'MacBook Air', 'TC52'];
  const devices: SnapshotDevice[] = Array.from({ length: DEVICES }, (_, i) => {
    const user = (i % USERS) + 1;
    return [
      i + 1,
      `Device ${i + 1}`,
      models[i % models.length]!,
      i % 2 ? 'Android' : 'iOS',
      i % 2 ? '14' : '17.4',
      `SN${(i * 7919).toString(36).toUpperCase().padStart(8, '0')}`,
      i % 2 ? 'android' : 'ios',
      new Date(builtAt - (i % 5000) * 60_000).toISOString(),
      '2025-03-02T09:00:00.000000Z',
      'enrolled',
      i % 11 !== 0,
      user,
      `Employee ${user}`,
      (i * 104729).toString(16).padStart(16, '0'),
      i % 2 ? `35${String(i).padStart(13, '0')}` : null,
    ];
  });
  return {
    version: SNAPSHOT_VERSION,
    builtAt,
    pages: { users: Math.ceil(USERS / 250), devices: Math.ceil(DEVICES / 250) },
    counts: { users: USERS, devices: DEVICES },
    users,
    devices,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function time(run: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

const snapshot = portal(Date.now());
const json = JSON.stringify(snapshot);
const bytes = await encodeSnapshot(snapshot);
const dir = mkdtempSync(join(tmpdir(), 'hexnode-offboard-snapshot-'));
try {
  const store = createSqliteStore({ path: join(dir, 'offboard.db') });
  const sqlite = store.directoryIndexStore;
  const save = await time(() => sqlite.save(KEY, { ...snapshot, builtAt: snapshot.builtAt + 1 }));
  const load = await time(() => sqlite.load(KEY));
  const encode = await time(() => encodeSnapshot(snapshot));
  const memory = new MemoryDirectoryIndexStore();
  await memory.save(KEY, snapshot);
  const client = new HexnodeClient({ baseUrl: KEY, apiKey: 'bench-never-sent' });
  let found = '';
  // A restarted directory: the stored index read, checked and indexed, then the first lookup, no Hexnode call.
  const restart = await time(async () => {
    const directory = new HexnodeDirectory(client, { indexStore: sqlite, key: KEY });
    found = (await directory.lookup('employee.777@acme.example')).status;
  });
  const restartMemory = await time(async () => {
    const directory = new HexnodeDirectory(client, { indexStore: memory, key: KEY });
    await directory.lookup('employee.777@acme.example');
  });
  await store.close();
  const file = statSync(join(dir, 'offboard.db')).size;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `Directory snapshot, ${USERS.toLocaleString('en')} users / ${DEVICES.toLocaleString('en')} devices`,
  );
  console.log(`(${snapshot.pages.users + snapshot.pages.devices} list pages), median of ${RUNS} runs:\n`);
  console.log(
    '| JSON | stored (deflated) | encode | SQLite save | SQLite load | restart → first lookup (SQLite) | (memory store) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| ${mb(json.length)} | ${mb(bytes.length)} | ${encode.toFixed(0)} ms | ${save.toFixed(0)} ms | ${load.toFixed(0)} ms | ${restart.toFixed(0)} ms | ${restartMemory.toFixed(0)} ms |`,
  );
  console.log(`\nfirst lookup: ${found}; SQLite file after close: ${mb(file)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
