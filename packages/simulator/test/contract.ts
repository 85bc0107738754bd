/**
 * The contract suite: what a client sees of the simulated Hexnode portal. It runs unchanged against the msw
 * handlers (msw.test.ts) and against the loopback HTTP server (http.test.ts).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { guesses, HARD_CASES, type Simulator, type SimulatorOptions } from '../src/index.js';

export interface Harness {
  sim: Simulator;
  /** The API base URL, ending `/api/v1/`. */
  baseUrl: string;
  /** Where the control surface lives: `${origin}/__simulator/...`. */
  origin: string;
  close(): Promise<void>;
}

export type MakeHarness = (options: SimulatorOptions) => Promise<Harness>;

const KEY = 'contract-key';
const START = Date.parse('2026-03-02T09:00:00.000Z');

interface Page<T = Record<string, unknown>> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

type Json = Record<string, unknown> & { id: number };

export function contractSuite(transport: string, make: MakeHarness): void {
  describe(`Hexnode simulator contract over ${transport}`, () => {
    let clock = START;
    let harness: Harness | undefined;

    async function start(options: SimulatorOptions = {}): Promise<Harness> {
      clock = START;
      harness = await make({ apiKey: KEY, checkinMs: 1000, now: () => clock, ...options });
      return harness;
    }

    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    function api(h: Harness, path: string, init: RequestInit = {}): Promise<Response> {
      const headers = new Headers(init.headers);
      if (!headers.has('Authorization')) headers.set('Authorization', KEY);
      if (init.body !== undefined && !headers.has('Content-Type'))
        headers.set('Content-Type', 'application/json');
      return fetch(new URL(path, h.baseUrl), { ...init, headers });
    }

    async function getJson<T = Json>(h: Harness, path: string): Promise<T> {
      const response = await api(h, path);
      assert.equal(response.status, 200, `GET ${path}`);
      return (await response.json()) as T;
    }

    function post(h: Harness, path: string, body: unknown): Promise<Response> {
      return api(h, path, { method: 'POST', body: JSON.stringify(body) });
    }

    async function allPages<T = Json>(h: Harness, path: string): Promise<{ items: T[]; pages: Page<T>[] }> {
      const pages: Page<T>[] = [];
      let next: string | null = new URL(path, h.baseUrl).href;
      while (next) {
        const response: Response = await fetch(next, { headers: { Authorization: KEY } });
        assert.equal(response.status, 200);
        const page = (await response.json()) as Page<T>;
        pages.push(page);
        next = page.next;
      }
      return { items: pages.flatMap((p) => p.results), pages };
    }

    /** Waits until the simulator has received `count` API requests (no fixed delay: the server may be slow). */
    async function arrived(h: Harness, count: number): Promise<void> {
      while (h.sim.log.length < count) await new Promise((resolve) => setTimeout(resolve, 2));
    }

    function userByEmail(h: Harness, email: string) {
      const [user] = h.sim.findUsersByEmail(email);
      assert.ok(user, email);
      return user;
    }

    function devicesOf(h: Harness, userId: number) {
      return h.sim.devices.filter((d) => d.userId === userId);
    }

    describe('authentication', () => {
      test('a request without Authorization gets 401 with a DRF detail and a challenge', async () => {
        const h = await start();
        const response = await fetch(new URL('users/', h.baseUrl));
        assert.equal(response.status, 401);
        assert.equal(response.headers.get('WWW-Authenticate'), guesses.WWW_AUTHENTICATE);
        assert.deepEqual(await response.json(), { detail: guesses.MESSAGES.notAuthenticated });
      });

      test('a wrong key or a prefixed key gets 401 and the response never echoes a key', async () => {
        const h = await start();
        for (const value of ['wrong-key', `Bearer ${KEY}`, `Token ${KEY}`]) {
          const response = await api(h, 'devices/', { headers: { Authorization: value } });
          assert.equal(response.status, 401, value);
          const text = await response.text();
          assert.deepEqual(JSON.parse(text), { detail: guesses.MESSAGES.invalidKey });
          assert.ok(!text.includes(KEY) && !text.includes('wrong-key'));
        }
      });

      test('the raw key is accepted on every API path', async () => {
        const h = await start();
        for (const path of [
          'users/',
          'users/2/',
          'devices/',
          'devices/2/',
          'devices/2/action_status/',
          'usergroups/',
          'devicegroups/',
        ]) {
          assert.equal((await api(h, path)).status, 200, path);
        }
      });
    });

    describe('paging', () => {
      test('following absolute next links visits every user exactly once', async () => {
        // 230 users, then the two hard cases appended after the seeded fleet.
        const h = await start({ users: 230 });
        const { items, pages } = await allPages(h, 'users/?per_page=50');
        assert.equal(pages.length, 5);
        assert.equal(items.length, 232);
        assert.equal(new Set(items.map((u) => u.id)).size, 232);
        assert.ok(pages.every((p) => p.count === 232));
        assert.equal(pages[0]!.next, new URL('users/?per_page=50&page=2', h.baseUrl).href);
        assert.equal(pages[0]!.previous, null);
        assert.equal(pages.at(-1)!.next, null);
      });

      test('the link back to page 1 drops the page parameter, as DRF does', async () => {
        const h = await start();
        const page2 = await getJson<Page>(h, 'devices/?page=2&per_page=10&order_by=asc');
        assert.equal(page2.previous, new URL('devices/?per_page=10&order_by=asc', h.baseUrl).href);
        assert.equal(page2.next, new URL('devices/?page=3&per_page=10&order_by=asc', h.baseUrl).href);
      });

      test('per_page is capped at 250 and defaults to 100', async () => {
        const h = await start({ users: 300, devices: 300 });
        const capped = await getJson<Page>(h, 'devices/?per_page=1000');
        assert.equal(capped.results.length, 250);
        // 300 devices, then the frontline leaver's three appended after the seeded fleet.
        assert.equal(capped.count, 303);
        const byDefault = await getJson<Page>(h, 'users/');
        assert.equal(byDefault.results.length, guesses.DEFAULT_PAGE_SIZE);
      });

      test('a page past the end or not a number is a 404 "Invalid page."', async () => {
        const h = await start();
        for (const page of ['99', '0', 'abc']) {
          const response = await api(h, `users/?page=${page}`);
          assert.equal(response.status, 404);
          assert.deepEqual(await response.json(), { detail: guesses.MESSAGES.invalidPage });
        }
      });

      test('action_status pages like every other list', async () => {
        const h = await start();
        for (let i = 0; i < 3; i++)
          assert.equal((await post(h, 'actions/message/', { devices: [2], message: `m${i}` })).status, 200);
        const { items, pages } = await allPages(h, 'devices/2/action_status/?per_page=2');
        assert.equal(pages.length, 2);
        assert.equal(items.length, 3);
      });
    });

    describe('recorded shapes', () => {
      test('a device list item has exactly the recorded fields, with last_reported', async () => {
        const h = await start();
        const page = await getJson<Page>(h, 'devices/?per_page=5');
        const item = page.results[0]!;
        assert.deepEqual(Object.keys(item).sort(), [
          'compliant', 'device_name', 'enrolled_time', 'enrollment_status', 'id', 'imei', 'last_reported', 'model_name',
          'os_name', 'os_version', 'serial_number', 'udid', 'user',
        ]); // prettier-ignore
        assert.match(String(item['enrolled_time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        assert.deepEqual(Object.keys(item['user'] as object).sort(), ['id', 'name']);
      });

      test('a device detail is nested: lastreported without underscore, user with email, device block, owned_by', async () => {
        const h = await start();
        const jane = userByEmail(h, 'jane.leaver@acme.example');
        const [first] = devicesOf(h, jane.id);
        const detail = await getJson<Record<string, unknown>>(h, `devices/${first!.id}/`);
        assert.ok('lastreported' in detail && !('last_reported' in detail));
        for (const key of ['id', 'udid', 'platform', 'owned_by', 'enrollment_status', 'enrolled_time', 'agent_active', 'lastscanned', 'lastnotified', 'remarks', 'disenrolled_time', 'lostmode', 'last_location', 'latitude', 'longitude', 'network', 'applications']) {
          assert.ok(key in detail, key);
        } // prettier-ignore
        assert.deepEqual(detail['user'], {
          id: jane.id,
          name: 'Jane Leaver',
          email: 'jane.leaver@acme.example',
          phoneno: jane.phoneno,
          alternate_email: null,
        });
        assert.equal(typeof detail['owned_by'], 'number');
        assert.deepEqual(detail['policies'], []);
        const device = detail['device'] as Record<string, unknown>;
        for (const key of ['device_name', 'os_name', 'os_version', 'model_name', 'model', 'serial_number', 'imei_1', 'imei_2', 'battery_level', 'is_supervised', 'is_kiosk', 'manufacture', 'device_type']) {
          assert.ok(key in device, key);
        } // prettier-ignore
        const network = detail['network'] as Record<string, unknown>;
        assert.ok('ipaddress' in network);
        assert.equal(typeof network['network_type'], 'string');
        const [app] = detail['applications'] as Record<string, unknown>[];
        for (const key of ['id', 'name', 'bundle_size', 'app_version', 'mandatory_app', 'black_listed', 'managed', 'status', 'identifier']) {
          assert.ok(key in app!, key);
        } // prettier-ignore
      });

      test('owned_by is 1 for a personal device and 2 for a corporate one', async () => {
        const h = await start();
        const max = userByEmail(h, 'Mixed.Case@Acme.Example');
        const [phone] = devicesOf(h, max.id);
        assert.equal((await getJson<Record<string, unknown>>(h, `devices/${phone!.id}/`))['owned_by'], 1);
        const jane = userByEmail(h, 'jane.leaver@acme.example');
        for (const device of devicesOf(h, jane.id)) {
          assert.equal((await getJson<Record<string, unknown>>(h, `devices/${device.id}/`))['owned_by'], 2);
        }
      });

      test('a device under Default User can carry a real address only in alternate_email', async () => {
        const h = await start();
        const detail = await getJson<{ user: Record<string, unknown> }>(h, 'devices/1/');
        assert.equal(detail.user['name'], 'Default User');
        assert.equal(detail.user['email'], null);
        assert.equal(detail.user['alternate_email'], 'not.in.hexnode@acme.example');
      });

      test('a user list item has exactly the recorded fields and keeps null and empty emails', async () => {
        const h = await start();
        const { items } = await allPages(h, 'users/?per_page=250');
        assert.deepEqual(Object.keys(items[0]!).sort(), [
          'domain',
          'email',
          'id',
          'name',
          'phoneno',
          'total_devices',
        ]);
        assert.ok(items.some((u) => u['email'] === null));
        assert.ok(items.some((u) => u['email'] === ''));
        assert.ok(items.some((u) => u['phoneno'] === null));
      });

      test('the fixed hard cases are there as documented', async () => {
        const h = await start({ seed: 42 });
        const { items: users } = await allPages(h, 'users/?per_page=250');
        const byEmail = (email: string) => users.filter((u) => u['email'] === email);
        const jane = byEmail('jane.leaver@acme.example');
        assert.equal(jane.length, 1);
        assert.equal(jane[0]!['total_devices'], 3);
        const janeDevices = devicesOf(h, jane[0]!.id);
        assert.deepEqual(janeDevices.map((d) => d.platform).sort(), ['ios', 'macos', 'windows']);
        assert.equal(byEmail('no.devices@acme.example')[0]!['total_devices'], 0);
        assert.equal(byEmail('shared@acme.example').length, 2);
        assert.equal(byEmail('Mixed.Case@Acme.Example').length, 1);
        assert.equal(byEmail('not.in.hexnode@acme.example').length, 0);
        assert.deepEqual(
          byEmail('shift-a@acme.example').map((u) => u['name']),
          ['Shift Team A'],
        );
        assert.deepEqual(
          byEmail('shift-b@acme.example').map((u) => u['name']),
          ['Shift Team B'],
        );

        const olly = byEmail('offline.olly@acme.example')[0]!;
        const [ollyDevice] = devicesOf(h, olly.id);
        const detail = await getJson<Record<string, unknown>>(h, `devices/${ollyDevice!.id}/`);
        assert.ok(clock - Date.parse(String(detail['lastreported'])) > 30 * 86_400_000);
      });

      test("Sam Shift's one handheld is shared and in Warehouse Handhelds", async () => {
        const h = await start({ seed: 7 });
        const sam = userByEmail(h, 'sam.shift@acme.example');
        assert.equal(sam.name, 'Sam Shift');
        const devices = devicesOf(h, sam.id);
        assert.equal(devices.length, 1);
        const detail = await getJson<Record<string, unknown>>(h, `devices/${devices[0]!.id}/`);
        // owned_by is an integer, 1 personal / 2 corporate [C]; a shared handheld is corporate.
        assert.equal(detail['owned_by'], 2);
        assert.equal(detail['platform'], 'android');
        const groups = await getJson<Page>(h, 'devicegroups/');
        const handhelds = groups.results.find((g) => g['groupname'] === 'Warehouse Handhelds')!;
        const group = await getJson<{ devices: { id: number }[] }>(h, `devicegroups/${handhelds.id}/`);
        assert.ok(group.devices.some((d) => d.id === devices[0]!.id));
      });
    });

    describe('users', () => {
      test('POST /users/ with a one-element list creates a user (201) that later lists show', async () => {
        const h = await start();
        const response = await post(h, 'users/', [
          { name: 'New Hire', email: 'new.hire@acme.example', phoneno: '' },
        ]);
        assert.equal(response.status, 201);
        const created = (await response.json()) as Json;
        assert.equal(created['email'], 'new.hire@acme.example');
        assert.equal(created['total_devices'], 0);
        assert.equal((await getJson(h, `users/${created.id}/`))['name'], 'New Hire');
      });

      test('POST /users/ without an email answers 400 with the field error, creating nothing', async () => {
        const h = await start();
        const before = h.sim.users.length;
        const response = await post(h, 'users/', [{ name: 'No Email' }]);
        assert.equal(response.status, 400);
        assert.deepEqual(await response.json(), [{ email: [guesses.MESSAGES.required] }]);
        assert.equal(h.sim.users.length, before);
      });

      test('PUT /users/{id}/ updates; DELETE removes the user and disenrolls their devices', async () => {
        const h = await start();
        const jane = userByEmail(h, 'jane.leaver@acme.example');
        const ids = devicesOf(h, jane.id).map((d) => d.id);
        const put = await api(h, `users/${jane.id}/`, {
          method: 'PUT',
          body: JSON.stringify({ phoneno: '+44 1' }),
        });
        assert.equal(put.status, 200);
        assert.equal(((await put.json()) as Json)['phoneno'], '+44 1');
        assert.equal((await api(h, `users/${jane.id}/`, { method: 'DELETE' })).status, 204);
        assert.equal((await api(h, `users/${jane.id}/`)).status, 404);
        for (const id of ids)
          assert.equal((await getJson(h, `devices/${id}/`))['enrollment_status'], 'unenrolled');
      });
    });

    describe('groups', () => {
      test('user groups list with counts, detail with members, and 404 "usergroup not found"', async () => {
        const h = await start();
        const list = await getJson<Page>(h, 'usergroups/');
        const seasonal = list.results.find((g) => g['groupname'] === 'Seasonal Shift Q4')!;
        assert.deepEqual(Object.keys(seasonal).sort(), [
          'description',
          'groupname',
          'id',
          'modified_date',
          'users_count',
        ]);
        const detail = await getJson<{ users: Json[]; policy: unknown[] }>(h, `usergroups/${seasonal.id}/`);
        assert.equal(detail.users.length, seasonal['users_count']);
        assert.deepEqual(Object.keys(detail.users[0]!).sort(), ['domain', 'email', 'id', 'name', 'phoneno']);
        assert.deepEqual(detail.policy, []);
        const missing = await api(h, 'usergroups/9999/');
        assert.equal(missing.status, 404);
        assert.deepEqual(await missing.json(), { detail: 'usergroup not found' });
      });

      test('a user group is created with members and changed with add_users/remove_users', async () => {
        const h = await start();
        const created = await post(h, 'usergroups/', {
          groupname: 'Leavers March',
          description: 'x',
          users: [2, 3],
        });
        assert.equal(created.status, 201);
        const group = (await created.json()) as { id: number; users: Json[] };
        assert.deepEqual(
          group.users.map((u) => u.id),
          [2, 3],
        );
        const changed = await post(h, `usergroups/${group.id}/`, { add_users: [6], remove_users: [2] });
        assert.equal(changed.status, 201);
        const detail = await getJson<{ users: Json[] }>(h, `usergroups/${group.id}/`);
        assert.deepEqual(
          detail.users.map((u) => u.id),
          [3, 6],
        );
        // Both keys are required [C]; an id in both lists ends up added [C].
        const oneKey = await post(h, `usergroups/${group.id}/`, { add_users: [7] });
        assert.equal(oneKey.status, 400);
        assert.deepEqual(await oneKey.json(), { remove_users: [guesses.MESSAGES.required] });
        const both = await post(h, `usergroups/${group.id}/`, { add_users: [3], remove_users: [3, 6] });
        assert.equal(both.status, 201);
        assert.deepEqual(
          ((await both.json()) as { users: Json[] }).users.map((u) => u.id),
          [3],
        );
        const bad = await post(h, `usergroups/${group.id}/`, { add_users: [999999], remove_users: [] });
        assert.equal(bad.status, 400);
        assert.deepEqual(await bad.json(), [guesses.MESSAGES.doesNotExist('User', 999999)]);
      });

      test('device groups list grouptype and device_count; custom groups take add/remove, dynamic ones refuse', async () => {
        const h = await start();
        const list = await getJson<Page>(h, 'devicegroups/');
        const handhelds = list.results.find((g) => g['groupname'] === 'Warehouse Handhelds')!;
        assert.equal(handhelds['grouptype'], 'custom');
        const detail = await getJson<{ devices: Json[] }>(h, `devicegroups/${handhelds.id}/`);
        assert.equal(detail.devices.length, handhelds['device_count']);
        assert.deepEqual(Object.keys(detail.devices[0]!).sort(), [
          'id',
          'model_name',
          'name',
          'platform',
          'user_id',
          'user_name',
        ]);
        const removed = await post(h, `devicegroups/${handhelds.id}/`, {
          add_devices: [],
          remove_devices: [detail.devices[0]!.id],
        });
        assert.equal(removed.status, guesses.DEVICE_GROUP_CHANGE_STATUS);
        const reply = (await removed.json()) as { devices: Json[] };
        assert.equal(reply.devices.length, detail.devices.length - 1);
        // The change reply's members are {id, name, model_name, platform} [C].
        assert.deepEqual(Object.keys(reply.devices[0]!).sort(), ['id', 'model_name', 'name', 'platform']);
        assert.deepEqual(Object.keys(reply).sort(), ['description', 'devices', 'groupname', 'id']);
        const oneKey = await post(h, `devicegroups/${handhelds.id}/`, { remove_devices: [2] });
        assert.equal(oneKey.status, 400);
        assert.deepEqual(await oneKey.json(), { add_devices: [guesses.MESSAGES.required] });
        const dynamic = list.results.find((g) => g['grouptype'] === 'dynamic')!;
        assert.equal(
          (await post(h, `devicegroups/${dynamic.id}/`, { add_devices: [2], remove_devices: [] })).status,
          400,
        );
        assert.equal((await api(h, 'devicegroups/9999/')).status, 404);
      });
    });

    describe('actions', () => {
      const required: Record<string, Record<string, unknown>> = {
        rename_device: { name: 'Renamed' },
        message: { message: 'Please return your laptop' },
      };

      for (const [name, definition] of Object.entries(guesses.ACTIONS)) {
        test(`${name} accepts a plain object and a one-element list, answers 200 and queues one command per device`, async () => {
          const h = await start();
          const extra =
            name === 'change_owner'
              ? { user: userByEmail(h, HARD_CASES.shiftPool.email).id }
              : (required[name] ?? {});
          const first = await post(h, `actions/${name}/`, { devices: [2], ...extra });
          assert.equal(first.status, 200);
          const second = await post(h, `actions/${name}/`, [{ devices: [3], ...extra }]);
          assert.equal(second.status, 200);
          const body = (await second.json()) as Record<string, unknown>;
          assert.ok(!('id' in body), 'no action id');
          if (name === 'mark_as_disenrolled') {
            // Only applies to a device with a disenroll pending.
            assert.equal(h.sim.commands(2).length, 0);
          } else {
            assert.deepEqual(
              h.sim.commands(2).map((c) => c.actionName),
              [definition.actionName],
            );
            assert.deepEqual(
              h.sim.commands(3).map((c) => c.actionName),
              [definition.actionName],
            );
          }
        });
      }

      test('selectors expand: users to their devices, user groups to members, device groups to members', async () => {
        const h = await start();
        const jane = userByEmail(h, 'jane.leaver@acme.example');
        assert.equal((await post(h, 'actions/lock_devices/', { users: [jane.id] })).status, 200);
        for (const device of devicesOf(h, jane.id)) assert.equal(h.sim.commands(device.id).length, 1);

        const seasonal = h.sim.userGroups.find((g) => g.groupname === 'Seasonal Shift Q4')!;
        assert.equal(
          (await post(h, 'actions/message/', { usergroups: [seasonal.id], message: 'Shift over' })).status,
          200,
        );
        const memberDevices = seasonal.userIds
          .flatMap((id) => devicesOf(h, id))
          .filter((d) => d.enrollmentStatus === 'enrolled');
        assert.ok(memberDevices.length > 0);
        for (const device of memberDevices)
          assert.ok(h.sim.commands(device.id).some((c) => c.action === 'message'));

        const handhelds = h.sim.deviceGroups.find((g) => g.groupname === 'Warehouse Handhelds')!;
        assert.equal(
          (await post(h, 'actions/clear_passcode/', { devicegroups: [handhelds.id] })).status,
          200,
        );
        const enrolled = handhelds.deviceIds.filter(
          (id) => h.sim.devices.find((d) => d.id === id)!.enrollmentStatus === 'enrolled',
        );
        for (const id of enrolled) assert.ok(h.sim.commands(id).some((c) => c.action === 'clear_passcode'));
      });

      test('bad bodies answer 400 in DRF style and queue nothing', async () => {
        const h = await start();
        const cases: [string, unknown, unknown][] = [
          ['wipe_device', { devices: [999999] }, [guesses.MESSAGES.doesNotExist('Device', 999999)]],
          ['wipe_device', { users: [999999] }, [guesses.MESSAGES.doesNotExist('User', 999999)]],
          ['wipe_device', {}, { non_field_errors: [guesses.MESSAGES.noTarget] }],
          ['wipe_device', { devices: [] }, { non_field_errors: [guesses.MESSAGES.noTarget] }],
          ['wipe_device', [{ devices: [2] }, { devices: [3] }], [guesses.MESSAGES.singleObjectList]],
          ['wipe_device', { devices: 2 }, { devices: [guesses.MESSAGES.notAList('int')] }],
          ['change_owner', { devices: [2] }, { user: [guesses.MESSAGES.required] }],
          ['change_owner', { devices: [2], user: 'pool' }, { user: [guesses.MESSAGES.notAnInteger] }],
          ['change_owner', { devices: [2], user: 999999 }, [guesses.MESSAGES.doesNotExist('User', 999999)]],
          ['change_owner', { devices: [999999], user: 3 }, [guesses.MESSAGES.doesNotExist('Device', 999999)]],
          ['change_owner', { user: 3 }, { non_field_errors: [guesses.MESSAGES.noTarget] }],
          [
            'lock_devices',
            { devices: [2], system_lock_pin: '12' },
            { system_lock_pin: [guesses.MESSAGES.pinDigits] },
          ],
          ['message', { devices: [2] }, { message: [guesses.MESSAGES.required] }],
          ['wipe_device', { usergroups: [999] }, [guesses.MESSAGES.doesNotExist('UserGroup', 999)]],
        ];
        for (const [name, body, errors] of cases) {
          const response = await post(h, `actions/${name}/`, body);
          assert.equal(response.status, 400, JSON.stringify(body));
          assert.deepEqual(await response.json(), errors);
        }
        assert.equal(h.sim.commands(2).length + h.sim.commands(3).length, 0);
        assert.equal(h.sim.devices.find((d) => d.id === 2)!.userId, 2, 'no device changed owner');
      });

      test('change_owner moves the device to the new user at once, in every answer that names its user', async () => {
        const h = await start({ checkinMs: 60_000 });
        const rosa = userByEmail(h, HARD_CASES.frontlineLeaver.email);
        const pool = userByEmail(h, HARD_CASES.shiftPool.email);
        const scanner = h.sim.devices.find(
          (d) => d.name === HARD_CASES.frontlineLeaver.devices.sharedScanner,
        )!;
        const response = await post(h, 'actions/change_owner/', { user: pool.id, devices: [scanner.id] });
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), guesses.ACTION_REPLY);
        assert.equal((await getJson(h, `users/${rosa.id}/`))['total_devices'], 2);
        assert.equal((await getJson(h, `users/${pool.id}/`))['total_devices'], 1);
        const detail = await getJson<{ user: Json }>(h, `devices/${scanner.id}/`);
        assert.equal(detail.user.id, pool.id);
        assert.equal(detail.user['email'], HARD_CASES.shiftPool.email);
        const history = await getJson<Page>(h, `devices/${scanner.id}/action_status/`);
        assert.deepEqual(
          history.results.map((c) => [c['action_name'], c['status']]),
          [['Change Owner', 'Success']],
        );
      });

      test('the lock takes phone_number and system_lock_pin as numbers, as the docs sample sends them', async () => {
        const h = await start();
        const response = await post(h, 'actions/lock_devices/', {
          devices: [2],
          message: 'Return to HR',
          phone_number: 442079460142,
          system_lock_pin: 123456,
        });
        assert.equal(response.status, 200);
        assert.equal(h.sim.commands(2).length, 1);
        const short = await post(h, 'actions/lock_devices/', { devices: [2], system_lock_pin: 12345 });
        assert.equal(short.status, 400);
        assert.deepEqual(await short.json(), { system_lock_pin: [guesses.MESSAGES.pinDigits] });
      });

      test('ids may be digit strings, as DRF integer fields allow', async () => {
        const h = await start();
        assert.equal((await post(h, 'actions/lock_devices/', { devices: ['2'] })).status, 200);
        assert.equal(h.sim.commands(2).length, 1);
      });
    });

    describe('commands', () => {
      test('a command stays Pending until the device checks in, then succeeds', async () => {
        const h = await start({ checkinMs: 1500 });
        assert.equal(
          (await post(h, 'actions/lock_devices/', { devices: [2], message: 'Locked by IT' })).status,
          200,
        );
        clock += 1499;
        let page = await getJson<Page>(h, 'devices/2/action_status/');
        assert.equal(page.count, 1);
        assert.deepEqual(Object.keys(page.results[0]!).sort(), [
          'action_name',
          'created_time',
          'id',
          'modified_time',
          'status',
        ]);
        assert.equal(page.results[0]!['status'], 'Pending');
        clock += 1;
        page = await getJson<Page>(h, 'devices/2/action_status/');
        assert.equal(page.results[0]!['status'], 'Success');
        assert.equal(page.results[0]!['modified_time'], new Date(START + 1500).toISOString());
      });

      test('action_status lists the newest command first', async () => {
        const h = await start();
        await post(h, 'actions/lock_devices/', { devices: [2] });
        clock += 10;
        await post(h, 'actions/clear_passcode/', { devices: [2] });
        const page = await getJson<Page>(h, 'devices/2/action_status/');
        assert.deepEqual(
          page.results.map((c) => c['action_name']),
          ['Clear Passcode', 'Lock Device'],
        );
      });

      test('a wiped device later shows as unenrolled in the list and the detail', async () => {
        const h = await start();
        await post(h, 'actions/wipe_device/', { devices: [3], wipe_type: 'corporate' });
        assert.equal((await getJson(h, 'devices/3/'))['enrollment_status'], 'enrolled');
        clock += 1000;
        const detail = await getJson(h, 'devices/3/');
        assert.equal(detail['enrollment_status'], 'unenrolled');
        assert.equal(detail['disenrolled_time'], new Date(START + 1000).toISOString());
        const list = await getJson<Page>(h, 'devices/?per_page=5');
        assert.equal(list.results.find((d) => d.id === 3)!['enrollment_status'], 'unenrolled');
        // A wiped device gets no further commands.
        await post(h, 'actions/lock_devices/', { devices: [3] });
        assert.equal(h.sim.commands(3).length, 1);
      });

      test('an offline device never checks in; a forced check-in of that device finishes its command', async () => {
        const h = await start();
        const olly = userByEmail(h, 'offline.olly@acme.example');
        const [device] = devicesOf(h, olly.id);
        await post(h, 'actions/lock_devices/', { devices: [device!.id] });
        clock += 86_400_000;
        assert.equal(h.sim.commands(device!.id)[0]!.status, 'Pending');
        h.sim.checkIn();
        assert.equal(
          h.sim.commands(device!.id)[0]!.status,
          'Pending',
          'checkIn() without ids only reaches online devices',
        );
        const response = await fetch(`${h.origin}/__simulator/checkin`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ deviceIds: [device!.id] }),
        });
        assert.equal(response.status, 204);
        assert.equal(h.sim.commands(device!.id)[0]!.status, 'Success');
      });

      test('checkIn() finishes pending commands of online devices at once', async () => {
        const h = await start({ checkinMs: 60_000 });
        await post(h, 'actions/clear_passcode/', { devices: [2] });
        h.sim.checkIn();
        assert.equal(h.sim.commands(2)[0]!.status, 'Success');
      });

      test('with failRate 1 commands end Failed and a failed wipe leaves the device enrolled', async () => {
        const h = await start({ failRate: 1 });
        await post(h, 'actions/wipe_device/', { devices: [2] });
        clock += 1000;
        const page = await getJson<Page>(h, 'devices/2/action_status/');
        assert.equal(page.results[0]!['status'], 'Failed');
        assert.equal((await getJson(h, 'devices/2/'))['enrollment_status'], 'enrolled');
      });

      test('lost mode shows in the detail once the device checks in, and goes away when disabled', async () => {
        const h = await start();
        await post(h, 'actions/enable_lost_mode/', { devices: [2], message: 'Call IT' });
        clock += 1000;
        assert.equal((await getJson(h, 'devices/2/'))['lostmode'], true);
        await post(h, 'actions/disable_lost_mode/', { devices: [2] });
        clock += 1000;
        assert.equal((await getJson(h, 'devices/2/'))['lostmode'], false);
      });

      test('mark_as_disenrolled finishes a pending disenroll at once', async () => {
        const h = await start({ checkinMs: 60_000 });
        await post(h, 'actions/disenroll_device/', { devices: [2] });
        await post(h, 'actions/mark_as_disenrolled/', { devices: [2] });
        assert.equal((await getJson(h, 'devices/2/'))['enrollment_status'], 'unenrolled');
        assert.deepEqual(
          h.sim.commands(2).map((c) => c.status),
          ['Success', 'Success'],
        );
      });
    });

    describe('faults', () => {
      test('latency delays the answer; the client can abort while it waits', async () => {
        const h = await start({ faults: { latencyMs: 60_000 } });
        const controller = new AbortController();
        const pending = api(h, 'users/', { signal: controller.signal });
        await arrived(h, 1);
        controller.abort();
        await assert.rejects(pending, { name: 'AbortError' });
        assert.equal(h.sim.log[0]!.status, 0);
      });

      test('hang never answers, and the client can still abort', async () => {
        const h = await start({ faults: { hang: true } });
        const controller = new AbortController();
        const pending = api(h, 'devices/', { signal: controller.signal });
        await arrived(h, 1);
        controller.abort();
        await assert.rejects(pending, { name: 'AbortError' });
        assert.equal(h.sim.log.length, 1);
        assert.equal(h.sim.log[0]!.status, 0);
      });

      test('the rate limit answers 429 with Retry-After once the bucket is empty, and refills with time', async () => {
        const h = await start({ faults: { rateLimit: 2 } });
        assert.equal((await api(h, 'users/')).status, 200);
        assert.equal((await api(h, 'users/')).status, 200);
        const limited = await api(h, 'users/');
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('Retry-After'), '1');
        assert.deepEqual(await limited.json(), { detail: guesses.MESSAGES.throttled(1) });
        clock += 500;
        assert.equal((await api(h, 'users/')).status, 200);
        assert.equal((await api(h, 'users/')).status, 429);
      });

      test('errorRate 1 answers every request with a 5xx and applies nothing', async () => {
        const h = await start({ faults: { errorRate: 1 } });
        for (let i = 0; i < 4; i++) {
          const response = await post(h, 'actions/wipe_device/', { devices: [2] });
          assert.ok(response.status >= 500 && response.status < 600, String(response.status));
          await response.text();
        }
        assert.equal(h.sim.commands(2).length, 0);
        assert.equal(h.sim.actionsSent().length, 4);
      });

      test('a partial error rate is seeded: the same seed fails the same requests', async () => {
        const statuses = async () => {
          const h = await start({ seed: 3, faults: { errorRate: 0.5 } });
          const out: number[] = [];
          for (let i = 0; i < 12; i++) {
            const response = await api(h, 'users/?per_page=1');
            out.push(response.status);
            await response.text();
          }
          await h.close();
          harness = undefined;
          return out;
        };
        const first = await statuses();
        assert.deepEqual(await statuses(), first);
        assert.ok(first.includes(200) && first.some((s) => s >= 500));
      });

      test('malformed JSON: a 200 whose body does not parse', async () => {
        const h = await start({ faults: { malformedJson: true } });
        const response = await api(h, 'users/');
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('Content-Type'), 'application/json');
        const text = await response.text();
        assert.throws(() => JSON.parse(text), SyntaxError);
      });

      test('schema drift drops last_reported and renames fields', async () => {
        const h = await start({ faults: { schemaDrift: true } });
        const list = await getJson<Page>(h, 'devices/?per_page=3');
        assert.ok(!('last_reported' in list.results[0]!));
        assert.ok('serial' in list.results[0]! && !('serial_number' in list.results[0]!));
        const detail = await getJson(h, 'devices/2/');
        assert.ok(!('lastreported' in detail));
        assert.ok('email_address' in (detail['user'] as object));
        const users = await getJson<Page>(h, 'users/?per_page=1');
        assert.ok('device_count' in users.results[0]! && !('total_devices' in users.results[0]!));
      });

      test('faults change at run time through setFaults and the control endpoint', async () => {
        const h = await start();
        h.sim.setFaults({ errorRate: 1 });
        assert.ok((await api(h, 'users/')).status >= 500);
        const set = await fetch(`${h.origin}/__simulator/faults`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ errorRate: 0, schemaDrift: true }),
        });
        assert.equal(set.status, 200);
        assert.deepEqual(await set.json(), { ...h.sim.faults, errorRate: 0, schemaDrift: true });
        assert.equal((await api(h, 'users/')).status, 200);
        assert.equal(h.sim.faults.schemaDrift, true);
      });

      test('bad fault settings are refused and change nothing', async () => {
        const h = await start();
        assert.throws(() => h.sim.setFaults({ errorRate: 2 }), TypeError);
        assert.throws(
          () => h.sim.setFaults({ latencyMs: 10, bogus: true } as never),
          /unknown fault "bogus"/,
        );
        const refused = await fetch(`${h.origin}/__simulator/faults`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ hang: 'yes' }),
        });
        assert.equal(refused.status, 400);
        assert.match(((await refused.json()) as { detail: string }).detail, /hang must be true or false/);
        assert.equal(h.sim.faults.latencyMs, 0);
        assert.equal(h.sim.faults.hang, false);
      });
    });

    describe('request log and reset', () => {
      test('the log records method, path, query, parsed body, time and status; actionsSent() keeps the actions', async () => {
        const h = await start();
        await api(h, 'devices/?per_page=5');
        await post(h, 'actions/wipe_device/', { devices: [2, 3], wipe_type: 'complete' });
        await api(h, 'users/', { headers: { Authorization: 'nope' } });
        assert.deepEqual(h.sim.log, [
          { method: 'GET', path: '/devices/', query: { per_page: '5' }, body: null, time: new Date(START).toISOString(), status: 200 },
          { method: 'POST', path: '/actions/wipe_device/', query: {}, body: { devices: [2, 3], wipe_type: 'complete' }, time: new Date(START).toISOString(), status: 200 },
          { method: 'GET', path: '/users/', query: {}, body: null, time: new Date(START).toISOString(), status: 401 },
        ]); // prettier-ignore
        assert.deepEqual(h.sim.actionsSent(), [h.sim.log[1]]);
        const fromControl = await fetch(`${h.origin}/__simulator/log`);
        assert.deepEqual(await fromControl.json(), h.sim.log);
        assert.ok(!JSON.stringify(h.sim.log).includes(KEY));
      });

      test('DELETE /__simulator/log clears the log; control requests are never logged', async () => {
        const h = await start();
        await api(h, 'users/');
        assert.equal((await fetch(`${h.origin}/__simulator/log`, { method: 'DELETE' })).status, 204);
        await fetch(`${h.origin}/__simulator/fleet`);
        assert.deepEqual(h.sim.log, []);
      });

      test('reset puts the fleet back, clears log and commands and removes faults added at run time', async () => {
        const h = await start();
        await post(h, 'actions/wipe_device/', { devices: [2] });
        clock += 1000;
        assert.equal(h.sim.devices.find((d) => d.id === 2)!.enrollmentStatus, 'unenrolled');
        h.sim.setFaults({ schemaDrift: true });
        assert.equal((await fetch(`${h.origin}/__simulator/reset`, { method: 'POST' })).status, 204);
        assert.equal(h.sim.devices.find((d) => d.id === 2)!.enrollmentStatus, 'enrolled');
        assert.deepEqual(h.sim.commands(2), []);
        assert.deepEqual(h.sim.log, []);
        assert.equal(h.sim.faults.schemaDrift, false);
        h.sim.reset();
        assert.equal((await getJson<Page>(h, 'devices/2/action_status/')).count, 0);
      });

      test('GET /__simulator/fleet summarises the fleet and its hard cases without a key', async () => {
        const h = await start();
        const response = await fetch(`${h.origin}/__simulator/fleet`);
        assert.equal(response.status, 200);
        const fleet = (await response.json()) as {
          users: number;
          devices: number;
          hardCases: { email: string; userIds: number[] }[];
        };
        assert.equal(fleet.users, h.sim.users.length);
        assert.equal(fleet.devices, h.sim.devices.length);
        assert.deepEqual(fleet.hardCases.find((c) => c.email === 'shared@acme.example')!.userIds.length, 2);
      });
    });

    describe('unknown paths and wrong methods', () => {
      test('an unknown path or a non-numeric id is a 404 with a DRF detail', async () => {
        const h = await start();
        for (const path of [
          'nothing/',
          'users/abc/',
          'devices/999999/',
          'actions/self_destruct/',
          'devices/2/apps/',
        ]) {
          const response = await api(
            h,
            path,
            path.startsWith('actions') ? { method: 'POST', body: '{}' } : {},
          );
          assert.equal(response.status, 404, path);
          assert.deepEqual(await response.json(), { detail: guesses.MESSAGES.notFound });
        }
      });

      test('a wrong method is a 405 with Allow and a DRF detail', async () => {
        const h = await start();
        const cases: [string, string, string][] = [
          ['users/', 'PATCH', 'GET, POST, HEAD, OPTIONS'],
          ['devices/', 'POST', 'GET, HEAD, OPTIONS'],
          ['actions/wipe_device/', 'GET', 'POST, OPTIONS'],
          ['devices/2/', 'DELETE', 'GET, HEAD, OPTIONS'],
        ];
        for (const [path, method, allow] of cases) {
          const response = await api(h, path, { method });
          assert.equal(response.status, 405, `${method} ${path}`);
          assert.equal(response.headers.get('Allow'), allow);
          assert.deepEqual(await response.json(), { detail: guesses.MESSAGES.methodNotAllowed(method) });
        }
        const control = await fetch(`${h.origin}/__simulator/reset`);
        assert.equal(control.status, 405);
        assert.equal(control.headers.get('Allow'), 'POST');
      });

      test('a GET without the trailing slash is redirected to it; a POST is not found', async () => {
        const h = await start();
        const redirect = await api(h, 'users', { redirect: 'manual' });
        assert.equal(redirect.status, 301);
        assert.equal(redirect.headers.get('Location'), new URL('users/', h.baseUrl).href);
        assert.equal((await post(h, 'actions/lock_devices', { devices: [2] })).status, 404);
        assert.equal(h.sim.commands(2).length, 0);
      });

      test('a body that is not JSON gets 415 or 400 and changes nothing', async () => {
        const h = await start();
        const text = await api(h, 'actions/wipe_device/', {
          method: 'POST',
          body: 'devices=2',
          headers: { 'Content-Type': 'text/plain' },
        });
        assert.equal(text.status, 415);
        const broken = await api(h, 'actions/wipe_device/', { method: 'POST', body: '{"devices": [2' });
        assert.equal(broken.status, 400);
        assert.match(((await broken.json()) as { detail: string }).detail, /^JSON parse error/);
        assert.equal(h.sim.commands(2).length, 0);
      });
    });
  });
}
