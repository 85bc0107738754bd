import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import {
  HexnodeDirectory,
  MemoryDirectoryIndexStore,
  RequestBudget,
  refreshIntervalMs,
  type DirectorySnapshot,
  type HexnodeClient,
} from '@hexnode-offboard/core';
import { bigFleet, useSimulator } from './simulator-harness.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

describe('refreshIntervalMs: the index refresh spends at most half the background share', () => {
  // pages, managed devices -> minutes, with the defaults: 21 background calls a minute, 6 per device a day.
  const cases: Array<{ portal: string; pages: number; devices: number | undefined; minutes: number }> = [
    { portal: '10 users / 10 devices', pages: 2, devices: 10, minutes: 96 },
    { portal: '100 / 100', pages: 2, devices: 100, minutes: 9.6 },
    { portal: '1,000 / 1,000', pages: 8, devices: 1000, minutes: 5 },
    { portal: '10,000 / 16,000', pages: 104, devices: 16_000, minutes: 9.9048 },
    { portal: '50,000 / 80,000', pages: 520, devices: 80_000, minutes: 49.5238 },
    {
      portal: '50,000 / 80,000, device count not yet known',
      pages: 520,
      devices: undefined,
      minutes: 49.5238,
    },
  ];
  for (const { portal, pages, devices, minutes } of cases) {
    test(portal, () => {
      const dayLimit = devices === undefined ? undefined : Math.floor(Math.floor(10 * devices * 0.8) * 0.75);
      const ms = refreshIntervalMs({
        pages,
        windowMs: MINUTE,
        windowLimit: 21,
        dayMs: DAY,
        dayLimit,
        minimumMs: 5 * MINUTE,
      });
      assert.ok(Math.abs(ms / MINUTE - minutes) < 0.001, `${ms / MINUTE} minutes`);
      // Whatever bound wins, the refreshes stay within half of each share.
      assert.ok((pages * MINUTE) / ms <= 21 / 2 + 1e-9);
      if (dayLimit !== undefined) assert.ok((pages * DAY) / ms <= dayLimit / 2 + 1e-9);
    });
  }

  test('an explicit minimum wins over a shorter derived interval, and no daily allowance means never', () => {
    const base = { pages: 2, windowMs: MINUTE, windowLimit: 21, dayMs: DAY, dayLimit: 6000 };
    assert.equal(refreshIntervalMs({ ...base, minimumMs: 30 * MINUTE }), 30 * MINUTE);
    assert.equal(refreshIntervalMs({ ...base, dayLimit: 0, minimumMs: 0 }), Number.POSITIVE_INFINITY);
  });
});

