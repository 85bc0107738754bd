import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import { Journal, readJournal, type OffboardPlan } from '../src/index.js';
import { envFor, PLAN_KEY, runBin, start, tempDir, writeFile } from './helpers.js';

let simulator: RunningSimulator;
before(async () => {
  simulator = await start();
});
beforeEach(() => simulator.simulator.reset());
after(() => simulator.close());

const rosa = HARD_CASES.frontlineLeaver;
const shared = ['--shared-device-groups', 'Warehouse Handhelds'];

function setup() {
  const dir = tempDir();
  const file = writeFile(dir, 'terminated.csv', `email,name\n${rosa.email},${rosa.name}\n`);
  const sim = simulator.simulator;
  const device = (name: string) => sim.devices.find((d) => d.name === name)!;
  const pool = sim.users.find((u) => u.email === HARD_CASES.shiftPool.email)!;
  return { dir, file, env: envFor(simulator, dir), out: join(dir, 'plan.json'), device, pool };
}

const changeOwnerCalls = () =>
  simulator.simulator.actionsSent().filter((entry) => entry.path === '/actions/change_owner/');

test('reassign: the shared scanner goes to the pool account in one change_owner call; the laptop and the phone are refused', async () => {
  const { file, env, out, device, pool } = setup();
  const scanner = device(rosa.devices.sharedScanner);
  const laptop = device(rosa.devices.laptop);
  const phone = device(rosa.devices.personalPhone);
  const rosaId = scanner.userId;
  const planned = await runBin(
    [
      'plan',
      '--terminated',
      file,
      '--action',
      'reassign',
      '--reassign-to',
      HARD_CASES.shiftPool.email,
      ...shared,
      '--out',
      out,
    ],
    env,
  );
  assert.equal(planned.code, 0, planned.stderr);
  assert.match(planned.stderr, new RegExp(`reassign 1 devices to ${HARD_CASES.shiftPool.email}`));
  const plan = JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan;
  assert.equal(plan.options.reassignTo, pool.id);
  assert.deepEqual(plan.reassign, {
    to: HARD_CASES.shiftPool.email,
    sharedDeviceGroups: ['Warehouse Handhelds'],
  });
  const decisions = new Map(plan.leavers[0]!.devices.map((d) => [d.id, d]));
  assert.equal(decisions.get(scanner.id)!.decision, 'act');
  for (const refused of [laptop, phone]) {
    assert.equal(decisions.get(refused.id)!.decision, 'refused');
    assert.match(decisions.get(refused.id)!.reason!, /not in a shared device group/);
  }
  assert.deepEqual(simulator.simulator.actionsSent(), []);

  const applied = await runBin(['apply', out], env);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /sent 1, refused 0, pending 0/);
  const calls = changeOwnerCalls();
  assert.equal(calls.length, 1);
  assert.equal(simulator.simulator.actionsSent().length, 1);
  assert.deepEqual(calls[0]!.body, { user: pool.id, devices: [scanner.id] });
  assert.equal(device(rosa.devices.sharedScanner).userId, pool.id);
  assert.equal(device(rosa.devices.laptop).userId, rosaId);
  assert.equal(device(rosa.devices.personalPhone).userId, rosaId);

  const status = await runBin(['status', out, '--format', 'json'], env);
  assert.equal(status.code, 0, status.stderr);
  assert.deepEqual(JSON.parse(status.stdout), [{ device: scanner.id, status: 'done' }] as unknown);
});

