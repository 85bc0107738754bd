import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { connect } from '@hexnode-offboard/cli';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';
import { offboard, type Leaver } from '../src/offboard.js';

let simulator: RunningSimulator;
before(async () => {
  simulator = await startSimulator();
});
beforeEach(() => simulator.simulator.reset());
after(() => simulator.close());

const options = () => ({
  key: 'example-test-key-0123456789',
  journalDir: mkdtempSync(join(tmpdir(), 'scheduled-offboarding-')),
});
const connection = () => connect({ baseUrl: simulator.url, apiKey: simulator.simulator.apiKey });

test('the leavers found once in Hexnode get one wipe naming their checked devices; the rest are skipped', async () => {
  const leavers = JSON.parse(await readFile(new URL('../leavers.json', import.meta.url), 'utf8')) as Leaver[];
  const { plan, applied } = await offboard(connection(), leavers, options());
  const devicesOf = (userId: number) =>
    simulator.simulator.devices.filter((device) => device.userId === userId).map((device) => device.id);
  const expected = [...devicesOf(HARD_CASES.manager.id), ...devicesOf(HARD_CASES.shiftWorker.id)];
  assert.deepEqual(
    simulator.simulator.actionsSent().map((entry) => [entry.method, entry.path, entry.body]),
    [['POST', '/actions/wipe_device/', { devices: expected }]],
  );
  assert.deepEqual(
    applied?.sent.sort((a, b) => a - b),
    [...expected].sort((a, b) => a - b),
  );
  assert.deepEqual(
    plan.leavers.map((leaver) => [leaver.email, leaver.status]),
    [
      ['jane.leaver@acme.example', 'matched'],
      ['Sam.Shift@ACME.example', 'matched'],
      ['shared@acme.example', 'several_users'],
      ['not.in.hexnode@acme.example', 'not_in_hexnode'],
    ],
  );
});

test('no action is sent when no leaver is in Hexnode', async () => {
  const { applied } = await offboard(
    connection(),
    [{ email: HARD_CASES.unknownEmail }, { email: '' }],
    options(),
  );
  assert.deepEqual(applied?.sent, []);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});