describe('the index in a store', () => {
  // 2,000 users (8 pages of 250) and 3,000 devices (12 pages), a one-second throttle window.
  const sim = useSimulator({
    fleet: bigFleet(2000, 3000),
    faults: { latencyMs: 5 },
    throttle: { windowMs: 1000 },
  });

  test('a restart loads the saved index: the same answers with no list read', async () => {
    const store = new MemoryDirectoryIndexStore();
    const first = sim.directory({ indexStore: store, key: 'acme' });
    await first.warm();
    assert.equal(sim.requests().length, 20);
    const saved = await store.load('acme');
    assert.ok(saved);
    assert.deepEqual(saved.pages, { users: 8, devices: 12 });
    assert.deepEqual(saved.counts, { users: 2000, devices: 3000 });
    const before = await first.lookup('user5@acme.example');

    sim.running.simulator.reset();
    const second = sim.directory({ indexStore: store, key: 'acme' });
    await second.warm();
    const after = await second.lookup('USER5@acme.example');
    assert.deepEqual(after, before);
    assert.deepEqual(sim.requests(), [], 'no Hexnode call after the restart');
    assert.equal(second.indexState().builtAt, saved.builtAt);
  });

  test('a stale or unreadable saved index is rebuilt; a portal is found under its own key', async () => {
    const store = new MemoryDirectoryIndexStore();
    let now = 5_000_000;
    await sim.directory({ indexStore: store, key: 'acme', now: () => now }).warm();
    sim.running.simulator.reset();
    const other = sim.directory({ indexStore: store, key: 'globex', now: () => now });
    await other.warm();
    assert.equal(sim.requests().length, 20, 'another portal has no index yet');

    sim.running.simulator.reset();
    now += 10 * MINUTE;
    await sim.directory({ indexStore: store, key: 'acme', now: () => now }).warm();
    assert.equal(sim.requests().length, 20, 'older than its interval: read again');

    sim.running.simulator.reset();
    await store.save('acme', { version: 99, builtAt: now } as unknown as DirectorySnapshot);
    const fresh = sim.directory({ indexStore: store, key: 'acme', now: () => now });
    assert.equal((await fresh.lookup('user7@acme.example')).status, 'found');
    assert.ok(sim.requests().length > 0, 'a snapshot of another version is not trusted');
  });

  test("a stale index is first looked for in the store: another process's refresh costs no list read", async () => {
    const store = new MemoryDirectoryIndexStore();
    let now = 7_000_000;
    const a = sim.directory({ indexStore: store, key: 'acme', now: () => now });
    await a.warm();
    const b = sim.directory({ indexStore: store, key: 'acme', now: () => now });
    await b.warm();
    assert.equal(sim.requests().length, 20, 'b loaded the index a built');
    now += 10 * MINUTE;
    await a.warm(); // stale: a reads both lists again and saves
    assert.equal(sim.requests().length, 40);

    sim.running.simulator.reset();
    const answer = await b.lookup('user4@acme.example');
    assert.equal(answer.status, 'found', 'answered at once from the index b had');
    for (let i = 0; i < 100 && b.indexState().builtAt !== now; i++) await delay(10);
    assert.equal(b.indexState().builtAt, now, "b took a's newer index from the store");
    assert.equal(b.indexState().building, null);
    assert.deepEqual(sim.requests(), [], 'no list read');
  });

  test('two directories finding the index stale at once: one reads the lists, the other takes its index', async () => {
    const store = new MemoryDirectoryIndexStore();
    let now = 9_000_000;
    const a = sim.directory({ indexStore: store, key: 'acme', now: () => now });
    await a.warm();
    const b = sim.directory({ indexStore: store, key: 'acme', now: () => now });
    await b.warm();
    sim.running.simulator.reset();
    now += 10 * MINUTE;
    // Both answer from their stale index at once, and both would start a background refresh.
    const [fromA, fromB] = await Promise.all([
      a.lookup('user4@acme.example'),
      b.lookup('user4@acme.example'),
    ]);
    assert.deepEqual([fromA.status, fromB.status], ['found', 'found']);
    const refreshAt = now;
    const refreshed = () => [a, b].filter((directory) => directory.indexState().builtAt === refreshAt).length;
    for (let i = 0; i < 200 && refreshed() === 0; i++) await delay(10);
    assert.equal(refreshed(), 1, 'one of them refreshed');
    assert.equal(sim.requests().length, 20, 'the lists were read once, not twice');

    // The other one looks again a window later and takes the saved index, with no list read.
    now += 1000;
    sim.running.simulator.reset();
    await Promise.all([a.lookup('user5@acme.example'), b.lookup('user5@acme.example')]);
    for (let i = 0; i < 200 && refreshed() < 2; i++) await delay(10);
    assert.equal(refreshed(), 2);
    assert.deepEqual(sim.requests(), [], 'no list read');
  });

  test('a build reports pages read of pages total, and lookups wait for a first index', async () => {
    const directory = sim.directory({ concurrency: 2 });
    assert.deepEqual(directory.indexState().building, null);
    assert.equal(directory.indexState().builtAt, null);
    const warming = directory.warm();
    await directory.whenIndexSized();
    const building = directory.indexState().building;
    assert.ok(building);
    assert.equal(building.pagesTotal, 20);
    assert.ok(building.pagesRead >= 2 && building.pagesRead < 20, `${building.pagesRead} read`);
    const lookup = await directory.lookup('user9@acme.example');
    assert.equal(lookup.status, 'found');
    await warming;
    assert.equal(directory.indexState().building, null);
    assert.equal(sim.requests().length, 20, 'the lookup joined the build');
  });
});

describe('lookupMany, the re-check before acting', () => {
  const sim = useSimulator({ fleet: bigFleet(500, 500), throttle: { windowMs: 1000 } });

  test('never answers from an index older than ttlMs, even while lookups may', async () => {
    let now = 9_000_000;
    const directory = sim.directory({ ttlMs: MINUTE, now: () => now });
    await directory.warm();
    assert.equal(sim.requests().length, 4);
    now += MINUTE; // at the minimum interval: stale for both
    const interval = directory.indexState().refreshIntervalMs;
    assert.equal(interval, MINUTE);
    sim.running.simulator.reset();
    const results = await directory.lookupMany(['user3@acme.example']);
    assert.equal(results.get('user3@acme.example')?.status, 'found');
    assert.equal(sim.requests().length, 4, 'both lists read again before answering');
    assert.equal(directory.indexState().builtAt, now);
  });
});

describe('a build whose list changes under it', () => {
  test('a list read that starts over does not report the build sized before the other list knows its size', async () => {
    const page = <T>(count: number, results: T[]) => ({ count, next: null, previous: null, results });
    const user = (id: number) => ({
      id,
      name: `U${id}`,
      email: `u${id}@acme.example`,
      phoneno: null,
      domain: 'local',
    });
    // The users' page 2 first says 3 users (one joined mid-read): the users read starts over and sizes itself again.
    let userPage2Reads = 0;
    let releaseDevices!: () => void;
    const devicesHeld = new Promise<void>((resolve) => (releaseDevices = resolve));
    const client = {
      budget: new RequestBudget({}, 'fake'),
      users: {
        getPage: async (n: number) =>
          n === 1 ? page(2, [user(1)]) : page(userPage2Reads++ === 0 ? 3 : 2, [user(2)]),
      },
      devices: {
        getPage: async () => {
          await devicesHeld;
          return page(0, []);
        },
      },
    } as unknown as HexnodeClient;
    const directory = new HexnodeDirectory(client);
    const warming = directory.warm();
    let sized = false;
    const whenSized = directory.whenIndexSized().then(() => (sized = true));
    for (let i = 0; i < 100 && userPage2Reads < 2; i++) await delay(1);
    await delay(10);
    assert.equal(userPage2Reads, 2, 'the users read started over');
    assert.equal(sized, false, 'the devices list has not told its size yet');
    releaseDevices();
    await warming;
    await whenSized;
    assert.equal(sized, true);
  });
});
