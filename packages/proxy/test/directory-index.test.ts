/**
 * The directory index in the store: one contract for the memory store (core), the SQLite store's and (when a server
 * is there) the PostgreSQL store's `directoryIndexStore`; a handler restarted on the same SQLite file answers a
 * preview with no list read; a first preview on a big portal answers `indexing` at once, then `ready`. Against the
 * simulator's real throttle (30 calls a window, 10 per managed device a day) with a short window.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import {
  MemoryDirectoryIndexStore,
  SNAPSHOT_VERSION,
  type DirectoryIndexStore,
  type DirectorySnapshot,
} from '@hexnode-offboard/core';
import type { PreviewResponse } from '@hexnode-offboard/core/protocol';
import { createMemoryStore } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';
import { bigFleet } from '../../core/test/simulator-harness.js';
import { API_KEY, JANE, browserRequest, makeHandler } from './support/harness.js';
import { DATABASE_URL, openPostgresStore } from './support/postgres.js';
import { tempDir } from './support/stores.js';

const WINDOW_MS = 1000;

function snapshot(builtAt: number, users = 2, devices = 3): DirectorySnapshot {
  return {
    version: SNAPSHOT_VERSION,
    builtAt,
    pages: { users: 1, devices: 1 },
    counts: { users, devices },
    users: Array.from({ length: users }, (_, i) => [
      i + 1,
      `User ${i + 1}`,
      `u${i + 1}@acme.example`,
      null,
      'local',
      1,
    ]),
    devices: Array.from({ length: devices }, (_, i) => [
      i + 1,
      `Device ${i + 1}`,
      'Pixel 8',
      'Android',
      '14',
      `SER${i}`,
      'android',
      '2026-03-02T09:00:00.000Z',
      '2025-03-02T09:00:00.000Z',
      'enrolled',
      true,
      (i % users) + 1,
      `User ${(i % users) + 1}`,
      null,
      null,
    ]),
  };
}

const STORES: { name: string; open(): { store: DirectoryIndexStore; close(): Promise<void> } }[] = [
  { name: 'memory', open: () => ({ store: new MemoryDirectoryIndexStore(), close: async () => undefined }) },
  {
    name: 'SQLite',
    open: () => {
      const temp = tempDir();
      const store = createSqliteStore({ path: join(temp.dir, 'offboard.db') });
      return {
        store: store.directoryIndexStore,
        close: async () => {
          await store.close();
          temp.remove();
        },
      };
    },
  },
  ...(DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          open: () => {
            const { store, cleanup } = openPostgresStore();
            return { store: store.directoryIndexStore, close: cleanup };
          },
        },
      ]
    : []),
];

for (const fixture of STORES) {
  describe(`directory index store contract: ${fixture.name}`, () => {
    test('an unknown portal has none; a saved snapshot loads back equal, per portal', async () => {
      const { store, close } = fixture.open();
      try {
        assert.equal(await store.load('https://acme.hexnodemdm.com/api/v1/'), undefined);
        const saved = snapshot(1_000, 3, 5);
        await store.save('https://acme.hexnodemdm.com/api/v1/', saved);
        await store.save('https://globex.hexnodemdm.com/api/v1/', snapshot(2_000));
        assert.deepEqual(await store.load('https://acme.hexnodemdm.com/api/v1/'), saved);
        assert.equal((await store.load('https://globex.hexnodemdm.com/api/v1/'))?.builtAt, 2_000);
      } finally {
        await close();
      }
    });

    test('a newer snapshot replaces the stored one; an older one does not', async () => {
      const { store, close } = fixture.open();
      try {
        await store.save('acme', snapshot(1_000));
        await store.save('acme', snapshot(3_000, 4, 4));
        await store.save('acme', snapshot(2_000, 1, 1));
        const loaded = await store.load('acme');
        assert.equal(loaded?.builtAt, 3_000);
        assert.equal(loaded?.users.length, 4);
      } finally {
        await close();
      }
    });
  });
}

const listRead = (entry: { method: string; path: string }) =>
  entry.method === 'GET' && (entry.path === '/users/' || entry.path === '/devices/');

async function preview(handler: (request: Request) => Promise<Response>, email: string) {
  const response = await handler(browserRequest('/preview', { employee: { email } }));
  assert.equal(response.status, 200);
  return (await response.json()) as PreviewResponse;
}

describe('the handler keeps its index in the store', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({
      apiKey: API_KEY,
      checkinMs: 60 * 60_000,
      throttle: { windowMs: WINDOW_MS },
    });
  });
  after(() => sim.close());

  test('a handler restarted on the same SQLite file answers a preview with no list read', async () => {
    const temp = tempDir();
    const path = join(temp.dir, 'offboard.db');
    const hexnode = { baseUrl: sim.url, apiKey: API_KEY, budget: { windowMs: WINDOW_MS } };
    try {
      const first = createSqliteStore({ path });
      const before = await preview(makeHandler(sim, { store: first, hexnode }), JANE);
      await first.close();
      assert.equal(before.status, 'ready');
      assert.ok(before.indexedAt, 'the answer says how fresh the index is');
      assert.equal(sim.simulator.log.filter(listRead).length, 2, 'one page of users, one of devices');

      sim.simulator.reset();
      const second = createSqliteStore({ path });
      try {
        const after = await preview(makeHandler(sim, { store: second, hexnode }), JANE);
        assert.equal(after.status, 'ready');
        assert.deepEqual(
          after.devices.map((device) => device.id),
          before.devices.map((device) => device.id),
        );
        assert.equal(after.indexedAt, before.indexedAt, 'the same index, built before the restart');
        assert.equal(sim.simulator.log.filter(listRead).length, 0, 'no list read after the restart');
      } finally {
        await second.close();
      }
    } finally {
      temp.remove();
    }
  });

  test('finding the index stale at once, one instance reads the lists; the other takes its index', async () => {
    const temp = tempDir();
    const path = join(temp.dir, 'offboard.db');
    // A refresh interval of a second: no daily allowance (it would set a day-long bound) and a one-second
    // minimum, on the test's one-second minute.
    const hexnode = {
      baseUrl: sim.url,
      apiKey: API_KEY,
      budget: { windowMs: WINDOW_MS, dailyCallsPerDevice: 0 },
    };
    // Two processes' stores: two connections to one file.
    const stores = [createSqliteStore({ path }), createSqliteStore({ path })];
    sim.simulator.reset();
    try {
      const [one, two] = stores.map((store) => makeHandler(sim, { store, hexnode, directoryTtlMs: 1000 }));
      await preview(one!, JANE);
      await preview(two!, JANE);
      assert.equal(
        sim.simulator.log.filter(listRead).length,
        2,
        'the second instance loaded the first one’s index',
      );
      await delay(1200);
      sim.simulator.reset();
      // Both answer from the stale index at once, and each would refresh it in the background.
      const answers = await Promise.all([preview(one!, JANE), preview(two!, JANE)]);
      assert.deepEqual(
        answers.map((answer) => answer.status),
        ['ready', 'ready'],
      );
      for (let i = 0; i < 100 && sim.simulator.log.filter(listRead).length < 2; i++) await delay(10);
      await delay(300);
      assert.equal(
        sim.simulator.log.filter(listRead).length,
        2,
        'one page of users and one of devices, read once',
      );
    } finally {
      for (const store of stores) await store.close();
      temp.remove();
    }
  });
});

describe('a first preview on a big portal', () => {
  // 20,000 users (80 pages) and 2,000 devices (8 pages): 88 pages, more than the background's 21 calls a window.
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({
      apiKey: API_KEY,
      fleet: bigFleet(20_000, 2_000),
      checkinMs: 60 * 60_000,
      throttle: { windowMs: WINDOW_MS },
    });
  });
  after(() => sim.close());

  test('answers indexing at once with the build progress, no Hexnode call of its own, then ready once built', async () => {
    const store = createMemoryStore();
    const handler = makeHandler(sim, {
      store,
      hexnode: { baseUrl: sim.url, apiKey: API_KEY, budget: { windowMs: WINDOW_MS, maxWaitMs: 60_000 } },
    });
    const started = Date.now();
    const first = await preview(handler, 'user5@acme.example');
    assert.equal(first.status, 'indexing');
    assert.equal(first.indexing?.pagesTotal, 88);
    assert.ok(
      first.indexing.pagesRead >= 2 && first.indexing.pagesRead < 88,
      `${first.indexing.pagesRead} read`,
    );
    assert.ok(Date.now() - started < 3 * WINDOW_MS, 'answered before the 88 pages could be read');
    assert.deepEqual(first.devices, []);
    assert.equal(first.indexedAt, undefined);

    const others = () => sim.simulator.log.filter((entry) => !listRead(entry)).length;
    assert.equal(others(), 0, 'the indexing answer read nothing of its own');
    let answer = first;
    const seen: number[] = [first.indexing.pagesRead];
    while (answer.status === 'indexing') {
      await delay(500);
      answer = await preview(handler, 'user5@acme.example');
      if (answer.indexing) {
        seen.push(answer.indexing.pagesRead);
        assert.equal(others(), 0, 'an indexing answer reads nothing of its own');
      }
    }
    assert.ok(
      seen.every((read, i) => i === 0 || read >= seen[i - 1]!),
      `progress only grows: ${seen.join(', ')}`,
    );
    assert.equal(answer.status, 'ready');
    assert.deepEqual(
      answer.devices.map((device) => device.id),
      [5],
    );
    assert.ok(answer.indexedAt);
    const log = sim.simulator.log;
    assert.equal(log.filter(listRead).length, 88, 'every page read once');
    assert.equal(log.filter((entry) => entry.status === 429).length, 0, 'no 429 drawn');
    assert.ok(others() <= 2, 'besides the lists, only the ready preview read Hexnode, for its one device');
    // Each answer showed the employee's history: each is recorded, the indexing ones without a user or devices.
    const records = (await store.readAudit()).filter((record) => record.event === 'preview');
    assert.deepEqual(
      records.map((record) => [record.outcome, record.employee?.email, record.deviceIds.length]),
      [...seen.map(() => ['allowed', 'user5@acme.example', 0]), ['allowed', 'user5@acme.example', 1]],
    );
  });
});
