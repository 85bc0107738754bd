/**
 * The kill -9 test's child process: a job worker on the PostgreSQL store (DATABASE_URL, the schema in argv)
 * acting through the simulator at the URL in argv. Prints `ready` once polling; the parent kills it with SIGKILL.
 */
import { HexnodeClient, HexnodeDirectory, OffboardingPlanner } from '@hexnode-offboard/core';
import { createJobWorker, createOffboardingExecutor } from '@hexnode-offboard/proxy';
import { createPostgresStore } from '@hexnode-offboard/proxy/postgres';
import { API_KEY } from './harness.js';

const [schema, simulatorUrl, leaseMs] = process.argv.slice(2);
if (!schema || !simulatorUrl || !leaseMs || !process.env.DATABASE_URL) {
  throw new Error('usage: DATABASE_URL=... job-worker-child <schema> <simulator url> <lease ms>');
}
const store = createPostgresStore({ connectionString: process.env.DATABASE_URL, schema });
await store.ready();
const client = new HexnodeClient({ baseUrl: simulatorUrl, apiKey: API_KEY, retry: false });
const planner = new OffboardingPlanner({ client, directory: new HexnodeDirectory(client) });
const worker = createJobWorker({
  queue: store,
  executors: {
    offboard: createOffboardingExecutor({ store, planner: () => planner, lockTtlMs: Number(leaseMs) }),
  },
  workerId: 'child',
  leaseMs: Number(leaseMs),
  pollIntervalMs: 20,
});
worker.start();
process.stdout.write('ready\n');
