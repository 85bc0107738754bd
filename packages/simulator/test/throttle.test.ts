/**
 * The throttle contract: Hexnode's 30 calls per minute per key and 10 calls per managed device per day, with
 * DRF's exact 429. A fake clock moves time; `--window-ms` is checked on the real CLI with the real clock.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { parseCli } from '../src/cli.js';
import { createSimulator, type FleetSpec, type SimulatorOptions } from '../src/index.js';

const KEY = 'throttle-key';
const BASE = 'https://acme.hexnodemdm.com/api/v1/';
const START = Date.parse('2026-03-02T09:00:00.000Z');
const BIN = fileURLToPath(new URL('../bin/hexnode-simulator.js', import.meta.url));

function portal(options: SimulatorOptions = {}) {
  let clock = START;
  const sim = createSimulator({ apiKey: KEY, now: () => clock, ...options });
  const call = (path = 'users/1/', init: RequestInit & { key?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.key !== null) headers.set('Authorization', init.key ?? KEY);
    return sim.handle(new Request(new URL(path, BASE), { ...init, headers }));
  };
  const calls = async (n: number, path?: string) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await call(path)).status);
    return statuses;
  };
  return {
    sim,
    call,
    calls,
    advance: (ms: number) => void (clock += ms),
  };
}

/** Three users, two enrolled devices and one that is not. */
const SMALL_FLEET: FleetSpec = {
  users: [{ name: 'A', email: 'a@acme.example' }, { name: 'B', email: 'b@acme.example' }, { name: 'C' }],
  devices: [
    { name: 'one', platform: 'android', userId: 1 },
    { name: 'two', platform: 'ios', userId: 2 },
    { name: 'gone', platform: 'android', userId: 2, enrollmentStatus: 'unenrolled' },
  ],
};

