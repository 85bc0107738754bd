/**
 * The actions for a leaver's devices beyond lock and wipe: `change_owner` (hand a shared handheld to the shift
 * pool), `mark_as_disenrolled` (clear a disenroll an offline device never completes) and the wipe's bare body.
 * The throttle stays on (its default): these tests make a handful of calls and count them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSimulator, guesses, HARD_CASES, type SimulatorOptions } from '../src/index.js';

const KEY = 'leaver-key';
const BASE = 'https://acme.hexnodemdm.com/api/v1/';
const START = Date.parse('2026-03-02T09:00:00.000Z');

type Json = Record<string, unknown>;

function portal(options: SimulatorOptions = {}) {
  let clock = START;
  const sim = createSimulator({ apiKey: KEY, checkinMs: 1000, now: () => clock, ...options });
  const call = (path: string, body?: unknown) =>
    sim.handle(
      new Request(new URL(path, BASE), {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: KEY, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  const get = async <T = Json>(path: string): Promise<T> => {
    const response = await call(path);
    assert.equal(response.status, 200, path);
    return (await response.json()) as T;
  };
  const one = (email: string) => {
    const [user] = sim.findUsersByEmail(email);
    assert.ok(user, email);
    return user;
  };
  const device = (name: string) => {
    const found = sim.devices.find((d) => d.name === name);
    assert.ok(found, name);
    return found;
  };
  return { sim, call, get, one, device, advance: (ms: number) => void (clock += ms) };
}

const LEAVER = HARD_CASES.frontlineLeaver;

describe('change_owner', () => {
  test("moves the leaver's shared scanner to the shift pool: counts, lists, group and history follow", async () => {
    const p = portal();
    const rosa = p.one(LEAVER.email);
    const pool = p.one(HARD_CASES.shiftPool.email);
    const scanner = p.device(LEAVER.devices.sharedScanner);
    const before = p.sim.budget().window.used;

    const response = await p.call('actions/change_owner/', { user: pool.id, devices: [scanner.id] });
    assert.equal(response.status, 200);

    // The move is immediate: no check-in, the clock has not moved.
    assert.equal(scanner.userId, pool.id);
    const users = await p.get<{ results: Json[] }>(`users/?per_page=250`);
    const count = (id: number) => users.results.find((u) => u['id'] === id)!['total_devices'];
    assert.equal(count(rosa.id), 2);
    assert.equal(count(pool.id), 1);
    const list = await p.get<{ results: Json[] }>('devices/?per_page=250');
    assert.deepEqual(list.results.find((d) => d['id'] === scanner.id)!['user'], {
      id: pool.id,
      name: HARD_CASES.shiftPool.name,
    });
    const detail = await p.get<{ user: Json; owned_by: number }>(`devices/${scanner.id}/`);
    assert.equal(detail.user['email'], HARD_CASES.shiftPool.email);
    assert.equal(detail.owned_by, 2, 'the device stays corporate');
    const handhelds = p.sim.deviceGroups.find((g) => g.groupname === 'Warehouse Handhelds')!;
    const group = await p.get<{ devices: Json[] }>(`devicegroups/${handhelds.id}/`);
    assert.deepEqual(
      group.devices.filter((d) => d['id'] === scanner.id).map((d) => [d['user_id'], d['user_name']]),
      [[pool.id, HARD_CASES.shiftPool.name]],
      'the scanner stays in its shared group, under its new user',
    );
    assert.deepEqual(
      p.sim.commands(scanner.id).map((c) => [c.actionName, c.status, c.params]),
      [['Change Owner', 'Success', { user: pool.id }]],
    );
    // The laptop and the phone stay with the leaver.
    assert.equal(p.device(LEAVER.devices.laptop).userId, rosa.id);
    assert.equal(p.device(LEAVER.devices.personalPhone).userId, rosa.id);
    // Every call counts against the throttle: the action and the four reads.
    assert.equal(p.sim.budget().window.used - before, 5);
    assert.equal(p.sim.actionsSent().length, 1);
  });

  test('takes the new owner id as a digit string, and a one-element list body', async () => {
    const p = portal();
    const pool = p.one(HARD_CASES.shiftPool.email);
    const scanner = p.device(LEAVER.devices.sharedScanner);
    const laptop = p.device(LEAVER.devices.laptop);
    assert.equal(
      (await p.call('actions/change_owner/', { user: String(pool.id), devices: [scanner.id] })).status,
      200,
    );
    assert.equal(
      (await p.call('actions/change_owner/', [{ user: pool.id, devices: [laptop.id] }])).status,
      200,
    );
    assert.equal(scanner.userId, pool.id);
    assert.equal(laptop.userId, pool.id);
    assert.deepEqual(p.sim.commands(scanner.id)[0]!.params, { user: pool.id });
  });

  test('an unknown new owner or device is refused with 400, and nothing moves or is recorded', async () => {
    const p = portal();
    const rosa = p.one(LEAVER.email);
    const scanner = p.device(LEAVER.devices.sharedScanner);
    const unknownUser = await p.call('actions/change_owner/', { user: 999999, devices: [scanner.id] });
    assert.equal(unknownUser.status, 400);
    assert.deepEqual(await unknownUser.json(), [guesses.MESSAGES.doesNotExist('User', 999999)]);
    const unknownDevice = await p.call('actions/change_owner/', {
      user: rosa.id,
      devices: [scanner.id, 999999],
    });
    assert.equal(unknownDevice.status, 400);
    assert.deepEqual(await unknownDevice.json(), [guesses.MESSAGES.doesNotExist('Device', 999999)]);
    assert.equal(scanner.userId, rosa.id);
    assert.deepEqual(p.sim.commands(scanner.id), []);
    assert.equal(p.sim.budget().window.used, 2, 'refused calls count against the throttle too');
  });

  test('a device that is no longer enrolled does not move', async () => {
    const p = portal();
    const rosa = p.one(LEAVER.email);
    const pool = p.one(HARD_CASES.shiftPool.email);
    const laptop = p.device(LEAVER.devices.laptop);
    await p.call('actions/wipe_device/', { devices: [laptop.id] });
    p.advance(1000);
    assert.equal((await p.get(`devices/${laptop.id}/`))['enrollment_status'], 'unenrolled');
    assert.equal(
      (await p.call('actions/change_owner/', { user: pool.id, devices: [laptop.id] })).status,
      200,
    );
    assert.equal(laptop.userId, rosa.id);
    assert.deepEqual(
      p.sim.commands(laptop.id).map((c) => c.action),
      ['wipe_device'],
    );
  });

  test('a change the throttle refuses moves nothing', async () => {
    // A one-call minute: the second call of the minute is refused with 429.
    const p = portal({ throttle: { ratePerMinute: 1 } });
    const rosa = p.one(LEAVER.email);
    const pool = p.one(HARD_CASES.shiftPool.email);
    const scanner = p.device(LEAVER.devices.sharedScanner);
    assert.equal((await p.call('users/1/')).status, 200);
    const refused = await p.call('actions/change_owner/', { user: pool.id, devices: [scanner.id] });
    assert.equal(refused.status, 429);
    assert.equal(scanner.userId, rosa.id);
    assert.deepEqual(p.sim.commands(scanner.id), []);
    assert.equal(p.sim.budget().throttled, 1);
  });
});

describe('mark_as_disenrolled', () => {
  test('disenrolls an offline device at once once its disenroll is pending, and finishes that disenroll', async () => {
    const p = portal();
    const olly = p.one(HARD_CASES.offline.email);
    const [yard] = p.sim.devices.filter((d) => d.userId === olly.id);
    assert.ok(yard && !yard.online);
    assert.equal((await p.call('actions/disenroll_device/', { devices: [yard.id] })).status, 200);
    p.advance(86_400_000);
    assert.equal(
      (await p.get(`devices/${yard.id}/`))['enrollment_status'],
      'enrolled',
      'offline: never completes',
    );
    assert.equal((await p.call('actions/mark_as_disenrolled/', { devices: [yard.id] })).status, 200);
    const detail = await p.get(`devices/${yard.id}/`);
    assert.equal(detail['enrollment_status'], 'unenrolled');
    assert.equal(detail['disenrolled_time'], new Date(START + 86_400_000).toISOString());
    const history = await p.get<{ results: Json[] }>(`devices/${yard.id}/action_status/`);
    assert.deepEqual(
      history.results.map((c) => [c['action_name'], c['status']]),
      [
        ['Mark as Disenrolled', 'Success'],
        ['Disenroll Device', 'Success'],
      ],
    );
  });

  test('leaves a device without a pending disenroll alone (the official page: it only works after a disenroll)', async () => {
    const p = portal();
    const laptop = p.device(LEAVER.devices.laptop);
    assert.equal((await p.call('actions/mark_as_disenrolled/', { devices: [laptop.id] })).status, 200);
    assert.equal(laptop.enrollmentStatus, 'enrolled');
    assert.deepEqual(p.sim.commands(laptop.id), []);
  });
});

describe('wipe_device', () => {
  test('takes the documented bare body and wipes the device once it checks in', async () => {
    const p = portal();
    const laptop = p.device(LEAVER.devices.laptop);
    const response = await p.call('actions/wipe_device/', { devices: [laptop.id] });
    assert.equal(response.status, 200);
    assert.deepEqual(
      p.sim.commands(laptop.id).map((c) => [c.actionName, c.status, c.params]),
      [['Wipe Device', 'Pending', {}]],
    );
    p.advance(1000);
    assert.equal((await p.get(`devices/${laptop.id}/`))['enrollment_status'], 'unenrolled');
  });

  test('accepts a wipe_type of any value and ignores it: a "corporate" wipe of a personal phone still erases it', async () => {
    const p = portal();
    const phone = p.device(LEAVER.devices.personalPhone);
    const laptop = p.device(LEAVER.devices.laptop);
    assert.equal((await p.get<{ owned_by: number }>(`devices/${phone.id}/`)).owned_by, 1);
    assert.equal(
      (await p.call('actions/wipe_device/', { devices: [phone.id], wipe_type: 'corporate' })).status,
      200,
    );
    assert.equal(
      (await p.call('actions/wipe_device/', { devices: [laptop.id], wipe_type: 'everything' })).status,
      200,
    );
    assert.deepEqual(p.sim.commands(phone.id)[0]!.params, {}, 'the option is not part of the command');
    p.advance(1000);
    assert.equal((await p.get(`devices/${phone.id}/`))['enrollment_status'], 'unenrolled');
    assert.equal((await p.get(`devices/${laptop.id}/`))['enrollment_status'], 'unenrolled');
  });
});
