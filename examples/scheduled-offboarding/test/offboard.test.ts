import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { HexnodeClient } from '@hexnode-offboard/core';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';
import { offboard, type Leaver } from '../src/offboard.js';

let simulator: RunningSimulator;
before(async () => {
  simulator = await startSimulator();
});
beforeEach(() => simulator.simulator.reset());
after(() => simulator.close());

const client = () => new HexnodeClient({ baseUrl: simulator.url, apiKey: simulator.simulator.apiKey });

test('the leavers found once in Hexnode get exactly one wipe naming their users; the rest are skipped', async () => {
  const leavers = JSON.parse(await readFile(new URL('../leavers.json', import.meta.url), 'utf8')) as Leaver[];
  const { wiped, skipped } = await offboard(client(), leavers);
  assert.deepEqual(
    simulator.simulator.actionsSent().map((entry) => [entry.method, entry.path, entry.body]),
    [
      [
        'POST',
        '/actions/wipe_device/',
        { users: [HARD_CASES.manager.id, HARD_CASES.shiftWorker.id], wipe_type: 'corporate' },
      ],
    ],
  );
  assert.deepEqual(
    wiped.map(({ leaver }) => leaver.email),
    ['jane.leaver@acme.example', 'Sam.Shift@ACME.example'],
  );
  assert.deepEqual(
    skipped.map(({ leaver, users }) => [leaver.email, users.length]),
    [
      ['shared@acme.example', 2],
      ['not.in.hexnode@acme.example', 0],
    ],
  );
});

test('no action is sent when no leaver is in Hexnode', async () => {
  const { wiped } = await offboard(client(), [{ email: HARD_CASES.unknownEmail }, { email: '' }]);
  assert.equal(wiped.length, 0);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});