describe('the simulated throttle', () => {
  test('is on by default: 30 calls in a minute pass, the 31st is 429 with DRF text and Retry-After', async () => {
    const { call, calls, advance } = portal();
    assert.deepEqual(new Set(await calls(10)), new Set([200]));
    advance(3_000);
    assert.deepEqual(new Set(await calls(20)), new Set([200]));
    const refused = await call();
    assert.equal(refused.status, 429);
    assert.deepEqual(await refused.json(), {
      detail: 'Request was throttled. Expected available in 57.0 seconds.',
    });
    assert.equal(refused.headers.get('Retry-After'), '57');
    assert.equal(refused.headers.get('Content-Type'), 'application/json');
  });

  test('the window slides: a slot frees when the oldest call is a minute old, and a refused call is not counted', async () => {
    const { call, calls, advance } = portal();
    await calls(1);
    advance(20_000);
    await calls(29);
    assert.equal((await call()).status, 429);
    assert.equal((await call()).status, 429, 'refused calls do not free or take a slot');
    advance(39_999);
    const almost = await call();
    assert.equal(almost.status, 429);
    assert.deepEqual(await almost.json(), {
      detail: 'Request was throttled. Expected available in 0.1 seconds.',
    });
    assert.equal(almost.headers.get('Retry-After'), '1');
    advance(1);
    assert.equal((await call()).status, 200, 'the first call left the window');
    const next = await call();
    assert.equal(next.status, 429);
    assert.deepEqual(await next.json(), {
      detail: 'Request was throttled. Expected available in 20.0 seconds.',
    });
  });

  test('the wait is rounded up to a tenth of a second and a one-second wait is singular', async () => {
    const { call, calls, advance } = portal({ throttle: { ratePerMinute: 1 } });
    await calls(1);
    advance(59_000);
    assert.deepEqual(await (await call()).json(), {
      detail: 'Request was throttled. Expected available in 1.0 second.',
    });
    advance(1);
    assert.deepEqual(await (await call()).json(), {
      detail: 'Request was throttled. Expected available in 1.0 second.',
    });
    advance(2);
    assert.deepEqual(await (await call()).json(), {
      detail: 'Request was throttled. Expected available in 1.0 second.',
    });
    advance(900);
    assert.deepEqual(await (await call()).json(), {
      detail: 'Request was throttled. Expected available in 0.1 seconds.',
    });
  });

  test('the daily allowance is 10 calls per enrolled device, whatever the window', async () => {
    const { sim, call, calls, advance } = portal({ fleet: SMALL_FLEET });
    assert.equal(sim.budget().managedDevices, 2, 'the unenrolled device does not count');
    assert.equal(sim.budget().day.limit, 20);
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(new Set(await calls(5)), new Set([200]));
      advance(60_000);
    }
    const refused = await call();
    assert.equal(refused.status, 429);
    // The first call of the day leaves it 24 hours after it was made: 4 minutes have passed.
    const wait = 24 * 3600 - 4 * 60;
    assert.deepEqual(await refused.json(), {
      detail: `Request was throttled. Expected available in ${wait}.0 seconds.`,
    });
    assert.equal(refused.headers.get('Retry-After'), String(wait));
    advance(wait * 1000);
    assert.deepEqual(new Set(await calls(5)), new Set([200]), 'the first minute of calls left the day');
    assert.equal((await call()).status, 429);
  });

  test('a portal with no managed device has no allowance, and dailyPerDevice 0 turns the day off', async () => {
    const empty = portal({ fleet: { users: [{ name: 'A' }], devices: [] } });
    assert.equal((await empty.call()).status, 429);
    const noDay = portal({ fleet: { users: [{ name: 'A' }], devices: [] }, throttle: { dailyPerDevice: 0 } });
    assert.deepEqual(new Set(await noDay.calls(30)), new Set([200]));
    assert.equal(noDay.sim.budget().day.limit, null);
  });

  test('only authenticated calls count; their 404s and 405s do', async () => {
    const { sim, call, calls } = portal({ throttle: { ratePerMinute: 3 } });
    assert.equal((await call('users/1/', { key: null })).status, 401);
    assert.equal((await call('users/1/', { key: 'wrong' })).status, 401);
    assert.equal((await call('no-such-route/')).status, 404);
    assert.equal(sim.budget().window.used, 0);
    assert.equal((await call('users/99999/')).status, 404);
    assert.equal((await call('devices/1/', { method: 'DELETE' })).status, 405);
    assert.deepEqual(await calls(2), [200, 429]);
  });

  test('an action POST refused by the throttle queues no command', async () => {
    const { sim, call, calls } = portal({ throttle: { ratePerMinute: 2 } });
    await calls(2);
    const refused = await call('actions/lock_devices/', {
      method: 'POST',
      body: JSON.stringify({ devices: [1] }),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(refused.status, 429);
    assert.equal(sim.commands(1).length, 0);
  });

  test('the budget report counts the window, the day and the 429s; DELETE and reset() start afresh', async () => {
    const { sim, call, calls } = portal({
      fleet: SMALL_FLEET,
      throttle: { ratePerMinute: 5, windowMs: 1000 },
    });
    await calls(7);
    const control = await call('/__simulator/budget');
    assert.equal(control.status, 200);
    assert.deepEqual(await control.json(), {
      throttle: { ratePerMinute: 5, dailyPerDevice: 10, windowMs: 1000, dayMs: 1_440_000 },
      managedDevices: 2,
      window: { used: 5, limit: 5, windowMs: 1000 },
      day: { used: 5, limit: 20, dayMs: 1_440_000 },
      throttled: 2,
    });
    assert.equal((await call('/__simulator/budget', { method: 'DELETE' })).status, 204);
    assert.equal(sim.budget().window.used, 0);
    assert.equal(sim.budget().throttled, 0);
    await calls(5);
    sim.reset();
    assert.deepEqual({ window: sim.budget().window.used, day: sim.budget().day.used }, { window: 0, day: 0 });
  });

  test('throttle: false turns it off; the per-second rate-limit fault still works beside it', async () => {
    const off = portal({ throttle: false });
    assert.deepEqual(new Set(await off.calls(100)), new Set([200]));
    assert.equal(off.sim.budget().throttle, null);
    const fault = portal({ throttle: false, faults: { rateLimit: 2 } });
    assert.deepEqual(await fault.calls(3), [200, 200, 429]);
  });

  test('bad throttle options are a TypeError naming each one', () => {
    assert.throws(
      () => createSimulator({ throttle: { ratePerMinute: -1, windowMs: 0, perHour: 3 } as never }),
      (error: unknown) =>
        error instanceof TypeError &&
        /ratePerMinute/.test(error.message) &&
        /windowMs/.test(error.message) &&
        /perHour/.test(error.message),
    );
  });
});

describe('the throttle on the command line', () => {
  test('the throttle flags map onto the options; --no-throttle turns it off', () => {
    assert.deepEqual(parseCli(['--rate-per-minute', '60', '--daily-per-device', '0', '--window-ms', '500']), {
      options: {
        port: 4010,
        host: '127.0.0.1',
        throttle: { ratePerMinute: 60, dailyPerDevice: 0, windowMs: 500 },
        faults: { latencyMs: 0, jitterMs: 0, rateLimit: 0, errorRate: 0 },
      },
    });
    const off = parseCli(['--no-throttle']);
    assert.ok('options' in off && off.options.throttle === false);
  });

  test('contradicting or bad throttle flags are one clear error line and exit 2', () => {
    for (const [args, message] of [
      [['--no-throttle', '--window-ms', '500'], /--no-throttle cannot be combined with --window-ms/],
      [['--window-ms', '0'], /--window-ms/],
      [['--rate-per-minute', '2.5'], /--rate-per-minute/],
    ] as const) {
      const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
      assert.equal(result.status, 2, args.join(' '));
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0]!, message);
    }
  });

  test('--window-ms shortens the minute: the 429 announces a wait within it, and after it a call passes', async () => {
    const child = spawn(
      process.execPath,
      // A window long enough that three calls fit in it even on a loaded machine, short enough to wait out.
      [BIN, '--port', '0', '--window-ms', '3000', '--rate-per-minute', '3'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /listening on (http:\/\/\S+\/api\/v1\/)/.exec(stdout);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const get = () => fetch(`${url}users/1/`, { headers: { Authorization: 'demo-api-key' } });
      for (let i = 0; i < 3; i++) assert.equal((await get()).status, 200);
      const refused = await get();
      assert.equal(refused.status, 429);
      const { detail } = (await refused.json()) as { detail: string };
      const seconds = Number(/Expected available in (\d+\.\d) seconds?\./.exec(detail)?.[1]);
      assert.ok(seconds > 0 && seconds <= 3, detail);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      assert.equal((await get()).status, 200);
      const budget = (await (await fetch(url.replace('/api/v1/', '/__simulator/budget'))).json()) as {
        throttle: { windowMs: number; dayMs: number };
      };
      assert.deepEqual([budget.throttle.windowMs, budget.throttle.dayMs], [3000, 3000 * 1440]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
