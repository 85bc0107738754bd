/** Plans naming Hexnode groups: user groups' members as leavers, device groups limiting what is acted on. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import type { OffboardPlan } from '../src/index.js';
import { envFor, runBin, start, tempDir, writeFile } from './helpers.js';

let simulator: RunningSimulator;
before(async () => {
  simulator = await start();
});
beforeEach(() => simulator.simulator.reset());
after(() => simulator.close());

const readPlan = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as OffboardPlan;

test('a plan naming a user group: its members are the leavers, and even a small plan needs a second person', async () => {
  const sim = simulator.simulator;
  const group = sim.userGroups.find((g) => g.groupname === 'Seasonal Shift Q4')!;
  const members = sim.users.filter((user) => group.userIds.includes(user.id));
  assert.ok(members.length > 0);
  const dir = tempDir();
  const out = join(dir, 'plan.json');
  const env = envFor(simulator, dir, { HEXNODE_OFFBOARD_APPROVAL_THRESHOLD: '1000' });
  const planned = await runBin(
    ['plan', '--user-group', 'seasonal shift q4', '--action', 'lock', '--out', out],
    env,
  );
  assert.equal(planned.code, 0, planned.stderr);
  assert.match(
    planned.stderr,
    /names Hexnode group "seasonal shift q4": it needs approval by someone other than alice/,
  );
  const plan = readPlan(out);
  assert.deepEqual(plan.groups, { users: ['seasonal shift q4'], devices: [] });
  // Every member is a leaver: matched by email, or reported `no_email` (never dropped, never guessed).
  assert.deepEqual(
    plan.leavers.map((leaver) => leaver.email).sort(),
    members.map((user) => user.email ?? '').sort(),
  );
  for (const leaver of plan.leavers) {
    const member = members.find((user) => (user.email ?? '') === leaver.email)!;
    if (member.email === null) assert.equal(leaver.status, 'no_email');
    else assert.equal(leaver.userId, member.id);
  }
  assert.ok(plan.leavers.some((leaver) => leaver.status === 'matched'));
  assert.ok(plan.leavers.every((leaver) => leaver.group === 'Seasonal Shift Q4' && leaver.row === 0));
  const toAct = plan.totals.toAct;
  assert.ok(toAct > 0 && toAct <= 1000);

  const self = await runBin(['apply', out], env);
  assert.equal(self.code, 2);
  assert.match(self.stderr, /names Hexnode group "seasonal shift q4": someone other than alice must run/);
  assert.deepEqual(sim.actionsSent(), []);

  assert.equal((await runBin(['approve', out], { ...env, HEXNODE_OFFBOARD_USER: 'bob' })).code, 0);
  const applied = await runBin(['apply', out], env);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, new RegExp(`sent ${toAct}, refused 0, pending 0`));
  const named = sim.actionsSent().flatMap((entry) => (entry.body as { devices: number[] }).devices);
  assert.equal(named.length, toAct);
  assert.equal(new Set(named).size, toAct);
});

test('a plan naming a device group acts only on the leaver devices in it, re-checked at apply', async () => {
  const sim = simulator.simulator;
  const handhelds = sim.deviceGroups.find((g) => g.groupname === 'Warehouse Handhelds')!;
  const dir = tempDir();
  const out = join(dir, 'plan.json');
  const env = envFor(simulator, dir);
  const args = ['plan', '--user-group', 'Warehouse Staff', '--device-group', 'Warehouse Handhelds'];
  const planned = await runBin([...args, '--action', 'lock', '--out', out], env);
  assert.equal(planned.code, 0, planned.stderr);
  const plan = readPlan(out);
  assert.deepEqual(plan.groups, { users: ['Warehouse Staff'], devices: ['Warehouse Handhelds'] });
  const devices = plan.leavers.flatMap((leaver) => leaver.devices);
  assert.ok(
    devices.some((device) => !handhelds.deviceIds.includes(device.id)),
    'devices outside the group',
  );
  for (const device of devices) {
    if (handhelds.deviceIds.includes(device.id)) assert.equal(device.decision, 'act');
    else {
      assert.equal(device.decision, 'refused');
      assert.equal(device.reason, 'not in device group "Warehouse Handhelds"');
    }
  }
  const acting = devices.filter((device) => device.decision === 'act').map((device) => device.id);
  assert.ok(acting.length > 1);
  assert.equal((await runBin(['approve', out], { ...env, HEXNODE_OFFBOARD_USER: 'bob' })).code, 0);
  // Taken out of the group between plan and apply: refused at apply, never acted on.
  sim.deviceGroups.find((g) => g.id === handhelds.id)!.deviceIds = handhelds.deviceIds.filter(
    (id) => id !== acting[0],
  );
  const applied = await runBin(['apply', out], env);
  assert.equal(applied.code, 0, applied.stderr);
  const named = sim.actionsSent().flatMap((entry) => (entry.body as { devices: number[] }).devices);
  assert.deepEqual(named.sort(), acting.slice(1).sort());
});

test('a group Hexnode does not know (a shared group too), or no leavers named at all, is one clear error and sends nothing', async () => {
  const dir = tempDir();
  const env = envFor(simulator, dir);
  const out = join(dir, 'plan.json');
  const typo = await runBin(
    ['plan', '--user-group', 'Seasonal Shift Q5', '--action', 'lock', '--out', out],
    env,
  );
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /Hexnode has no user group named "Seasonal Shift Q5"/);
  const file = writeFile(dir, 'terminated.csv', 'email\nsam.shift@acme.example\n');
  const device = await runBin(
    ['plan', '--terminated', file, '--device-group', 'Warehouse Handheld', '--action', 'lock', '--out', out],
    env,
  );
  assert.equal(device.code, 2);
  assert.match(device.stderr, /Hexnode has no device group named "Warehouse Handheld"/);
  const shared = await runBin(
    [
      'plan',
      '--terminated',
      file,
      '--shared-device-groups',
      'Warehouse Handheld',
      '--action',
      'wipe',
      '--out',
      out,
    ],
    env,
  );
  assert.equal(shared.code, 2, 'a misspelt shared group must not leave a handheld in a wipe plan');
  assert.match(shared.stderr, /Hexnode has no device group named "Warehouse Handheld"/);
  const none = await runBin(['plan', '--action', 'lock', '--out', out], env);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Name the leavers: --terminated <file>, --user-group <names>, or both/);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});

test('two Hexnode device groups with one name (any case) are both read: a handheld in the second stays shared and is never wiped', async () => {
  const sim = simulator.simulator;
  const handhelds = sim.deviceGroups.find((g) => g.groupname === 'Warehouse Handhelds')!;
  const dir = tempDir();
  const file = writeFile(dir, 'terminated.csv', 'email\nsam.shift@acme.example\n');
  const env = envFor(simulator, dir);
  const out = join(dir, 'wipe.json');
  const args = ['--terminated', file, '--shared-device-groups', 'Warehouse Handhelds', '--action', 'wipe'];
  assert.equal((await runBin(['plan', ...args, '--out', out], env)).code, 0);
  const handheld = readPlan(out).leavers[0]!.devices.find((device) =>
    handhelds.deviceIds.includes(device.id),
  )!;
  assert.equal(handheld.decision, 'refused');
  // The handheld moves to a second group Hexnode lists later under the same name in another case.
  handhelds.deviceIds = handhelds.deviceIds.filter((id) => id !== handheld.id);
  (sim.deviceGroups as (typeof handhelds)[]).push({
    ...handhelds,
    id: Math.max(...sim.deviceGroups.map((g) => g.id)) + 1,
    groupname: 'warehouse handhelds',
    deviceIds: [handheld.id],
  });
  const again = await runBin(['plan', ...args, '--out', out], env);
  assert.equal(again.code, 0, again.stderr);
  const moved = readPlan(out).leavers[0]!.devices.find((device) => device.id === handheld.id)!;
  assert.equal(moved.decision, 'refused');
  assert.match(moved.reason!, /shared device \(group warehouse handhelds\)/);
  assert.deepEqual(sim.actionsSent(), []);
});
