/**
 * `createSimulator()`: one simulated Hexnode portal behind one `handle(request)` function, with Web APIs only,
 * so the same code answers inside msw (Node or a browser's service worker) and behind the loopback HTTP server.
 */
import { allowHeader, matchRoute, type ApiContext } from './api/routes.js';
import { NO_FAULTS, TokenBucket, validateFaults } from './faults.js';
import { HARD_CASES } from './fleet/hard-cases.js';
import { DEFAULT_DEVICES, DEFAULT_USERS, generateFleet } from './fleet/seed.js';
import { normalizeFleet } from './fleet/spec.js';
import { APPEND_SLASH_REDIRECT, MESSAGES, SERVER_ERRORS, WWW_AUTHENTICATE } from './guesses.js';
import { detail, HttpError, iso, json, noContent, sleep, untilAborted } from './http.js';
import { mulberry32, type Random } from './random.js';
import { State } from './state.js';
import { countManaged, resolveThrottle, Throttle, throttledResponse } from './throttle.js';
import type { Fleet, Faults, RequestLogEntry, Simulator, SimulatorOptions } from './types.js';

export const DEFAULT_API_KEY = 'demo-api-key';
export const DEFAULT_BASE_URL = 'https://acme.hexnodemdm.com/api/v1/';
export const DEFAULT_CHECKIN_MS = 1500;
/** The control surface lives at the origin's root, outside `/api/v1/`. */
export const CONTROL_PREFIX = '/__simulator/';

