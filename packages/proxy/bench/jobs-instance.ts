/**
 * One instance of the zero-touch benchmark, in a process of its own: a job worker on the PostgreSQL store (its
 * queue, locks, audit chain and the Hexnode budget's counters) acting through the simulator. Prints `ready`, then
 * runs until the parent kills it. Arguments: the schema, the simulator's URL, the window in ms, the worker's
 * concurrency.
 */
import { HexnodeClient, HexnodeDirectory, OffboardingPlanner } from '@hexnode-offboard/core';
import { createJobWorker, createOffboardingExecutor } from '@hexnode-offboard/proxy';
import { createPostgresStore } from '@hexnode-offboard/proxy/postgres';

const [schema, simulatorUrl, windowMs, concurrency] = process.argv.slice(2);
if (!schema || !simulatorUrl || !windowMs || !concurrency || !process.env.DATABASE_URL) {
  throw new Error('usage: DATABASE_URL=... jobs-instance <schema> <simulator url> <window ms> <concurrency>');
}
const store = createPostgresStore({ connectionString: process.env.DATABASE_URL, schema, max: 8 });
await store.ready();
const client = new HexnodeClient({
  baseUrl: simulatorUrl,
  apiKey: 'bench-api-key',
  // Every instance counts in the store's budget: together they spend one portal's share.
  budget: { store: store.budgetStore, windowMs: Number(windowMs), maxWaitMs: 40 * Number(windowMs) },
});
// Warm, as the handler keeps it: both lists indexed once and refreshed every 5 minutes, instead of a cold lookup
// reading the device pages up to each leaver's devices for every job.
const directory = new HexnodeDirectory(client);
await directory.warm();
const planner = new OffboardingPlanner({ client, directory });
const worker = createJobWorker({
  queue: store,
  executors: { offboard: createOffboardingExecutor({ store, planner: () => planner }) },
  concurrency: Number(concurrency),
  pollIntervalMs: 25,
});
worker.start();
process.stdout.write('ready\n');
