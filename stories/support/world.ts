/**
 * The backend of every story, running inside the page.
 *
 * Just over 300 lines: a story's whole backend (portal, handler, routes, its end) is one concern.
 *
 * A story's `beforeEach` calls `buildWorld(context)`. It creates a simulated Hexnode portal
 * (`createSimulator`) and the real handler (`createOffboardHandler`, memory store, token mode), and registers
 * three msw routes through msw-storybook-addon:
 *   POST {story}/session-token      the HRMS backend: mints a session token with `mintSessionToken`
 *   {story}/api/hexnode-offboard/*  the widget's endpoint, answered by the real handler
 *   https://{story}.hexnode.test/api/v1/*  the simulator's own msw handlers (`createHexnodeHandlers`),
 *                                    which the handler's Hexnode client reaches with a normal `fetch`
 * Every path is unique to the story, so several stories can live on one docs page.
 *
 * A story chooses its world with `parameters.world` (see `WorldParameters`).
 */
import { delay, http, type RequestHandler } from 'msw';
import { HexnodeClient, MemoryBudgetStore, type BudgetOptions } from '@hexnode-offboard/core';
import type { MswApi } from 'msw-storybook-addon';
import {
  createMemoryStore,
  createOffboardHandler,
  mintSessionToken,
  type Actor,
  type OffboardHandler,
  type OffboardHandlerOptions,
} from '@hexnode-offboard/proxy';
import {
  createHexnodeHandlers,
  createSimulator,
  type Faults,
  type FleetSpec,
  type Simulator,
} from '@hexnode-offboard/simulator';
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  IDEMPOTENCY_KEY_HEADER,
  type ActionKind,
  type PreviewResponse,
  type WipeMode,
} from '@hexnode-offboard/core/protocol';

/** Which world a story runs in. Everything is optional; the default is the seeded fleet and an HR admin who may lock and wipe. */
export interface WorldParameters {
  /** An explicit fleet instead of the seeded one. */
  fleet?: FleetSpec;
  /** Seed of the seeded fleet and of the simulator's random choices. Default 1. */
  seed?: number;
  /** Milliseconds before an online device checks in and finishes a command. Default 1500. */
  checkinMs?: number;
  /** 0..1 chance a command ends Failed (seeded, deterministic per command). */
  failRate?: number;
  /** Hexnode faults from the start (latency, 5xx, rate limit, hang, ...). */
  faults?: Partial<Faults>;
  /** Who the HR user is and what they may do. Default: Hannah Reed, lock and wipe. */
  actor?: Partial<Actor>;
  /** The actions the minted session token allows. Default: the actor's. `[]`: none (not allowed). */
  tokenActions?: ActionKind[];
  /** Lifetime of the first token minted, in seconds (later ones get 15 minutes): a short one expires mid-flow. */
  firstTokenTtlSeconds?: number;
  /** Handler options: which actions exist, a required reason, limits, shared device groups. */
  handler?: Pick<
    OffboardHandlerOptions,
    'actions' | 'requireReason' | 'limits' | 'sharedDeviceGroups' | 'markDisenrolledAfterMs'
  >;
  /**
   * Hexnode's daily calls per managed device, for the simulated portal and the handler's budget alike (default
   * Hexnode's 10). Only a story with a tiny explicit fleet raises it, and says why: a portal's day is 10 calls per
   * device, so three devices make a day of 30 calls, less than one story's preview, action and polls.
   */
  dailyCallsPerDevice?: number;
  /** Shared devices may be reassigned to the simulator's shift pool user, looked up by email (never a fixed id). */
  reassignToPool?: boolean;
  /** Hexnode's minute for this story, in ms (default {@link STORY_MINUTE_MS}): a longer one shows a wait. */
  minuteMs?: number;
  /**
   * Another integration spends the kit's share of Hexnode's minute (real reads of the simulated portal, counted
   * in the handler's budget) right before the first action reaches the handler, so the action has to wait.
   */
  spendMinuteBeforeAction?: boolean;
  /** Delay on the widget <-> handler leg, per route, in ms (`Infinity`: never answers). */
  latency?: { preview?: number; actions?: number; status?: number };
  /** Actions already taken (by this actor) before the story starts: they show up as history. */
  history?: { employee: string; action: ActionKind; mode?: WipeMode }[];
}

