/**
 * One process of the two-process budget test: waits for "go" on stdin, then makes `calls` calls through a
 * RequestBudget on the shared SQLite file (each "answered" 0-20 ms after it was taken) and prints, as one JSON
 * line, when each call was taken and answered. Arguments: the database file, the number of calls.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { RequestBudget } from '@hexnode-offboard/core';
import { createSqliteBudgetStore } from '@hexnode-offboard/proxy/node';
import { BUDGET_UNDER_TEST } from './budget.js';

const [path, calls] = process.argv.slice(2);
const store = createSqliteBudgetStore(path!);
const budget = new RequestBudget({ ...BUDGET_UNDER_TEST, store }, 'https://acme.hexnodemdm.com/api/v1/');
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await once(lines, 'line');
const made: { takenAt: number; answeredAt: number }[] = [];
for (let i = 0; i < Number(calls); i++) {
  const slot = await budget.acquire(i % 2 === 0 ? 'action' : 'preview');
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
  const answeredAt = Date.now();
  await store.settle(budget.key, slot.id, answeredAt);
  made.push({ takenAt: slot.at, answeredAt });
}
process.stdout.write(`${JSON.stringify(made)}\n`);
lines.close();
store.close();
