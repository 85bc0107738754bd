/**
 * The handler wired to the real simulator, served on loopback by `startSimulator`, with a cookie-mode
 * `authorize` over a fixed table of actors and helpers that build the requests a browser would send.
 */
import {
  createOffboardHandler,
  mintSessionToken,
  type Actor,
  type OffboardHandlerOptions,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import type { ActionKind } from '@hexnode-offboard/core/protocol';
import type { Simulator } from '@hexnode-offboard/simulator';
import { startSimulator, type RunningSimulator } from '@hexnode-offboard/simulator/node';
import { after, before, beforeEach } from 'node:test';

export const API_KEY = 'hx-test-key-7f3a9c0d5e1b-never-leak';
export const SECRET = 'session-token-secret-for-tests-0123456789abcdef';
export const ORIGIN = 'https://hr.acme.example';
export const BASE = `${ORIGIN}/api/hexnode-offboard`;
export const JANE = 'jane.leaver@acme.example';
export const SAM = 'sam.shift@acme.example';

export const ACTORS = {
  admin: {
    id: 'hr-admin',
    name: 'Alex Admin',
    tenant: 'acme',
    actions: ['lock', 'wipe', 'clear_passcode', 'lost_mode', 'disenroll'],
    canReadAudit: true,
  },
  hr: { id: 'hr-1', name: 'Hanna HR', tenant: 'acme', actions: ['lock', 'wipe'] },
  norole: { id: 'hr-2', name: 'Nora Norole', tenant: 'acme', actions: [] },
  lockOnly: { id: 'hr-4', name: 'Lee Lock', tenant: 'acme', actions: ['lock'] },
  scoped: { id: 'hr-3', name: 'Sid Scoped', tenant: 'acme', actions: ['lock', 'wipe'], employees: [SAM] },
  globex: { id: 'gx-1', name: 'Gia Globex', tenant: 'globex', actions: ['lock', 'wipe'] },
} satisfies Record<string, Actor>;
export type ActorName = keyof typeof ACTORS;

/** Cookie mode: the HRMS session cookie names an actor. */
export async function authorizeFromCookie(request: Request): Promise<Actor | null> {
  const match = /(?:^|;\s*)session=([a-zA-Z]+)/.exec(request.headers.get('cookie') ?? '');
  const name = match?.[1] as ActorName | undefined;
  return name && name in ACTORS ? ACTORS[name] : null;
}

export async function startSim(): Promise<RunningSimulator> {
  return startSimulator({ apiKey: API_KEY, checkinMs: 0 });
}

/**
 * One simulator for the test file: started before its first test, reset to the seeded fleet before each
 * test, stopped after the last. Read it through the returned object (its properties follow the running one).
 */
export function useSimulator(): RunningSimulator {
  let running: RunningSimulator | undefined;
  before(async () => {
    running = await startSim();
  });
  after(async () => {
    await running?.close();
  });
  beforeEach(() => {
    current().simulator.reset();
  });
  const current = () => {
    if (!running) throw new Error('The simulator starts in before(): use it inside a test or hook.');
    return running;
  };
  return {
    get url() {
      return current().url;
    },
    get origin() {
      return current().origin;
    },
    get simulator() {
      return current().simulator;
    },
    close: () => current().close(),
  };
}

/**
 * How the tests' portal spells a corporate-only wipe: the operator's statement the handler needs before it sends
 * one (`hexnode.wipeOptions.corporate`; Hexnode documents none). The simulator takes the field and ignores it.
 */
export const CORPORATE_WIPE = { wipe_type: 'corporate' } as const;

export function makeHandler(sim: RunningSimulator, options: Partial<OffboardHandlerOptions> = {}) {
  return createOffboardHandler({
    hexnode: { baseUrl: sim.url, apiKey: API_KEY, wipeOptions: { corporate: CORPORATE_WIPE } },
    authorize: authorizeFromCookie,
    sessionTokens: { secret: SECRET },
    allowedOrigins: [ORIGIN],
    actions: ['lock', 'wipe', 'clear_passcode', 'lost_mode', 'disenroll'],
    // No tracking timer: a test runs the trackers' due checks itself (`trackAfter`), so it knows when Hexnode
    // is read. The timer has its own test (tracking.test.ts).
    tracking: { tickMs: 0 },
    ...options,
  });
}

/** A clock a test moves, for the handler's `now` option. */
export function testClock(start = Date.now()) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

/**
 * The handler's Hexnode connection with its request budget on the test's clock: the kit's windows pass as the
 * test moves the clock (hours of tracking in a moment), and a wait for the budget moves the clock on instead of
 * waiting in real time. The simulator keeps its real throttle: a test on this clock sends no more calls in real
 * time than a real minute allows (30), or draws a 429.
 */
export function hexnodeOnClock(sim: RunningSimulator, clock: ReturnType<typeof testClock>) {
  return {
    baseUrl: sim.url,
    apiKey: API_KEY,
    wipeOptions: { corporate: CORPORATE_WIPE },
    budget: { now: clock.now, sleep: async (ms: number) => clock.advance(ms) },
  };
}

/**
 * Moves the clock `ms` on and runs the handler's due tracker checks now (what its timer does every few seconds):
 * resolves to how many trackers were checked.
 */
export async function trackAfter(
  handler: ReturnType<typeof makeHandler>,
  clock: ReturnType<typeof testClock>,
  ms: number,
): Promise<number> {
  clock.advance(ms);
  return handler.tracking.checkDue();
}

export interface RequestOptions {
  actor?: ActorName | null;
  token?: string;
  origin?: string | null;
  secFetchSite?: string | null;
  csrfHeader?: string | null;
  contentType?: string | null;
  idempotencyKey?: string | null;
  method?: string;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
}

/** A request as the widget would send it from the HRMS page, each part overridable. */
export function browserRequest(path: string, body: unknown, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  const set = (name: string, value: string | null | undefined, fallback: string | null) => {
    const chosen = value === undefined ? fallback : value;
    if (chosen !== null) headers.set(name, chosen);
  };
  const method = options.method ?? 'POST';
  set('Origin', options.origin, ORIGIN);
  set('Sec-Fetch-Site', options.secFetchSite, 'same-origin');
  set('X-Hexnode-Offboard', options.csrfHeader, '1');
  if (method !== 'GET') set('Content-Type', options.contentType, 'application/json');
  if (path === '/actions') set('Idempotency-Key', options.idempotencyKey, crypto.randomUUID());
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  const actor = options.actor === undefined ? 'hr' : options.actor;
  if (actor !== null && !options.token) headers.set('Cookie', `session=${actor}; theme=dark`);
  return new Request(`${BASE}${path}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: options.rawBody ?? JSON.stringify(body) }),
  });
}

export function deviceIdsOf(sim: Simulator, email: string): number[] {
  const users = sim.findUsersByEmail(email);
  if (users.length !== 1) throw new Error(`expected one simulator user for ${email}`);
  return sim.devices.filter((device) => device.userId === users[0]!.id).map((device) => device.id);
}

export function actionBody(sim: Simulator, overrides: Record<string, unknown> = {}) {
  return {
    employee: { email: JANE, name: 'Jane Leaver' },
    action: 'wipe' as ActionKind,
    deviceIds: deviceIdsOf(sim, JANE),
    options: { mode: 'corporate' },
    confirmation: JANE,
    reason: 'Last day',
    ...overrides,
  };
}

export function tokenFor(
  actor: Actor,
  employee: string,
  actions: ActionKind[],
  ttlSeconds = 300,
  now?: () => number,
) {
  return mintSessionToken({ secret: SECRET, actor, employee, actions, ttlSeconds, ...(now ? { now } : {}) });
}

export async function problemOf(
  response: Response,
): Promise<{ status: number; code: string; body: Record<string, unknown> }> {
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, code: String(body.code), body };
}

export type { OffboardStore };