/** A running world: the story's play function can reach the simulator and the counters. */
export interface World {
  readonly sim: Simulator;
  readonly handler: OffboardHandler;
  readonly endpoint: string;
  /** How many session tokens the HRMS backend minted (each `fetchSessionToken()` call mints one). */
  tokensMinted: number;
  /** The story is over (another one started): its trackers stop, and a check already on its way stays quiet. */
  end(): void;
}

export const DEFAULT_ACTOR: Actor = { id: 'hr-001', name: 'Hannah Reed', actions: ['lock', 'wipe'] };
/** 32+ characters, as the handler requires. A story secret: it never leaves the page. */
const SECRET = 'storybook-only-secret-0123456789abcdef';
const EMPLOYEE_HEADER = 'X-Story-Employee';

/**
 * Hexnode's minute in the stories: one second, for the simulated portal's throttle and the handler's request budget
 * alike (as the browser tests' harness does). A story's flow (a cold preview of forty devices, an action, polls)
 * spends more than Hexnode's 30 calls of a real minute, and would sit waiting for the window instead of showing
 * its state. The limits themselves stay on; only their minute is short.
 */
export const STORY_MINUTE_MS = 1000;

const worlds = new Map<string, World>();

/** The story's slug, used in its paths and its simulated portal's host name. */
const slug = (storyId: string) =>
  storyId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 60);

/** Where a story's widget and token endpoint live. Also used by the render function, before the world exists. */
export function storyUrls(storyId: string): { endpoint: string; token: string } {
  const base = `/__stories/${slug(storyId)}`;
  return { endpoint: `${base}/api/hexnode-offboard`, token: `${base}/session-token` };
}

/**
 * What a host page's `fetchSessionToken` does: ask its own backend for a token for the employee on screen.
 * `onCall` lets the story log each call (the Actions panel shows it).
 */
export function tokenFetcher(storyId: string, employeeEmail: () => string, onCall?: () => void) {
  return async (): Promise<string> => {
    onCall?.();
    const response = await fetch(storyUrls(storyId).token, {
      method: 'POST',
      headers: { [EMPLOYEE_HEADER]: employeeEmail() },
    });
    if (!response.ok) throw new Error(`The session token endpoint answered ${response.status}.`);
    return response.text();
  };
}

/** The world of a story that has run its `beforeEach`. */
export function worldOf(storyId: string): World {
  const world = worlds.get(storyId);
  if (!world) throw new Error(`No world for story ${storyId}: does its meta use world's beforeEach?`);
  return world;
}

const wait = (ms: number | undefined) =>
  ms === undefined || ms <= 0 ? undefined : delay(ms === Infinity ? 'infinite' : ms);

/** What `buildWorld` reads from the story context (msw-storybook-addon adds `msw`). */
export interface WorldContext {
  id: string;
  parameters: { world?: WorldParameters };
  msw: MswApi;
}

/** The shift pool account of the simulated portal, by its email: what a handler configures `reassignTo` with. */
export const SHIFT_POOL_EMAIL = 'shift.pool@acme.example';
function poolOf(sim: Simulator): { hexnodeUserId: number; label: string }[] {
  const [pool] = sim.findUsersByEmail(SHIFT_POOL_EMAIL);
  if (!pool) throw new Error(`The simulated portal has no ${SHIFT_POOL_EMAIL}.`);
  return [{ hexnodeUserId: pool.id, label: 'Shift pool' }];
}

