/** `status` through the run's tracker: the handler's schedule, each point read once, nothing read between points. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import { connect, journalFile, readJournal, trackRun, type OffboardPlan } from '../src/index.js';
import { PLAN_KEY, envFor, runBin, start, tempDir, writeFile } from './helpers.js';

let simulator: RunningSimulator;
before(async () => {
  simulator = await start();
});
after(() => simulator.close());

test("status reads each device at most once per point of the handler's schedule, and nothing between points", async () => {
  const dir = tempDir();
  const file = writeFile(dir, 'terminated.csv', 'email\njane.leaver@acme.example\n');
  const out = join(dir, 'plan.json');
  const env = envFor(simulator, dir);
  assert.equal((await runBin(['plan', '--terminated', file, '--action', 'lock', '--out', out], env)).code, 0);
  const applied = await runBin(['apply', out], env);
  assert.equal(applied.code, 0, applied.stderr);
  const plan = JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan;
  const journal = journalFile(join(dir, 'journal'), plan.id);
  const entries = readJournal(journal, PLAN_KEY);
  const sentAt = Date.parse(entries.find((entry) => entry.type === 'sent')!.at);
  const devices = plan.leavers[0]!.devices.filter((device) => device.decision === 'act').length;
  assert.ok(devices > 1);

  // The real minute (the schedule: 10 s, 30 s, 1, 2, 5, 15 min, 1 h, then hourly) on a fake clock.
  const { client } = connect({ baseUrl: simulator.url, apiKey: simulator.simulator.apiKey });
  const reads = () =>
    simulator.simulator.log.filter((entry) => /\/action_status\/?$/.test(entry.path)).length;
  const track = (at: number) =>
    trackRun(client, plan.action, journal, entries, { now: () => sentAt + at, windowMs: 60_000 });

  const before = reads();
  const first = await track(2_000);
  assert.equal(reads() - before, devices, 'the first status reads every sent device once');
  assert.equal(first.nextCheckAt, sentAt + 10_000);
  assert.ok(existsSync(journal.replace(/\.jsonl$/, '.status.json')));
  for (let i = 0; i < 10; i += 1) {
    const again = await track(3_000 + i * 500);
    assert.deepEqual(again.devices, first.devices);
  }
  assert.equal(reads() - before, devices, 'ten more status runs before the next point read nothing');

  const second = await track(10_001);
  const open = first.devices.filter((device) => !['done', 'failed'].includes(device.state)).length;
  assert.equal(reads() - before, devices + open, 'the next point reads only the devices not yet final');
  assert.equal(second.checkedAt, sentAt + 10_001);

  // Past the schedule's end (24 h) one last read, then never again.
  await track(25 * 3_600_000);
  const ended = await track(26 * 3_600_000);
  assert.equal(ended.nextCheckAt, null);
  const afterEnd = reads();
  await track(27 * 3_600_000);
  assert.equal(reads(), afterEnd, 'nothing is read after the schedule ends');
  assert.equal(ended.trackedUntil, sentAt + 24 * 3_600_000);
});

test('between points, a resumed run reads only the devices it sent since; the others wait for the next point', async () => {
  // Devices that never check in: every sent device stays pending (open), so a re-read would show.
  const quiet = await start({ checkinMs: 3_600_000 });
  try {
    const dir = tempDir();
    const file = writeFile(dir, 'terminated.csv', 'email\njane.leaver@acme.example\n');
    const out = join(dir, 'plan.json');
    const env = envFor(quiet, dir);
    assert.equal(
      (await runBin(['plan', '--terminated', file, '--action', 'lock', '--out', out], env)).code,
      0,
    );
    assert.equal((await runBin(['apply', out], env)).code, 0);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan;
    const journal = journalFile(join(dir, 'journal'), plan.id);
    const entries = readJournal(journal, PLAN_KEY);
    const sentEntry = entries.find((entry) => entry.type === 'sent')!;
    assert.ok(sentEntry.type === 'sent' && sentEntry.devices.length > 1);
    const [first, ...later] = sentEntry.devices;
    // The run as it stood before it was resumed: only the first device sent.
    const before = entries.map((entry) =>
      entry === sentEntry ? { ...sentEntry, devices: [first!] } : entry,
    );
    const sentAt = Date.parse(sentEntry.at);
    const { client } = connect({ baseUrl: quiet.url, apiKey: quiet.simulator.apiKey });
    const reads = () => quiet.simulator.log.filter((entry) => /\/action_status\/?$/.test(entry.path)).length;

    const start0 = reads();
    const firstRead = await trackRun(client, plan.action, journal, before, { now: () => sentAt + 2_000 });
    assert.deepEqual(
      firstRead.devices.map((device) => [device.id, device.state]),
      [[first, 'pending']],
    );
    const resumed = await trackRun(client, plan.action, journal, entries, { now: () => sentAt + 3_000 });
    assert.equal(
      reads() - start0,
      1 + later.length,
      'the pending first device is not read again before its point',
    );
    assert.equal(resumed.devices.length, sentEntry.devices.length);
    assert.equal(resumed.nextCheckAt, firstRead.nextCheckAt, 'the schedule keeps its next point');
  } finally {
    await quiet.close();
  }
});
