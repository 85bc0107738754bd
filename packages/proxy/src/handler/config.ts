/**
 * The handler's options, checked once and resolved to their defaults: every request reads this one frozen
 * object. A TypeError here means the handler could never work (no way to authenticate, a malformed origin, ...).
 */
import {
  ACTION_KINDS,
  DEFAULT_BASE_PATH,
  type ActionKind,
  type Employee,
} from '@hexnode-offboard/core/protocol';
import {
  createSessionTokenVerifier,
  MIN_SECRET_LENGTH,
  type SessionGrant,
  type TokenVerification,
} from '../auth/session-tokens.js';
import type { AuditOptions } from '../audit/anchor.js';
import { DEFAULT_MARK_DISENROLLED_AFTER_MS } from '@hexnode-offboard/core';
import type { Actor, OffboardHandlerOptions, OffboardLogger, ReassignToOption } from '../options.js';
import { checkReassignTargets } from './reassign.js';
import { createMemoryStore } from '../store/memory.js';
import type { JobQueue } from '../jobs/types.js';
import type { ActionTrackerStore, OffboardStore } from '../store/types.js';
import { MemoryTrackerStore } from '../store/memory-trackers.js';
import { checkSchedule } from '@hexnode-offboard/core';
import { HexnodeConnections } from './hexnode.js';

export const DEFAULT_ACTIONS: readonly ActionKind[] = ['lock', 'wipe'];
export const DEFAULT_MAX_DEVICES_PER_ACTION = 10;
export const DEFAULT_MAX_ACTIONS_PER_ACTOR_PER_HOUR = 30;
export const DEFAULT_MAX_PREVIEWS_PER_ACTOR_PER_MINUTE = 300;
export const DEFAULT_MAX_STATUS_POLLS_PER_ACTOR_PER_MINUTE = 120;
export const DEFAULT_MAX_REFUSALS_PER_ACTOR_PER_MINUTE = 60;
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_ACTION_WAIT_IN_REQUEST_MS = 10_000;

export interface HandlerLimits {
  maxDevicesPerAction: number;
  maxActionsPerActorPerHour: number;
  maxPreviewsPerActorPerMinute: number;
  maxStatusPollsPerActorPerMinute: number;
  maxRefusalsPerActorPerMinute: number;
  actionWaitInRequestMs: number;
}

/** The options with their defaults, as every request reads them. */
export interface HandlerConfig {
  readonly basePath: string;
  readonly store: OffboardStore;
  readonly now: () => number;
  readonly logger: OffboardLogger;
  /** The audit key and anchor (`options.audit`), for the audit trail. */
  readonly auditOptions: AuditOptions;
  /** The actions that exist at all, in the widget's order. */
  readonly actions: readonly ActionKind[];
  readonly limits: Readonly<HandlerLimits>;
  readonly idempotencyTtlMs: number;
  readonly requireReason: boolean;
  readonly confirmTextFor: (employee: Employee) => string;
  readonly resolveEmployee: OffboardHandlerOptions['resolveEmployee'];
  /** Cookie mode's allowed origins; undefined: the handler's own origin. */
  readonly allowedOrigins: readonly string[] | undefined;
  readonly corsOrigins: readonly string[];
  readonly serverTiming: boolean;
  readonly authorize: ((request: Request) => Promise<Actor | null>) | undefined;
  readonly tokens:
    | {
        verify(token: string, now: number): Promise<TokenVerification>;
        isRevoked: ((grant: SessionGrant) => boolean | Promise<boolean>) | undefined;
      }
    | undefined;
  readonly hexnode: HexnodeConnections;
  /** Where `reassign` may hand a shared device (a list or a resolver per request). */
  readonly reassignTo: ReassignToOption;
  readonly markDisenrolledAfterMs: number;
  /** The job queue of the jobs routes (`options.jobs.queue`, else the store's own), opened on first use. */
  readonly jobQueue: () => JobQueue | undefined;
  /** The action trackers (the store's, else this handler's own memory), their schedule and the runner's tick. */
  readonly tracking: {
    readonly store: ActionTrackerStore;
    /** undefined: the default, in the minutes of each portal's budget (tracking/schedule.ts). */
    readonly scheduleMs: readonly number[] | undefined;
    /** undefined: the default, in the shortest minute of the portals' budgets; 0: no timer. */
    readonly tickMs: number | undefined;
  };
}

