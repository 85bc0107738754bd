/**
 * The request budget's stores: one contract for the memory store (core), the SQLite store (proxy/node) and (when a
 * server is there) the PostgreSQL store; two processes spending one budget through one SQLite file, and two pools
 * racing over one PostgreSQL budget.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { IN_FLIGHT_MS, MemoryBudgetStore, type BudgetStore, type BudgetTake } from '@hexnode-offboard/core';
import { createSqliteBudgetStore } from '@hexnode-offboard/proxy/node';
import { BUDGET_UNDER_TEST } from './support/budget.js';
import { DATABASE_URL, openPostgresStore, postgresTest } from './support/postgres.js';
import { tempDir } from './support/stores.js';

const CHILD = fileURLToPath(new URL('./support/budget-child.ts', import.meta.url));
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const WINDOW = 60_000;
const DAY = WINDOW * 1440;

const STORES: { name: string; open(): { store: BudgetStore; close(): void | Promise<void> } }[] = [
  { name: 'memory budget store', open: () => ({ store: new MemoryBudgetStore(), close: () => undefined }) },
  {
    name: 'SQLite budget store',
    open: () => {
      const temp = tempDir();
      const store = createSqliteBudgetStore(join(temp.dir, 'budget.db'));
      return {
        store,
        close: () => {
          store.close();
          temp.remove();
        },
      };
    },
  },
  ...(DATABASE_URL
    ? [
        {
          name: 'PostgreSQL budget store',
          open: () => {
            const { store, cleanup } = openPostgresStore();
            return { store: store.budgetStore, close: cleanup };
          },
        },
      ]
    : []),
];

const take = (now: number, extra: Partial<BudgetTake> = {}): BudgetTake => ({
  key: 'acme',
  now,
  windowMs: WINDOW,
  windowLimit: 3,
  dayMs: DAY,
  dayLimit: undefined,
  ...extra,
});

for (const fixture of STORES) {
  describe(fixture.name, () => {
    test('counts calls up to the window limit, then says when the oldest one frees a slot', async () => {
      const { store, close } = fixture.open();
      try {
        for (const at of [T0, T0 + 10, T0 + 20]) {
          const taken = await store.take(take(at));
          assert.ok(taken.ok);
          await store.settle('acme', taken.id, at);
        }
        assert.deepEqual(await store.take(take(T0 + 30)), {
          ok: false,
          retryAt: T0 + WINDOW,
          reason: 'window',
        });
        assert.equal((await store.take(take(T0 + 30, { key: 'globex' }))).ok, true, 'portals are separate');
        assert.equal((await store.take(take(T0 + WINDOW, { windowLimit: 3 }))).ok, true);
        assert.deepEqual(await store.usage('acme', T0 + WINDOW, WINDOW, DAY), {
          window: 3,
          day: 4,
          blockedUntil: 0,
        });
      } finally {
        await close();
      }
    });

    test('a call holds its slot until a window after its answer, and as if answered now while in flight', async () => {
      const { store, close } = fixture.open();
      try {
        const first = await store.take(take(T0, { windowLimit: 1 }));
        assert.ok(first.ok);
        assert.deepEqual(await store.take(take(T0 + WINDOW, { windowLimit: 1 })), {
          ok: false,
          retryAt: T0 + 2 * WINDOW,
          reason: 'window',
        });
        await store.settle('acme', first.id, T0 + 5_000);
        assert.deepEqual(await store.take(take(T0 + WINDOW, { windowLimit: 1 })), {
          ok: false,
          retryAt: T0 + 5_000 + WINDOW,
          reason: 'window',
        });
        await store.settle('acme', first.id, T0 + 50_000);
        assert.equal(
          (await store.take(take(T0 + 5_000 + WINDOW, { windowLimit: 1 }))).ok,
          true,
          'the first answer counts; a second settle changes nothing',
        );
        const lost = await store.take(take(T0 + 200_000, { windowLimit: 1 }));
        assert.ok(lost.ok);
        assert.equal(
          (await store.take(take(T0 + 200_000 + IN_FLIGHT_MS + WINDOW, { windowLimit: 1 }))).ok,
          true,
          'a call never answered holds its slot for IN_FLIGHT_MS and a window at most',
        );
      } finally {
        await close();
      }
    });

    test('the day refuses once its limit is spent, until the oldest bucket leaves it', async () => {
      const { store, close } = fixture.open();
      try {
        const day = { windowLimit: 100, dayLimit: 2 };
        assert.equal((await store.take(take(T0, day))).ok, true);
        assert.equal((await store.take(take(T0 + WINDOW, day))).ok, true);
        const refused = await store.take(take(T0 + 2 * WINDOW, day));
        assert.equal(refused.ok, false);
        assert.ok(!refused.ok && refused.reason === 'day');
        assert.ok(!refused.ok && refused.retryAt > T0 + DAY && refused.retryAt <= T0 + DAY + WINDOW);
        assert.equal((await store.take(take(T0 + DAY + WINDOW, day))).ok, true);
      } finally {
        await close();
      }
    });

    test('a 429 block refuses every take until it ends; a later block wins, an earlier one shortens nothing', async () => {
      const { store, close } = fixture.open();
      try {
        await store.block('acme', T0 + 40_000);
        await store.block('acme', T0 + 10_000);
        assert.deepEqual(await store.take(take(T0)), {
          ok: false,
          retryAt: T0 + 40_000,
          reason: 'throttled',
        });
        assert.equal((await store.usage('acme', T0, WINDOW, DAY)).blockedUntil, T0 + 40_000);
        assert.equal((await store.take(take(T0 + 40_000))).ok, true);
      } finally {
        await close();
      }
    });
  });
}

describe('the SQLite budget store', () => {
  test('lives in a database handed to it, next to other tables, and survives reopening', async () => {
    const temp = tempDir();
    try {
      const path = join(temp.dir, 'offboard.db');
      const db = new Database(path);
      const store = createSqliteBudgetStore(db);
      assert.equal((await store.take(take(T0))).ok, true);
      store.close();
      assert.equal(db.open, true, 'a database handed in stays open');
      db.close();
      const reopened = createSqliteBudgetStore(path);
      assert.equal((await reopened.usage('acme', T0, WINDOW, DAY)).window, 1);
      reopened.close();
    } finally {
      temp.remove();
    }
  });

  test('two processes spending one budget through one file never hold more slots than the window allows', async () => {
    const temp = tempDir();
    const path = join(temp.dir, 'budget.db');
    const calls = 30;
    const children = [0, 1].map(() =>
      spawn(
        process.execPath,
        ['--conditions=@hexnode-offboard/source', '--import', 'tsx', CHILD, path, String(calls)],
        {
          stdio: ['pipe', 'pipe', 'inherit'],
        },
      ),
    );
    try {
      const outputs = children.map((child) => createInterface({ input: child.stdout! }));
      await Promise.all(outputs.map(async (lines) => assert.equal((await once(lines, 'line'))[0], 'ready')));
      for (const child of children) child.stdin!.write('go\n');
      const made = (
        await Promise.all(
          outputs.map(async (lines) => JSON.parse(String((await once(lines, 'line'))[0])) as Made[]),
        )
      ).map((list, process) => list.map((call) => ({ ...call, process })));
      const all = made.flat().sort((a, b) => a.takenAt - b.takenAt);
      assert.equal(all.length, 2 * calls);
      const { windowMs, callsPerWindow } = BUDGET_UNDER_TEST;
      let busiest = 0;
      for (const call of all) {
        // At each take, the calls still holding a slot: taken by then and answered less than a window before it.
        const holding = all.filter(
          (a) => a.takenAt <= call.takenAt && a.answeredAt > call.takenAt - windowMs,
        );
        busiest = Math.max(busiest, holding.length);
      }
      assert.ok(
        busiest <= callsPerWindow,
        `${busiest} slots held at once; the window allows ${callsPerWindow}`,
      );
      const firstWindow = all.filter((call) => call.takenAt < all[0]!.takenAt + windowMs);
      assert.equal(
        new Set(firstWindow.map((call) => call.process)).size,
        2,
        'both processes spent the first window',
      );
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      temp.remove();
    }
  });
});

interface Made {
  takenAt: number;
  answeredAt: number;
}

describe('the PostgreSQL budget store across pools', () => {
  postgresTest(
    'sixteen takers on two pools of one database never get more slots than the window allows',
    async () => {
      const first = openPostgresStore({ max: 8 });
      const second = openPostgresStore({ schema: first.schema, max: 8 });
      try {
        const granted: string[] = [];
        await Promise.all(
          Array.from({ length: 16 }, async (_, index) => {
            const store = (index % 2 === 0 ? first : second).store.budgetStore;
            for (let attempt = 0; attempt < 4; attempt++) {
              const taken = await store.take(take(T0, { windowLimit: 24 }));
              if (taken.ok) granted.push(taken.id);
            }
          }),
        );
        assert.equal(granted.length, 24, '64 takes at one moment, 24 slots');
        const usage = await second.store.budgetStore.usage('acme', T0, WINDOW, DAY);
        assert.equal(usage.window, 24);
      } finally {
        await second.store.close();
        await first.cleanup();
      }
    },
  );
});
