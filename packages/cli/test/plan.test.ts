import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import type { OffboardPlan } from '../src/index.js';
import { bulkFleet, envFor, leaversCsv, runBin, start, tempDir, writeFile } from './helpers.js';

let simulator: RunningSimulator;
before(async () => {
  simulator = await start();
});
beforeEach(() => simulator.simulator.reset());
after(() => simulator.close());

const HARD = [
  ['jane.leaver@acme.example', 'matched'],
  ['Sam.Shift@ACME.example', 'matched'],
  ['mixed.case@acme.example', 'matched'],
  ['no.devices@acme.example', 'matched'],
  ['offline.olly@acme.example', 'matched'],
  [HARD_CASES.sharedEmail.email, 'several_users'],
  [HARD_CASES.unknownEmail, 'not_in_hexnode'],
  ['ſam.shift@acme.example', 'not_in_hexnode'],
  ['', 'no_email'],
] as const;

const hardCsv = () => `email,name\n${HARD.map(([email], i) => `${email},Person ${i}`).join('\n')}\n`;

test('map: every hard case gets its status, from two list reads, and nothing is sent', async () => {
  const dir = tempDir();
  const file = writeFile(dir, 'employees.csv', hardCsv());
  const run = await runBin(['map', '--employees', file, '--format', 'json'], envFor(simulator, dir));
  assert.equal(run.code, 0, run.stderr);
  const rows = JSON.parse(run.stdout) as {
    email: string;
    status: string;
    hexnodeUsers: string;
    devices: number;
  }[];
  assert.deepEqual(
    rows.map((row) => [row.email, row.status]),
    HARD.map(([email, status]) => [email, status]),
  );
  assert.equal(rows[0]!.hexnodeUsers, String(HARD_CASES.manager.id));
  assert.equal(
    rows[0]!.devices,
    simulator.simulator.devices.filter((d) => d.userId === HARD_CASES.manager.id).length,
  );
  assert.equal(rows[5]!.hexnodeUsers, HARD_CASES.sharedEmail.ids.join(' '));
  assert.deepEqual(simulator.simulator.actionsSent(), []);
  assert.equal(simulator.simulator.log.length, 2);
});

test('plan a wipe: personal devices are refused with a reason, the plan is signed, names its author, sends nothing', async () => {
  const dir = tempDir();
  const file = writeFile(dir, 'terminated.csv', hardCsv());
  const out = join(dir, 'plan.json');
  const run = await runBin(
    ['plan', '--terminated', file, '--action', 'wipe', '--out', out],
    envFor(simulator, dir),
  );
  assert.equal(run.code, 0, run.stderr);
  const plan = JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan;
  assert.equal(plan.author, 'alice');
  assert.match(plan.signature, /^[0-9a-f]{64}$/);
  const personal = simulator.simulator.devices.find(
    (d) => d.ownership === 'personal' && d.userId === HARD_CASES.mixedCase.id,
  )!;
  const planned = plan.leavers.flatMap((leaver) => leaver.devices);
  const max = planned.find((device) => device.id === personal.id)!;
  assert.equal(max.decision, 'refused');
  assert.match(max.reason!, /personal device/);
  for (const device of planned.filter((d) => d.decision === 'act')) {
    assert.equal(simulator.simulator.devices.find((d) => d.id === device.id)!.ownership, 'corporate');
  }
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});