/** Builds the story's world and registers its routes. Use as (or in) a story's `beforeEach`. */
export async function buildWorld(context: WorldContext): Promise<World> {
  const params = context.parameters.world ?? {};
  // The stories before this one are over: their handlers' trackers stop reading portals no longer served.
  for (const earlier of worlds.values()) earlier.end();
  const { endpoint, token: tokenUrl } = storyUrls(context.id);
  const minute = params.minuteMs ?? STORY_MINUTE_MS;
  const sim = createSimulator({
    baseUrl: `https://${slug(context.id)}.hexnode.test/api/v1/`,
    seed: params.seed ?? 1,
    checkinMs: params.checkinMs ?? 1500,
    ...(params.fleet ? { fleet: params.fleet } : {}),
    ...(params.failRate !== undefined ? { failRate: params.failRate } : {}),
    ...(params.faults ? { faults: params.faults } : {}),
    throttle: {
      windowMs: minute,
      ...(params.dailyCallsPerDevice ? { dailyPerDevice: params.dailyCallsPerDevice } : {}),
    },
  });
  const actor: Actor = { ...DEFAULT_ACTOR, ...params.actor };
  const budget: BudgetOptions = {
    windowMs: minute,
    ...(params.dailyCallsPerDevice ? { dailyCallsPerDevice: params.dailyCallsPerDevice } : {}),
    ...(params.spendMinuteBeforeAction ? { store: new MemoryBudgetStore() } : {}),
  };
  let over = false;
  const handler = createOffboardHandler({
    basePath: endpoint,
    // The budget keeps the simulated portal's (short) window, as a real deployment keeps Hexnode's.
    hexnode: {
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      budget,
    },
    // One clock mints and verifies in the page, so no skew to allow for: a short first token expires on time.
    sessionTokens: { secret: SECRET, clockToleranceMs: 0 },
    store: createMemoryStore(),
    // The handler's log, until the story is over: a tracker check in flight when the next story replaced this
    // portal fails, and that is no error of the story being shown.
    logger: {
      error: (message, fields) => {
        if (!over) console.error(`[hexnode-offboard] ${message}`, fields);
      },
    },
    sharedDeviceGroups: ['Warehouse Handhelds'],
    ...(params.reassignToPool ? { reassignTo: poolOf(sim) } : {}),
    ...params.handler,
  });

  let firstToken = true;
  const mint = (employee: string) => {
    const ttlSeconds = firstToken && params.firstTokenTtlSeconds ? params.firstTokenTtlSeconds : 900;
    firstToken = false;
    return mintSessionToken({
      secret: SECRET,
      actor,
      employee,
      actions: params.tokenActions ?? actor.actions,
      ttlSeconds,
    });
  };

  const world: World = {
    sim,
    handler,
    endpoint,
    tokensMinted: 0,
    end() {
      over = true;
      handler.tracking.stop();
    },
  };
  const latency = params.latency ?? {};
  let spendMinute = params.spendMinuteBeforeAction === true;
  const routes: RequestHandler[] = [
    http.post(tokenUrl, async ({ request }) => {
      world.tokensMinted += 1;
      return new Response(await mint(request.headers.get(EMPLOYEE_HEADER) ?? ''), {
        headers: { 'Content-Type': 'text/plain' },
      });
    }),
    http.all(`${endpoint}/*`, async ({ request }) => {
      const path = new URL(request.url).pathname.slice(endpoint.length);
      if (path === '/actions' && spendMinute) {
        spendMinute = false;
        await spendTheMinute(sim, budget);
      }
      await wait(
        path === '/preview' ? latency.preview : path === '/actions' ? latency.actions : latency.status,
      );
      return handler(request);
    }),
    ...createHexnodeHandlers(sim),
  ];
  context.msw.use(...routes);
  worlds.set(context.id, world);

  for (const entry of params.history ?? []) await actBeforehand(world, await mint(entry.employee), entry);
  // The history's commands finish at once, and the token the story itself gets is a normal first one.
  sim.checkIn();
  firstToken = true;
  return world;
}

/** Spends the kit's share of the minute with real Hexnode reads, counted in the handler's budget store. */
async function spendTheMinute(sim: Simulator, budget: BudgetOptions): Promise<void> {
  const other = new HexnodeClient({ baseUrl: sim.baseUrl, apiKey: sim.apiKey, budget });
  const device = sim.devices[0]!.id;
  while ((await other.budget.room('action', 1)).ok) await other.devices.get(device);
}

/** Sends one action through the handler, as the widget would, so that it appears in the history. */
async function actBeforehand(
  world: World,
  token: string,
  entry: { employee: string; action: ActionKind; mode?: WipeMode },
): Promise<void> {
  const call = async (path: string, body: unknown, extra: Record<string, string> = {}) => {
    const response = await world.handler(
      new Request(new URL(world.endpoint + path, location.origin), {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          [CSRF_HEADER]: CSRF_HEADER_VALUE,
          ...extra,
        },
        body: JSON.stringify(body),
      }),
    );
    if (!response.ok) throw new Error(`Setting up the history failed: ${path} answered ${response.status}.`);
    return response.json() as Promise<unknown>;
  };
  const employee = { email: entry.employee };
  const preview = (await call('/preview', { employee })) as PreviewResponse;
  await call(
    '/actions',
    {
      employee,
      action: entry.action,
      deviceIds: preview.devices.map((device) => device.id),
      confirmation: preview.confirmText,
      reason: 'Last working day',
      ...(entry.mode ? { options: { mode: entry.mode } } : {}),
    },
    { [IDEMPOTENCY_KEY_HEADER]: crypto.randomUUID() },
  );
}