const consoleLogger: OffboardLogger = {
  error(message, fields) {
    console.error(`[hexnode-offboard] ${message} ${JSON.stringify(fields)}`);
  },
};

/** Checks the options and resolves their defaults. */
export function resolveConfig(options: OffboardHandlerOptions): HandlerConfig {
  validateOptions(options);
  const limits = options.limits ?? {};
  const store = options.store ?? createMemoryStore();
  return Object.freeze({
    basePath: normalizeBasePath(options.basePath),
    store,
    auditOptions: options.audit ?? {},
    now: options.now ?? (() => Date.now()),
    logger: options.logger ?? consoleLogger,
    actions: options.actions ?? DEFAULT_ACTIONS,
    limits: Object.freeze({
      maxDevicesPerAction: limits.maxDevicesPerAction ?? DEFAULT_MAX_DEVICES_PER_ACTION,
      maxActionsPerActorPerHour: limits.maxActionsPerActorPerHour ?? DEFAULT_MAX_ACTIONS_PER_ACTOR_PER_HOUR,
      maxPreviewsPerActorPerMinute:
        limits.maxPreviewsPerActorPerMinute ?? DEFAULT_MAX_PREVIEWS_PER_ACTOR_PER_MINUTE,
      maxStatusPollsPerActorPerMinute:
        limits.maxStatusPollsPerActorPerMinute ?? DEFAULT_MAX_STATUS_POLLS_PER_ACTOR_PER_MINUTE,
      maxRefusalsPerActorPerMinute:
        limits.maxRefusalsPerActorPerMinute ?? DEFAULT_MAX_REFUSALS_PER_ACTOR_PER_MINUTE,
      actionWaitInRequestMs: limits.actionWaitInRequestMs ?? DEFAULT_ACTION_WAIT_IN_REQUEST_MS,
    }),
    idempotencyTtlMs: options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS,
    requireReason: options.requireReason ?? false,
    confirmTextFor: (employee: Employee) =>
      options.confirmText ? options.confirmText(employee) : employee.email.trim(),
    allowedOrigins: options.allowedOrigins,
    corsOrigins: options.corsOrigins ?? [],
    serverTiming: options.serverTiming ?? false,
    authorize: options.authorize,
    resolveEmployee: options.resolveEmployee,
    tokens: options.sessionTokens && {
      verify: createSessionTokenVerifier(options.sessionTokens.secret, {
        ...(options.sessionTokens.clockToleranceMs !== undefined
          ? { clockToleranceMs: options.sessionTokens.clockToleranceMs }
          : {}),
      }),
      isRevoked: options.sessionTokens.isRevoked,
    },
    hexnode: new HexnodeConnections(options),
    reassignTo:
      typeof options.reassignTo === 'function'
        ? options.reassignTo
        : Object.freeze((options.reassignTo ?? []).map((target) => Object.freeze({ ...target }))),
    markDisenrolledAfterMs: options.markDisenrolledAfterMs ?? DEFAULT_MARK_DISENROLLED_AFTER_MS,
    jobQueue: jobQueueOf(options, store),
    tracking: Object.freeze({
      store: store.trackerStore ?? new MemoryTrackerStore(),
      scheduleMs: options.tracking?.scheduleMs && Object.freeze([...options.tracking.scheduleMs]),
      tickMs: options.tracking?.tickMs,
    }),
  });
}

/**
 * The queue the jobs routes use: the one given, else the store's (the SQLite store's `jobQueue` getter opens
 * it on first use, so it is read only when a jobs route is asked).
 */
function jobQueueOf(options: OffboardHandlerOptions, store: OffboardStore): () => JobQueue | undefined {
  const given = options.jobs?.queue;
  if (given) return () => given;
  let queue: JobQueue | undefined;
  return () => {
    if (queue) return queue;
    const candidate = store as OffboardStore & Partial<JobQueue> & { jobQueue?: JobQueue };
    if (typeof candidate.decideJob === 'function') queue = candidate as JobQueue;
    else if ('jobQueue' in candidate && typeof candidate.jobQueue?.decideJob === 'function')
      queue = candidate.jobQueue;
    return queue;
  };
}

