import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import type { OffboardPlan } from '../src/index.js';
import { readFileSync } from 'node:fs';
import {
  bulkFleet,
  commandsPerDevice,
  envFor,
  leaversCsv,
  runBin,
  start,
  tempDir,
  writeFile,
} from './helpers.js';

let simulator: RunningSimulator;
before(async () => {
  simulator = await start({ fleet: bulkFleet(24) });
});
after(() => simulator.close());

// Where to kill each run: after this many progress lines on stderr, then at a random moment after the start.
const lines = Array.from({ length: 2 }, () => 1 + Math.floor(Math.random() * 6));
const delays = Array.from({ length: 3 }, () => Math.floor(Math.random() * 1200));

test(`kill -9 during apply (after ${lines.join(', ')} progress lines, ${delays.join(', ')} ms after the start), then the same command: one action per device, every leaver handled`, async () => {
  const dir = tempDir();
  const file = writeFile(dir, 'terminated.csv', leaversCsv(24));
  const out = join(dir, 'plan.json');
  const env = { ...envFor(simulator, dir), HEXNODE_OFFBOARD_APPROVAL_THRESHOLD: '100' };
  const planned = await runBin(['plan', '--terminated', file, '--action', 'lock', '--out', out], env);
  assert.equal(planned.code, 0, planned.stderr);
  const plan = JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan;
  const apply = ['apply', out, '--batch-size', '4'];
  let killed = 0;
  const kills = [
    ...lines.map((count) => ({ killWhen: (stderr: string) => stderr.split('\n').length > count })),
    ...delays.map((killAfterMs) => ({ killAfterMs })),
  ];
  for (const kill of kills) {
    const run = await runBin(apply, env, kill);
    if (run.signal === 'SIGKILL') killed += 1;
    else assert.equal(run.code, 0, run.stderr);
  }
  assert.ok(killed > 0, 'at least one run was killed');
  const final = await runBin(apply, env);
  assert.equal(final.code, 0, final.stderr);
  assert.match(final.stdout, new RegExp(`sent ${plan.totals.toAct}, refused 0, pending 0`));
  const counts = commandsPerDevice(simulator, 'lock_devices');
  const expected = plan.leavers
    .flatMap((leaver) => leaver.devices.map((device) => device.id))
    .sort((a, b) => a - b);
  assert.deepEqual(
    [...counts.keys()].sort((a, b) => a - b),
    expected,
  );
  assert.ok(
    [...counts.values()].every((n) => n === 1),
    JSON.stringify([...counts]),
  );
  const status = await runBin(['status', out, '--format', 'json'], env);
  assert.equal(status.code, 0, status.stderr);
  const states = JSON.parse(status.stdout) as { device: number; status: string }[];
  assert.deepEqual(
    states.map((row) => row.device).sort((a, b) => a - b),
    expected,
  );
  assert.ok(
    states.every((row) => ['pending', 'in_progress', 'done'].includes(row.status)),
    status.stdout,
  );
  const runs = await runBin(['status'], env);
  assert.match(runs.stdout, new RegExp(`${plan.id}\\s+\\d+\\s+\\S+\\s+yes`));
  const byId = await runBin(['status', plan.id, '--format', 'json'], env);
  assert.equal(byId.code, 0, byId.stderr);
  assert.equal((JSON.parse(byId.stdout) as unknown[]).length, expected.length);
  const verify = await runBin(['audit', 'verify', out], env);
  assert.equal(verify.code, 0, verify.stderr);
  assert.match(verify.stdout, /chain intact/);
});
