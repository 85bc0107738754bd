/**
 * `npm run start:cluster`: two instances, two processes, one store. A termination sent through one instance is
 * listed by the other (one queue), on the SQLite file and, when a server is there, on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCluster } from './cluster-support.js';
import { DATABASE_URL, dropSchema, freshSchema, postgresTest } from './postgres-support.js';
import { formFields, terminate } from './terminate-support.js';

async function signIn(origin: string): Promise<string> {
  const response = await fetch(new URL('/signin', origin), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ username: 'harriet', password: 'demo', next: '/' }),
  });
  assert.equal(response.status, 303);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Terminates Tom Baker (voluntary, far ahead: no Hexnode call) through instance 1; reads the jobs on instance 2. */
async function sharesOneQueue(env: NodeJS.ProcessEnv, store: RegExp): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hrms-demo-cluster-'));
  const cluster = await startCluster({ HRMS_DEMO_DATA_DIR: dataDir, SIMULATOR_CHECKIN_MS: '100', ...env });
  try {
    const [first, second] = cluster.origins as [string, string];
    assert.notEqual(first, second);
    assert.match(cluster.output(), store);
    const cookie = await signIn(first);
    const profile = await (await fetch(new URL('/employees/E1008', first), { headers: { cookie } })).text();
    const form = {
      ...formFields(profile),
      type: 'voluntary',
      effectiveDate: '2099-03-01',
      effectiveTime: '09:00',
    };
    const sent = await terminate({ origin: first }, 'E1008', cookie, form);
    assert.equal(sent.status, 303);
    const jobId = new URL(sent.headers.get('location') ?? '', first).searchParams.get('job');
    assert.ok(jobId, 'instance 1 stored a job');
    // The same data folder: instance 2 accepts instance 1's session cookie, and lists the job from the shared queue.
    const listed = await (await fetch(new URL('/offboarding', second), { headers: { cookie } })).text();
    assert.match(listed, new RegExp(`data-job-id="${jobId}" data-state="scheduled"`));
    assert.match(listed, /Tom Baker/);
  } finally {
    const code = await cluster.stop();
    await rm(dataDir, { recursive: true, force: true });
    assert.equal(code, 0, cluster.output());
  }
  // Both instances stopped with the cluster.
  for (const origin of cluster.origins) await assert.rejects(fetch(origin), 'nothing listens there any more');
}

test('start:cluster runs two instances on one SQLite file: a job sent through one is listed by the other', async () => {
  await sharesOneQueue({}, /\[instance 1\] Store: SQLite file .*offboard\.sqlite/);
});

postgresTest('start:cluster with DATABASE_URL: two instances on one PostgreSQL share the queue', async () => {
  const schema = freshSchema();
  try {
    await sharesOneQueue(
      { DATABASE_URL, DATABASE_SCHEMA: schema },
      new RegExp(`\\[instance 2\\] Store: PostgreSQL at 127\\.0\\.0\\.1:\\d+/\\w+ \\(schema ${schema}\\)`),
    );
  } finally {
    await dropSchema(schema);
  }
});
