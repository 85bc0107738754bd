import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import { envFor, runBin, start, tempDir } from './helpers.js';

let simulator: RunningSimulator;
before(async () => {
  simulator = await start();
});
after(() => simulator.close());

test('doctor --probe-actions reports each catalogue path and touches no device (the simulator log proves it)', async () => {
  const before = simulator.simulator.devices.map((device) => simulator.simulator.commands(device.id).length);
  const run = await runBin(['doctor', '--probe-actions'], envFor(simulator, tempDir()));
  assert.equal(run.code, 0, run.stdout + run.stderr);
  for (const path of [
    'lock_devices',
    'wipe_device',
    'disenroll_device',
    'enable_lost_mode',
    'message',
    'change_owner',
    'mark_as_disenrolled',
  ]) {
    assert.match(run.stdout, new RegExp(`/actions/${path}/: real path, HTTP 400`));
  }
  assert.match(run.stdout, /wipe_device\/: real path, HTTP 400 \(guess confirmed\)/);
  const known = new Set(simulator.simulator.devices.map((device) => device.id));
  const actions = simulator.simulator.actionsSent();
  assert.equal(actions.length, 9, 'one probe for each of the nine catalogue actions');
  for (const entry of actions) {
    const body = entry.body as Record<string, unknown>;
    assert.deepEqual(
      Object.keys(body).filter((key) => ['users', 'usergroups', 'devicegroups'].includes(key)),
      [],
    );
    const ids = body.devices as number[];
    assert.ok(ids.length === 1 && !known.has(ids[0]!), JSON.stringify(body));
    assert.equal(entry.status, 400);
  }
  const after = simulator.simulator.devices.map((device) => simulator.simulator.commands(device.id).length);
  assert.deepEqual(after, before);
});

test('doctor with a wrong key says so and exits 1', async () => {
  const run = await runBin(['doctor'], { ...envFor(simulator, tempDir()), HEXNODE_API_KEY: 'wrong-key' });
  assert.equal(run.code, 1);
  assert.match(run.stdout, /FAIL key and base URL: 401/);
});

test('--help lists every command', async () => {
  const run = await runBin(['--help'], envFor(simulator, tempDir()));
  assert.equal(run.code, 0);
  for (const command of ['map', 'plan', 'approve', 'apply', 'offboard', 'status', 'audit', 'doctor']) {
    assert.match(run.stdout, new RegExp(`\\n  ${command}\\b`));
  }
});