/** Throws a TypeError naming every bad option (used before anything starts). */
export function checkOptions(options: SimulatorOptions): void {
  const problems: string[] = [];
  const nonNegativeInt = (key: 'seed' | 'users' | 'devices') => {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      problems.push(`${key} must be a whole number >= 0`);
  };
  nonNegativeInt('seed');
  nonNegativeInt('users');
  nonNegativeInt('devices');
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || options.apiKey.trim() === '')) {
    problems.push('apiKey must be a non-empty string');
  }
  if (options.baseUrl !== undefined && !URL.canParse(options.baseUrl))
    problems.push('baseUrl must be an absolute URL');
  if (options.checkinMs !== undefined && !(Number.isFinite(options.checkinMs) && options.checkinMs >= 0)) {
    problems.push('checkinMs must be a number >= 0');
  }
  if (options.failRate !== undefined && !(options.failRate >= 0 && options.failRate <= 1)) {
    problems.push('failRate must be a number from 0 to 1');
  }
  if (options.now !== undefined && typeof options.now !== 'function') problems.push('now must be a function');
  if (options.faults !== undefined) {
    try {
      validateFaults(options.faults);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  try {
    resolveThrottle(options.throttle);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new TypeError(`Invalid simulator options: ${problems.join('; ')}`);
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Creates a simulated Hexnode portal. Throws a TypeError on bad options. */
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
  const log: RequestLogEntry[] = [];
  let faults: Faults = { ...initialFaults };
  const bucket = new TokenBucket();
  const throttle = new Throttle(resolveThrottle(options.throttle));
  let jitterRandom: Random = mulberry32(seed ^ 0x1f123bb5);
  let errorRandom: Random = mulberry32(seed ^ 0x5f356495);

  async function api(
    request: Request,
    url: URL,
    path: string,
    method: string,
    text: string,
  ): Promise<Response> {
    const signal = request.signal;
    const delay = faults.latencyMs + (faults.jitterMs > 0 ? jitterRandom() * faults.jitterMs : 0);
    if (delay > 0) await sleep(delay, signal);
    if (faults.hang) await untilAborted(signal);
    if (faults.rateLimit > 0) {
      const taken = bucket.take(now(), faults.rateLimit);
      if (!taken.ok) {
        return detail(429, MESSAGES.throttled(taken.retryAfter), { 'Retry-After': String(taken.retryAfter) });
      }
    }
    if (faults.errorRate > 0 && errorRandom() < faults.errorRate) {
      const error = SERVER_ERRORS[Math.floor(errorRandom() * SERVER_ERRORS.length)] ?? SERVER_ERRORS[0]!;
      return new Response(error.body, {
        status: error.status,
        headers: { 'Content-Type': error.contentType },
      });
    }
    const response = route(request, url, path, method, text);
    if (faults.malformedJson && response.ok && response.headers.get('Content-Type') === 'application/json') {
      const body = await response.text();
      return new Response(body.slice(0, Math.ceil(body.length / 2)), {
        status: response.status,
        headers: response.headers,
      });
    }
    return response;
  }

  function route(request: Request, url: URL, path: string, method: string, text: string): Response {
    const match = matchRoute(path);
    if (!match) {
      if (
        APPEND_SLASH_REDIRECT &&
        !path.endsWith('/') &&
        matchRoute(`${path}/`) &&
        (method === 'GET' || method === 'HEAD')
      ) {
        const location = new URL(url);
        location.pathname += '/';
        return new Response(null, { status: 301, headers: { Location: location.href } });
      }
      return detail(404, MESSAGES.notFound);
    }
    const key = request.headers.get('Authorization');
    if (key === null || key === '') {
      return detail(401, MESSAGES.notAuthenticated, { 'WWW-Authenticate': WWW_AUTHENTICATE });
    }
    if (key !== apiKey) return detail(401, MESSAGES.invalidKey, { 'WWW-Authenticate': WWW_AUTHENTICATE });
    const verdict = throttle.check(key, now(), countManaged(state.devices));
    if (!verdict.ok) return throttledResponse(verdict.waitMs);
    const allow = allowHeader(match.route);
    if (method === 'OPTIONS') {
      return json(
        200,
        { name: path, description: '', renders: ['application/json'], parses: ['application/json'] },
        { Allow: allow },
      );
    }
    const handler = match.route.methods[(method === 'HEAD' ? 'GET' : method) as 'GET'];
    if (!handler) return detail(405, MESSAGES.methodNotAllowed(method), { Allow: allow });
    let body: unknown;
    if (text !== '') {
      const type = request.headers.get('Content-Type') ?? '';
      if (!type.toLowerCase().startsWith('application/json')) {
        return detail(415, `Unsupported media type "${type}" in request.`);
      }
      try {
        body = JSON.parse(text);
      } catch (error) {
        return detail(400, MESSAGES.invalidJson(error instanceof Error ? error.message : String(error)));
      }
    }
    const at = now();
    state.advance(at);
    const ctx: ApiContext = {
      state,
      url,
      baseUrl,
      path,
      params: match.params,
      body,
      now: at,
      drift: faults.schemaDrift,
    };
    let response: Response;
    try {
      response = handler(ctx);
    } catch (error) {
      if (error instanceof HttpError) response = error.response;
      else throw error;
    }
    return method === 'HEAD'
      ? new Response(null, { status: response.status, headers: response.headers })
      : response;
  }

  async function control(request: Request, url: URL): Promise<Response> {
    const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
    const method = request.method.toUpperCase();
    const routes: Record<string, Record<string, (body: unknown) => Response>> = {
      log: {
        GET: () => json(200, log),
        DELETE: () => {
          log.length = 0;
          return noContent();
        },
      },
      reset: {
        POST: () => {
          simulator.reset();
          return noContent();
        },
      },
      faults: {
        GET: () => json(200, faults),
        POST: (body) => {
          simulator.setFaults(body as Partial<Faults>);
          return json(200, faults);
        },
      },
      checkin: {
        POST: (body) => {
          const ids = (body ?? {}) as { deviceIds?: unknown };
          if (
            typeof ids !== 'object' ||
            (ids.deviceIds !== undefined &&
              !(Array.isArray(ids.deviceIds) && ids.deviceIds.every(Number.isInteger)))
          ) {
            return detail(400, 'deviceIds must be a list of device ids');
          }
          simulator.checkIn(ids.deviceIds as number[] | undefined);
          return noContent();
        },
      },
      fleet: { GET: () => json(200, fleetSummary()) },
      budget: {
        GET: () => json(200, simulator.budget()),
        DELETE: () => {
          simulator.resetBudget();
          return noContent();
        },
      },
    };
    const methods = routes[path];
    if (!methods) return detail(404, MESSAGES.notFound);
    const handler = methods[method];
    if (!handler)
      return detail(405, MESSAGES.methodNotAllowed(method), { Allow: Object.keys(methods).join(', ') });
    const text = method === 'GET' ? '' : await request.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return detail(400, 'The body is not valid JSON.');
    }
    try {
      return handler(body);
    } catch (error) {
      if (error instanceof TypeError) return detail(400, error.message);
      throw error;
    }
  }

  function fleetSummary() {
    state.advance(now());
    const fixture = (email: string) => {
      const users = simulator.findUsersByEmail(email);
      return {
        email,
        userIds: users.map((u) => u.id),
        deviceIds: users.flatMap((u) => [...state.deviceIdsOf(u.id)]),
      };
    };
    return {
      seed: options.fleet ? null : seed,
      users: state.users.length,
      devices: state.devices.length,
      userGroups: state.userGroups.map((g) => ({
        id: g.id,
        groupname: g.groupname,
        users: g.userIds.length,
      })),
      deviceGroups: state.deviceGroups.map((g) => ({
        id: g.id,
        groupname: g.groupname,
        devices: g.deviceIds.length,
      })),
      hardCases: options.fleet
        ? []
        : [
            HARD_CASES.manager.email,
            HARD_CASES.shiftWorker.email,
            HARD_CASES.shiftTeamA.email,
            HARD_CASES.shiftTeamB.email,
            HARD_CASES.noDevices.email,
            HARD_CASES.sharedEmail.email,
            HARD_CASES.mixedCase.email,
            HARD_CASES.offline.email,
            HARD_CASES.shiftPool.email,
            HARD_CASES.frontlineLeaver.email,
          ].map(fixture),
    };
  }

  const simulator: Simulator = {
    baseUrl,
    apiKey,
    log,
    async handle(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname.startsWith(CONTROL_PREFIX)) return control(request, url);
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
      const response = await api(request, url, path, method, text);
      entry.status = response.status;
      return response;
    },
    actionsSent() {
      return log.filter((entry) => entry.method === 'POST' && entry.path.startsWith('/actions/'));
    },
    reset() {
      state.load(buildFleet());
      log.length = 0;
      faults = { ...initialFaults };
      bucket.reset();
      throttle.reset();
      jitterRandom = mulberry32(seed ^ 0x1f123bb5);
      errorRandom = mulberry32(seed ^ 0x5f356495);
    },
    setFaults(next: Partial<Faults>) {
      faults = { ...faults, ...validateFaults(next) };
    },
    get faults() {
      return { ...faults };
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
