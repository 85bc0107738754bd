/**
 * One process of the cross-process SQLite queue test: waits for "go" on stdin, then claims jobs two at a time
 * from the shared file, a millisecond apart (as a worker between jobs, so the processes interleave), until none is
 * due, and prints the ids it claimed as one JSON line.
 * Arguments: the database file, this worker's id, the claim time (epoch ms).
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { createSqliteJobQueue } from '@hexnode-offboard/proxy/sqlite';

const [path, workerId, now] = process.argv.slice(2);
const queue = createSqliteJobQueue(path!);
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await once(lines, 'line');
const claimed: string[] = [];
for (;;) {
  const jobs = await queue.claimJobs({ workerId: workerId!, now: Number(now), limit: 2, leaseMs: 600_000 });
  if (jobs.length === 0) break;
  claimed.push(...jobs.map((job) => job.id));
  await sleep(1);
}
process.stdout.write(`${JSON.stringify(claimed)}\n`);
lines.close();
queue.close();