test('reassign to a Hexnode user id plans the same target', async () => {
  const { file, env, out, pool } = setup();
  const run = await runBin(
    [
      'plan',
      '--terminated',
      file,
      '--action',
      'reassign',
      '--reassign-to',
      String(pool.id),
      ...shared,
      '--out',
      out,
    ],
    env,
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal((JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan).options.reassignTo, pool.id);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});

test('reassign refuses an unknown pool account, a missing one and no shared groups: exit 2, nothing sent', async () => {
  const { file, env, out } = setup();
  const base = ['plan', '--terminated', file, '--action', 'reassign', '--out', out];
  const unknown = await runBin([...base, '--reassign-to', HARD_CASES.unknownEmail, ...shared], env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no Hexnode user has this email/);
  const unknownId = await runBin([...base, '--reassign-to', '987654', ...shared], env);
  assert.equal(unknownId.code, 2);
  assert.match(unknownId.stderr, /no Hexnode user has this id/);
  const ambiguous = await runBin([...base, '--reassign-to', HARD_CASES.sharedEmail.email, ...shared], env);
  assert.equal(ambiguous.code, 2);
  assert.match(ambiguous.stderr, /Hexnode users have this email/);
  const missing = await runBin([...base, ...shared], env);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /needs --reassign-to/);
  const noGroups = await runBin([...base, '--reassign-to', HARD_CASES.shiftPool.email], env);
  assert.equal(noGroups.code, 2);
  assert.match(noGroups.stderr, /needs --shared-device-groups/);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});

test('a plan whose pool account was changed after signing is refused and sends nothing', async () => {
  const { file, env, out } = setup();
  const other = simulator.simulator.users.find((u) => u.email === 'jane.leaver@acme.example')!;
  const planned = await runBin(
    [
      'plan',
      '--terminated',
      file,
      '--action',
      'reassign',
      '--reassign-to',
      HARD_CASES.shiftPool.email,
      ...shared,
      '--out',
      out,
    ],
    env,
  );
  assert.equal(planned.code, 0, planned.stderr);
  const plan = JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan;
  plan.options.reassignTo = other.id;
  writeFileSync(out, JSON.stringify(plan));
  const run = await runBin(['apply', out], env);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /changed since it was signed/);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});

test('a reassign whose outcome was lost in a crash is recognised from the Change Owner command, never sent twice', async () => {
  const { dir, file, env, out, device, pool } = setup();
  const planned = await runBin(
    [
      'plan',
      '--terminated',
      file,
      '--action',
      'reassign',
      '--reassign-to',
      HARD_CASES.shiftPool.email,
      ...shared,
      '--out',
      out,
    ],
    env,
  );
  assert.equal(planned.code, 0, planned.stderr);
  const plan = JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan;
  assert.equal((await runBin(['apply', out], env)).code, 0);
  assert.equal(changeOwnerCalls().length, 1);
  // The crash: the journal as it was after the intent line, before Hexnode's answer was written down.
  const journalFile = join(dir, 'journal', `${plan.id}.jsonl`);
  const written = readJournal(journalFile, PLAN_KEY);
  const intent = written.find((entry) => entry.type === 'intent')!;
  writeFileSync(journalFile, '');
  const journal = new Journal(journalFile, PLAN_KEY);
  journal.append({ type: 'run', planId: plan.id, action: plan.action, author: plan.author, pid: 1 });
  journal.append({ type: 'intent', batch: '1.1.1', devices: intent.type === 'intent' ? intent.devices : [] });
  journal.close();
  const resumed = await runBin(['apply', out], env);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /sent 1, refused 0, pending 0/);
  assert.equal(changeOwnerCalls().length, 1);
  assert.equal(device(HARD_CASES.frontlineLeaver.devices.sharedScanner).userId, pool.id);
  const entries = readJournal(journalFile, PLAN_KEY);
  assert.ok(entries.some((entry) => entry.type === 'resolved' && entry.acted.length === 1));
});

test('a leaver who is the pool account keeps their shared device: refused, nothing sent', async () => {
  const { file, env, out, device } = setup();
  const run = await runBin(
    [
      'plan',
      '--terminated',
      file,
      '--action',
      'reassign',
      '--reassign-to',
      rosa.email,
      ...shared,
      '--out',
      out,
    ],
    env,
  );
  assert.equal(run.code, 0, run.stderr);
  const plan = JSON.parse(readFileSync(out, 'utf8')) as OffboardPlan;
  const scanner = plan.leavers[0]!.devices.find((d) => d.id === device(rosa.devices.sharedScanner).id)!;
  assert.equal(scanner.decision, 'refused');
  assert.equal(scanner.reason, 'already held by the pool account');
  assert.equal(plan.totals.toAct, 0);
  assert.deepEqual(simulator.simulator.actionsSent(), []);
});
