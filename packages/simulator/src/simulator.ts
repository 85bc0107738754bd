/**
 * `createSimulator()`: one simulated Hexnode portal behind one `handle(request)` function, with Web APIs only,
 * so the same code answers inside msw (Node or a browser's service worker) and behind the loopback HTTP server.
 */
import { control } from './control.js';
import { NO_FAULTS, TokenBucket, validateFaults } from './faults.js';
import { withFaults } from './fault-injection.js';
import { DEFAULT_DEVICES, DEFAULT_USERS, generateFleet } from './fleet/seed.js';
import { normalizeFleet } from './fleet/spec.js';
import { MESSAGES } from './guesses.js';
import { detail, iso } from './http.js';
import {
  checkOptions,
  CONTROL_PREFIX,
  DEFAULT_API_KEY,
  DEFAULT_BASE_URL,
  DEFAULT_CHECKIN_MS,
} from './options.js';
import type { Portal } from './portal.js';
import { mulberry32 } from './random.js';
import { State } from './state.js';
import { countManaged, resolveThrottle, Throttle } from './throttle.js';
import type { Faults, Fleet, RequestLogEntry, Simulator, SimulatorOptions } from './types.js';

export {
  checkOptions,
  CONTROL_PREFIX,
  DEFAULT_API_KEY,
  DEFAULT_BASE_URL,
  DEFAULT_CHECKIN_MS,
} from './options.js';

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Creates a simulated Hexnode portal. Throws a TypeError on bad options.
 * Long for a reason: most of it is the `Simulator` object literal, one short method per line of the public API,
 * each a thin call into the portal's parts (dispatch, faults, control and state live in their own modules).
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  checkOptions(options);
  const initialFaults = { ...NO_FAULTS, ...validateFaults(options.faults ?? {}) };
  const now = options.now ?? (() => Date.now());
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const base = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  const baseUrl = base.href;
  const basePath = base.pathname;
  const seed = options.seed ?? 1;
  const createdAt = now();
  const buildFleet = (): Fleet =>
    options.fleet
      ? normalizeFleet(options.fleet, createdAt)
      : generateFleet({
          seed,
          users: options.users ?? DEFAULT_USERS,
          devices: options.devices ?? DEFAULT_DEVICES,
          now: createdAt,
        });

  const state = new State(seed, options.checkinMs ?? DEFAULT_CHECKIN_MS, options.failRate ?? 0);
  state.load(buildFleet());
  const portal: Portal = {
    now,
    apiKey,
    baseUrl,
    state,
    log: [],
    bucket: new TokenBucket(),
    throttle: new Throttle(resolveThrottle(options.throttle)),
    faults: { ...initialFaults },
    jitterRandom: mulberry32(seed ^ 0x1f123bb5),
    errorRandom: mulberry32(seed ^ 0x5f356495),
  };
  const { log, throttle } = portal;

  const simulator: Simulator = {
    baseUrl,
    apiKey,
    log,
    async handle(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname.startsWith(CONTROL_PREFIX)) {
        return control({ portal, simulator, seed: options.fleet ? null : seed }, request, url);
      }
      if (!url.pathname.startsWith(basePath)) return detail(404, MESSAGES.notFound);
      const method = request.method.toUpperCase();
      const text = method === 'GET' || method === 'HEAD' ? '' : await request.text();
      const path = url.pathname.slice(basePath.length);
      const entry: RequestLogEntry = {
        method,
        path: `/${path}`,
        query: Object.fromEntries(url.searchParams),
        body: parseBody(text),
        time: iso(now()),
        status: 0,
      };
      log.push(entry);
      const response = await withFaults(portal, { request, url, path, method, text });
      entry.status = response.status;
      return response;
    },
    actionsSent() {
      return log.filter((entry) => entry.method === 'POST' && entry.path.startsWith('/actions/'));
    },
    reset() {
      state.load(buildFleet());
      log.length = 0;
      portal.faults = { ...initialFaults };
      portal.bucket.reset();
      throttle.reset();
      portal.jitterRandom = mulberry32(seed ^ 0x1f123bb5);
      portal.errorRandom = mulberry32(seed ^ 0x5f356495);
    },
    setFaults(next: Partial<Faults>) {
      portal.faults = { ...portal.faults, ...validateFaults(next) };
    },
    get faults() {
      return { ...portal.faults };
    },
    budget() {
      return throttle.report(apiKey, now(), countManaged(state.devices));
    },
    resetBudget() {
      throttle.reset();
    },
    checkIn(deviceIds?: number[]) {
      state.checkIn(now(), deviceIds);
    },
    get users() {
      return state.users;
    },
    get devices() {
      state.advance(now());
      return state.devices;
    },
    get userGroups() {
      return state.userGroups;
    },
    get deviceGroups() {
      return state.deviceGroups;
    },
    commands(deviceId: number) {
      state.advance(now());
      return state.commands(deviceId);
    },
    findUsersByEmail(email: string) {
      const wanted = normalizeEmail(email);
      if (wanted === '') return [];
      return state.users.filter((u) => u.email !== null && normalizeEmail(u.email) === wanted);
    },
  };
  return simulator;
}

function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