test('offboard --dry-run prints the plan and sends nothing', async () => {
  const dir = tempDir();
  const file = writeFile(dir, 'terminated.csv', hardCsv());
  const run = await runBin(
    ['offboard', '--terminated', file, '--action', 'lock', '--dry-run'],
    envFor(simulator, dir),
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /jane\.leaver@acme\.example\s+\d+\s+Jane's iPhone/);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});

test('a big plan approved by its own author is refused; approved by someone else it runs', async () => {
  await simulator.close();
  simulator = await start({ fleet: bulkFleet(30) });
  const dir = tempDir();
  const file = writeFile(dir, 'terminated.csv', leaversCsv(30));
  const out = join(dir, 'plan.json');
  const env = envFor(simulator, dir);
  assert.equal((await runBin(['plan', '--terminated', file, '--action', 'lock', '--out', out], env)).code, 0);
  const self = await runBin(['approve', out], env);
  assert.equal(self.code, 2);
  assert.match(self.stderr, /alice wrote this plan; another person must approve it/);
  const refused = await runBin(['apply', out], env);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /acts on 45 devices \(more than 20\): someone other than alice/);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
  const approved = await runBin(['approve', out], { ...env, HEXNODE_OFFBOARD_USER: 'bob' });
  assert.equal(approved.code, 0, approved.stderr);
  const applied = await runBin(['apply', out], env);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /sent 45, refused 0, pending 0/);
  assert.equal(simulator.simulator.actionsSent().length, 1);
});

test('a tampered plan (a device added, an approval forged) is refused and sends nothing', async () => {
  const dir = tempDir();
  const file = writeFile(dir, 'terminated.csv', 'email\njane.leaver@acme.example\n');
  const out = join(dir, 'plan.json');
  const env = envFor(simulator, dir);
  assert.equal((await runBin(['plan', '--terminated', file, '--action', 'wipe', '--out', out], env)).code, 0);
  const plan = JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan;
  const extra = { ...plan.leavers[0]!.devices[0]!, id: 999 };
  plan.leavers[0]!.devices.push(extra);
  writeFileSync(out, JSON.stringify(plan));
  const edited = await runBin(['apply', out], env);
  assert.equal(edited.code, 2);
  assert.match(edited.stderr, /changed since it was signed/);
  plan.leavers[0]!.devices.pop();
  plan.approvals.push({ by: 'bob', at: new Date().toISOString(), signature: '0'.repeat(64) });
  writeFileSync(out, JSON.stringify(plan));
  const forged = await runBin(['apply', out], env);
  assert.equal(forged.code, 2);
  assert.match(forged.stderr, /approval by bob does not match/);
  const otherKey = await runBin(['apply', out], {
    ...env,
    HEXNODE_OFFBOARD_PLAN_KEY: 'another-key-0123456789',
  });
  assert.equal(otherKey.code, 2);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});

test('a wipe never names a shared device (a member of a named shared group); a lock warns about it', async () => {
  await simulator.close();
  simulator = await start(); // the seeded fleet, with its shared handhelds (a test above swapped the fleet)
  const dir = tempDir();
  const file = writeFile(dir, 'terminated.csv', 'email\nsam.shift@acme.example\n');
  const env = envFor(simulator, dir);
  const group = simulator.simulator.deviceGroups.find((g) => g.groupname === 'Warehouse Handhelds')!;
  const wipe = join(dir, 'wipe.json');
  const args = ['--terminated', file, '--shared-device-groups', 'warehouse handhelds'];
  assert.equal((await runBin(['plan', ...args, '--action', 'wipe', '--out', wipe], env)).code, 0);
  const [handheld] = (JSON.parse(readFileSync(wipe, 'utf8')) as OffboardPlan).leavers[0]!.devices;
  assert.ok(group.deviceIds.includes(handheld!.id));
  assert.equal(handheld!.decision, 'refused');
  assert.match(handheld!.reason!, /shared device \(group Warehouse Handhelds\)/);
  const lock = join(dir, 'lock.json');
  assert.equal((await runBin(['plan', ...args, '--action', 'lock', '--out', lock], env)).code, 0);
  const [locked] = (JSON.parse(readFileSync(lock, 'utf8')) as OffboardPlan).leavers[0]!.devices;
  assert.equal(locked!.decision, 'act');
  assert.deepEqual(locked!.warnings, ['shared device (group Warehouse Handhelds)']);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});