// Over 60 lines (61): one flat list of checks, each its own clear TypeError, in the order the options are read.
function validateOptions(options: OffboardHandlerOptions): void {
  if (!options || typeof options !== 'object') throw new TypeError('createOffboardHandler needs options.');
  if (!options.hexnode)
    throw new TypeError(
      'options.hexnode is required: { portal, apiKey }, { baseUrl, apiKey } or a function.',
    );
  if (!options.authorize && !options.sessionTokens) {
    throw new TypeError(
      'Set options.authorize (cookie mode), options.sessionTokens (token mode) or both: without them nobody can act.',
    );
  }
  validateTokens(options.sessionTokens);
  if (
    options.jobs !== undefined &&
    (typeof options.jobs !== 'object' ||
      (options.jobs.queue !== undefined && typeof options.jobs.queue?.decideJob !== 'function'))
  ) {
    throw new TypeError("options.jobs.queue must be a job queue (createMemoryJobQueue, a store's jobQueue).");
  }
  if (options.resolveEmployee !== undefined && typeof options.resolveEmployee !== 'function') {
    throw new TypeError('options.resolveEmployee must be a function.');
  }
  for (const origin of [...(options.allowedOrigins ?? []), ...(options.corsOrigins ?? [])]) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      throw new TypeError(
        `allowedOrigins and corsOrigins entries must be exact origins like "https://hr.example.com" (no path or trailing slash): ${JSON.stringify(origin)}`,
      );
    }
  }
  for (const action of options.actions ?? []) {
    if (!(ACTION_KINDS as readonly string[]).includes(action))
      throw new TypeError(`Unknown action ${JSON.stringify(action)}.`);
  }
  for (const name of [
    'maxDevicesPerAction',
    'maxActionsPerActorPerHour',
    'maxPreviewsPerActorPerMinute',
    'maxStatusPollsPerActorPerMinute',
    'maxRefusalsPerActorPerMinute',
  ] as const) {
    positive(options.limits?.[name], `limits.${name}`);
  }
  const wait = options.limits?.actionWaitInRequestMs;
  if (wait !== undefined && (!Number.isInteger(wait) || wait < 0 || wait > 30_000)) {
    throw new TypeError(
      'limits.actionWaitInRequestMs must be a whole number of ms from 0 to 30000 (the wait and the ownership reads must fit the minute before sending).',
    );
  }
  positive(options.idempotencyTtlMs, 'idempotencyTtlMs');
  positive(options.markDisenrolledAfterMs, 'markDisenrolledAfterMs');
  if (options.reassignTo !== undefined && typeof options.reassignTo !== 'function') {
    checkReassignTargets(options.reassignTo, 'options.reassignTo');
  }
  validateTracking(options.tracking);
  if (
    options.directoryTtlMs !== undefined &&
    (!Number.isFinite(options.directoryTtlMs) || options.directoryTtlMs < 0)
  ) {
    throw new TypeError('directoryTtlMs must be a number of milliseconds, 0 or more.');
  }
}

function validateTracking(tracking: OffboardHandlerOptions['tracking']): void {
  if (tracking === undefined) return;
  if (typeof tracking !== 'object' || tracking === null) {
    throw new TypeError('options.tracking must be an object: { scheduleMs?, tickMs? }.');
  }
  if (tracking.scheduleMs !== undefined) checkSchedule(tracking.scheduleMs, 'options.tracking.scheduleMs');
  const tick = tracking.tickMs;
  if (tick !== undefined && (typeof tick !== 'number' || !Number.isInteger(tick) || tick < 0)) {
    throw new TypeError(
      'options.tracking.tickMs must be a whole number of milliseconds (0: no timer, run handler.tracking.checkDue()).',
    );
  }
}

function validateTokens(tokens: OffboardHandlerOptions['sessionTokens']): void {
  if (!tokens) return;
  if (typeof tokens.secret !== 'string' || tokens.secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`options.sessionTokens.secret must be at least ${MIN_SECRET_LENGTH} characters.`);
  }
  if (tokens.isRevoked !== undefined && typeof tokens.isRevoked !== 'function') {
    throw new TypeError('options.sessionTokens.isRevoked must be a function.');
  }
}

function positive(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1))
    throw new TypeError(`${name} must be a positive integer.`);
}

function normalizeBasePath(basePath: string | undefined): string {
  const path = (basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  if (!path.startsWith('/') && path !== '') throw new TypeError('basePath must start with "/".');
  return path;
}
