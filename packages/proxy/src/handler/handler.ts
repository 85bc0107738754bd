/**
 * `createOffboardHandler`: the Web-standard `(request) => Promise<Response>` an HRMS mounts. It alone
 * holds the Hexnode API key. Every request runs the same checks in the same order (docs/handler.md)
 * and stops at the first failure, before anything reaches Hexnode.
 */
import { certainlyNotActed, emailNote, normalizeEmail, toPreviewDevice } from '@hexnode-offboard/core';
import {
  ACTION_KINDS,
  ActionRequest,
  DEFAULT_BASE_PATH,
  DESTRUCTIVE_ACTIONS,
  IDEMPOTENCY_KEY_HEADER,
  PreviewRequest,
  WIPE_MODES,
  type ActionAccepted,
  type ActionKind,
  type ActionStatusResponse,
  type ActionState,
  type Employee,
  type HistoryEntry,
  type PreviewDevice,
  type PreviewResponse,
} from '@hexnode-offboard/core/protocol';
import { canonicalJson, sha256Hex } from '../audit/chain.js';
import { AuditIntegrityError } from '../audit/integrity.js';
import { sanitizeOptional, sanitizeText } from '../audit/sanitize.js';
import { AuditTrail } from '../audit/trail.js';
import { employeeKey, identityProblem } from '../auth/identity.js';
import { createSessionTokenVerifier, MIN_SECRET_LENGTH, type SessionGrant } from '../auth/session-tokens.js';
import { isJsonContentType, readJsonBody } from '../http/body.js';
import { checkCsrf } from '../http/csrf.js';
import { PROBLEMS, ProblemError, baseHeaders, jsonResponse, problemResponse } from '../http/problem.js';
import type { Actor, OffboardHandlerOptions, OffboardLogger } from '../options.js';
import { createMemoryStore } from '../store/memory.js';
import type {
  AuditEntry,
  AuditRecord,
  IdempotencyScope,
  OffboardStore,
  StoredResponse,
} from '../store/types.js';
import { createHexnodeResolver, deviceProgress, hexnodeProblem, sendAction } from './hexnode.js';
import type { HexnodeSide } from './hexnode.js';

export const DEFAULT_ACTIONS: readonly ActionKind[] = ['lock', 'wipe'];
export const DEFAULT_MAX_DEVICES_PER_ACTION = 10;
export const DEFAULT_MAX_ACTIONS_PER_ACTOR_PER_HOUR = 30;
export const DEFAULT_MAX_PREVIEWS_PER_ACTOR_PER_MINUTE = 300;
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const ACTION_ID_PATTERN = /^act_[A-Za-z0-9-]{1,64}$/;
const HISTORY_LIMIT = 20;
/** Request headers a cross-origin page may send (lower case). */
const CORS_REQUEST_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-hexnode-offboard'];
const MAX_AUDIT_EXPORT = 5000;
/** How long one action may hold its employee's lock if the process dies before releasing it. */
const EMPLOYEE_LOCK_TTL_MS = 2 * 60 * 1000;

/** The employee lock lives beside idempotency records, under an actor id no real actor can have. */
const employeeLockScope = (tenant: string | null, email: string): IdempotencyScope => ({
  tenant,
  actorId: '\u0000employee',
  key: email,
});

export type OffboardHandler = (request: Request) => Promise<Response>;

/** Where one request's time went: in Hexnode calls (the core client, its parsing included) or in the handler. */
class Timing {
  readonly started = performance.now();
  hexnodeMs = 0;

  async hexnode<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.hexnodeMs += performance.now() - started;
    }
  }

  /** `Server-Timing` value: `hexnode` (Hexnode calls) and `handler` (everything else, store writes included). */
  header(): string {
    const total = performance.now() - this.started;
    return `hexnode;dur=${this.hexnodeMs.toFixed(2)}, handler;dur=${(total - this.hexnodeMs).toFixed(2)}`;
  }
}

interface Auth {
  mode: 'cookie' | 'token';
  actor: Actor;
  grant?: SessionGrant;
}

const consoleLogger: OffboardLogger = {
  error(message, fields) {
    console.error(`[hexnode-offboard] ${message} ${JSON.stringify(fields)}`);
  },
};

const newId = (prefix: string) => `${prefix}_${crypto.randomUUID()}`;

const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function errorName(error: unknown): string {
  return error instanceof Error ? sanitizeText(error.name, 60) : typeof error;
}

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
  if (
    options.sessionTokens &&
    (typeof options.sessionTokens.secret !== 'string' ||
      options.sessionTokens.secret.length < MIN_SECRET_LENGTH)
  ) {
    throw new TypeError(`options.sessionTokens.secret must be at least ${MIN_SECRET_LENGTH} characters.`);
  }
  if (
    options.sessionTokens?.isRevoked !== undefined &&
    typeof options.sessionTokens.isRevoked !== 'function'
  ) {
    throw new TypeError('options.sessionTokens.isRevoked must be a function.');
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
  const positive = (value: number | undefined, name: string) => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      throw new TypeError(`${name} must be a positive integer.`);
  };
  positive(options.limits?.maxDevicesPerAction, 'limits.maxDevicesPerAction');
  positive(options.limits?.maxActionsPerActorPerHour, 'limits.maxActionsPerActorPerHour');
  positive(options.limits?.maxPreviewsPerActorPerMinute, 'limits.maxPreviewsPerActorPerMinute');
  positive(options.idempotencyTtlMs, 'idempotencyTtlMs');
  if (
    options.directoryTtlMs !== undefined &&
    (!Number.isFinite(options.directoryTtlMs) || options.directoryTtlMs < 0)
  ) {
    throw new TypeError('directoryTtlMs must be a number of milliseconds, 0 or more.');
  }
}

function normalizeBasePath(basePath: string | undefined): string {
  const path = (basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  if (!path.startsWith('/') && path !== '') throw new TypeError('basePath must start with "/".');
  return path;
}

function isValidActor(actor: unknown): actor is Actor {
  if (!actor || typeof actor !== 'object') return false;
  const value = actor as Partial<Actor>;
  return (
    typeof value.id === 'string' &&
    value.id !== '' &&
    identityProblem(value.id) === null &&
    typeof value.name === 'string' &&
    (value.tenant === undefined ||
      (typeof value.tenant === 'string' && identityProblem(value.tenant) === null)) &&
    Array.isArray(value.actions) &&
    value.actions.every((action) => (ACTION_KINDS as readonly string[]).includes(action)) &&
    (value.employees === undefined ||
      (Array.isArray(value.employees) && value.employees.every((email) => typeof email === 'string')))
  );
}

function zodErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map((part) => String(part)).join('.') || '(body)',
    message: sanitizeText(issue.message, 200),
  }));
}

/** Creates the handler. Throws a TypeError when the options cannot work (no way to authenticate, bad origins, ...). */
export function createOffboardHandler(options: OffboardHandlerOptions): OffboardHandler {
  validateOptions(options);
  const basePath = normalizeBasePath(options.basePath);
  const store: OffboardStore = options.store ?? createMemoryStore();
  const now = options.now ?? (() => Date.now());
  const logger = options.logger ?? consoleLogger;
  const handlerActions: readonly ActionKind[] = options.actions ?? DEFAULT_ACTIONS;
  const maxDevices = options.limits?.maxDevicesPerAction ?? DEFAULT_MAX_DEVICES_PER_ACTION;
  const maxPerHour = options.limits?.maxActionsPerActorPerHour ?? DEFAULT_MAX_ACTIONS_PER_ACTOR_PER_HOUR;
  const maxPreviewsPerMinute =
    options.limits?.maxPreviewsPerActorPerMinute ?? DEFAULT_MAX_PREVIEWS_PER_ACTOR_PER_MINUTE;
  const idempotencyTtlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  const requireReason = options.requireReason ?? false;
  const confirmTextFor = (employee: Employee) =>
    options.confirmText ? options.confirmText(employee) : employee.email.trim();
  const resolveHexnode = createHexnodeResolver(options);
  const verifyToken =
    options.sessionTokens &&
    createSessionTokenVerifier(options.sessionTokens.secret, {
      ...(options.sessionTokens.clockToleranceMs !== undefined
        ? { clockToleranceMs: options.sessionTokens.clockToleranceMs }
        : {}),
    });
  // Every audit write and every decision read from the log goes through the trail (audit/trail.ts).
  const audit = new AuditTrail({
    ...options.audit,
    store,
    now,
    onError(message, error) {
      logger.error(message, {
        error: errorName(error),
        ...(error instanceof AuditIntegrityError ? { seq: error.seq, problem: error.problem } : {}),
      });
    },
  });
  /** A decision read from the audit log; a log that cannot be read or failed verification refuses. */
  const fromAudit = <T>(read: Promise<T>, requestId?: string): Promise<T> =>
    read.catch((error: unknown) => {
      if (!(error instanceof AuditIntegrityError)) {
        logger.error('audit read failed', { requestId: requestId ?? null, error: errorName(error) });
      }
      throw new ProblemError('audit_unavailable');
    });

  // ---------------------------------------------------------------------------------------------
  // Authentication, CSRF, scope
  // ---------------------------------------------------------------------------------------------

  async function authenticate(request: Request, requestId: string, mutating: boolean): Promise<Auth> {
    const bearer = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(
      request.headers.get('authorization') ?? '',
    );
    if (verifyToken && bearer?.[1]) {
      const verdict = await verifyToken(bearer[1], now());
      if (!verdict.ok && verdict.reason === 'not_yet_valid') {
        // A genuine token from a clock that runs ahead: try again shortly, no new sign-in.
        throw new ProblemError('session_not_yet_valid', {
          detail: 'The session token is not valid yet (the clocks disagree); try again in a moment.',
          retryAfter: retryAfterSeconds(verdict.retryAfterMs),
        });
      }
      if (!verdict.ok) {
        throw new ProblemError(verdict.reason === 'expired' ? 'session_expired' : 'unauthenticated', {
          detail:
            verdict.reason === 'expired'
              ? 'The session token has expired; fetch a new one.'
              : 'The session token is not valid.',
        });
      }
      const isRevoked = options.sessionTokens?.isRevoked;
      if (isRevoked) {
        let revoked: boolean;
        try {
          revoked = (await isRevoked(verdict.grant)) !== false;
        } catch (error) {
          logger.error('sessionTokens.isRevoked failed', { requestId, error: errorName(error) });
          throw new ProblemError('internal_error');
        }
        if (revoked) {
          throw new ProblemError('unauthenticated', {
            detail: 'The session this token was issued in has ended. Sign in again.',
          });
        }
      }
      return { mode: 'token', actor: verdict.grant.actor, grant: verdict.grant };
    }
    // Cookie mode: the browser attaches the HRMS session on its own, so prove the request is the HRMS's own.
    const csrf = checkCsrf(request, options.allowedOrigins, mutating);
    if (!csrf.ok) throw new ProblemError('forbidden', { detail: csrf.detail });
    if (!options.authorize)
      throw new ProblemError('unauthenticated', { detail: 'A session token is required.' });
    const actor = await options.authorize(request);
    if (actor === null || actor === undefined)
      throw new ProblemError('unauthenticated', { detail: 'Sign in to continue.' });
    if (!isValidActor(actor)) {
      logger.error('authorize returned an invalid actor', { requestId });
      throw new ProblemError('internal_error');
    }
    return { mode: 'cookie', actor };
  }

  function effectiveActions(auth: Auth): ActionKind[] {
    return handlerActions.filter(
      (action) => auth.actor.actions.includes(action) && (!auth.grant || auth.grant.actions.includes(action)),
    );
  }

  function inScope(auth: Auth, email: string): boolean {
    if (auth.grant && auth.grant.employeeEmail !== email) return false;
    if (auth.actor.employees && !auth.actor.employees.some((allowed) => normalizeEmail(allowed) === email))
      return false;
    return true;
  }

  // Identity keys are checked, never altered (auth/identity.ts): the tenant is used as it is.
  const tenantOf = (auth: Auth) => (auth.actor.tenant === undefined ? null : auth.actor.tenant);

  /** Counts one event against a sliding-window limit; a store that cannot answer refuses the request. */
  function consumeRate(key: string, limit: number, windowMs: number, eventId: string, requestId: string) {
    return store.consumeRateLimit({ key, limit, windowMs, now: now(), eventId }).catch((error: unknown) => {
      logger.error('rate limit check failed', { requestId, error: errorName(error) });
      throw new ProblemError('audit_unavailable');
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Audit
  // ---------------------------------------------------------------------------------------------

  function auditEntry(
    auth: Auth,
    requestId: string,
    fields: Partial<AuditEntry> & Pick<AuditEntry, 'event' | 'outcome'>,
  ): AuditEntry {
    return {
      id: newId('aud'),
      time: new Date(now()).toISOString(),
      requestId,
      auth: auth.mode,
      actor: { id: auth.actor.id, name: sanitizeText(auth.actor.name, 200) },
      tenant: tenantOf(auth),
      employee: null,
      hexnodeUser: null,
      deviceIds: [],
      action: null,
      options: null,
      reason: null,
      idempotencyKey: null,
      code: null,
      hexnodeStatus: null,
      attempt: null,
      actionId: null,
      ...fields,
    };
  }

  function auditEmployee(employee: Employee, email: string): AuditEntry['employee'] {
    return {
      email, // the identity key, checked at the boundary (employeeKey): never cut nor altered
      ...(employee.name !== undefined ? { name: sanitizeText(employee.name, 200) } : {}),
      ...(employee.id !== undefined ? { id: sanitizeText(employee.id, 200) } : {}),
    };
  }

  /** Writes a record that must exist before the handler goes on (no audit, no wipe). */
  async function auditOrRefuse(entry: AuditEntry): Promise<AuditRecord> {
    try {
      return await audit.append(entry);
    } catch (error) {
      logger.error('audit write failed', { requestId: entry.requestId, error: errorName(error) });
      throw new ProblemError('audit_unavailable');
    }
  }

  /** Writes a record whose loss does not change the answer (a refusal, an outcome after the fact). */
  async function auditBestEffort(entry: AuditEntry): Promise<void> {
    try {
      await audit.append(entry);
    } catch (error) {
      logger.error('audit write failed', { requestId: entry.requestId, error: errorName(error) });
    }
  }

  // Decisions read from the audit log come from records the trail verified, never from a filter column.
  const historyFor = (tenant: string | null, email: string, limit = HISTORY_LIMIT): Promise<HistoryEntry[]> =>
    fromAudit(audit.history(tenant, email, limit));

  /** Whether Hexnode may already have acted on this employee (see `AuditTrail.actedBefore`). */
  const actedBefore = (tenant: string | null, email: string): Promise<boolean> =>
    fromAudit(audit.actedBefore(tenant, email));

  /** The action the handler sent, read back from its intent record. */
  const findAction = (id: string): Promise<AuditRecord | null> => fromAudit(audit.findAction(id));

  // ---------------------------------------------------------------------------------------------
  // Routes
  // ---------------------------------------------------------------------------------------------

  async function readBody(request: Request): Promise<unknown> {
    if (!isJsonContentType(request.headers.get('content-type'))) {
      throw new ProblemError('unsupported_media_type', { detail: 'Send the body as application/json.' });
    }
    return readJsonBody(request);
  }

  async function preview(request: Request, requestId: string, timing: Timing): Promise<Response> {
    const body = await readBody(request);
    const parsed = PreviewRequest.safeParse(body);
    if (!parsed.success)
      throw new ProblemError('invalid_request', { errors: zodErrors(parsed.error.issues) });
    const employee = parsed.data.employee;
    const email = employeeKey(employee.email);
    const auth = await authenticate(request, requestId, true);
    const base = { event: 'preview' as const, employee: auditEmployee(employee, email) };

    const actions = effectiveActions(auth);
    if (!inScope(auth, email) || actions.length === 0) {
      await auditBestEffort(auditEntry(auth, requestId, { ...base, outcome: 'denied', code: 'forbidden' }));
      throw new ProblemError('forbidden', {
        detail:
          actions.length === 0
            ? 'You may not take any offboarding action.'
            : 'You may not act on this employee.',
      });
    }

    // Every preview reads Hexnode, whose rate limit the actions share.
    const rate = await consumeRate(
      `previews\u0000${tenantOf(auth) ?? ''}\u0000${auth.actor.id}`,
      maxPreviewsPerMinute,
      MINUTE_MS,
      newId('rate'),
      requestId,
    );
    if (!rate.allowed) {
      await auditBestEffort(
        auditEntry(auth, requestId, { ...base, outcome: 'denied', code: 'rate_limited' }),
      );
      throw new ProblemError('rate_limited', {
        detail: `At most ${maxPreviewsPerMinute} previews per minute.`,
        retryAfter: retryAfterSeconds(rate.retryAfterMs),
      });
    }

    let plan;
    try {
      const hexnode = await resolveHexnode(request, auth.actor);
      plan = await timing.hexnode(() =>
        hexnode.planner.plan({
          email: employee.email,
          ...(employee.name !== undefined ? { name: employee.name } : {}),
          ...(employee.id !== undefined ? { id: employee.id } : {}),
        }),
      );
    } catch (error) {
      const problem = hexnodeProblem(error);
      await auditBestEffort(
        auditEntry(auth, requestId, { ...base, outcome: 'failed', code: problem?.code ?? 'internal_error' }),
      );
      throw problem ?? error;
    }

    const lookup = plan.lookup;
    const status: PreviewResponse['status'] =
      lookup.status === 'not_found'
        ? 'not_found'
        : lookup.status === 'ambiguous'
          ? 'ambiguous'
          : plan.devices.length === 0
            ? 'no_devices'
            : 'ready';
    const user =
      lookup.status === 'found'
        ? { id: lookup.user.id, name: lookup.user.name, email: lookup.user.email }
        : null;
    const devices: PreviewDevice[] = lookup.status === 'found' ? plan.devices.map(toPreviewDevice) : [];
    const note = emailNote(email);
    const answer: PreviewResponse = {
      status,
      employee,
      ...(note ? { emailNote: note } : {}),
      user,
      ...(lookup.status === 'ambiguous'
        ? {
            candidates: lookup.users.map((candidate) => ({
              id: candidate.id,
              name: candidate.name,
              email: candidate.email,
            })),
          }
        : {}),
      devices,
      actions,
      ...(actions.includes('wipe') ? { wipeModes: [...WIPE_MODES] } : {}),
      confirmText: confirmTextFor(employee),
      requireReason,
      maxDevicesPerAction: maxDevices,
      history: await historyFor(tenantOf(auth), email),
    };
    await auditOrRefuse(
      auditEntry(auth, requestId, {
        ...base,
        outcome: 'allowed',
        hexnodeUser: user ? { id: user.id, name: sanitizeText(user.name, 200) } : null,
        deviceIds: devices.map((device) => device.id),
      }),
    );
    return jsonResponse(answer, requestId);
  }

  async function action(request: Request, requestId: string, timing: Timing): Promise<Response> {
    const body = await readBody(request);
    const parsed = ActionRequest.safeParse(body);
    if (!parsed.success)
      throw new ProblemError('invalid_request', { errors: zodErrors(parsed.error.issues) });
    const input = parsed.data;
    checkActionOptions(input);
    const idempotencyKey = request.headers.get(IDEMPOTENCY_KEY_HEADER);
    if (idempotencyKey === null || idempotencyKey === '') {
      throw new ProblemError('idempotency_key_missing', {
        detail: `Send an ${IDEMPOTENCY_KEY_HEADER} header (a fresh UUID per confirmed action).`,
      });
    }
    if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new ProblemError('invalid_request', {
        errors: [{ path: IDEMPOTENCY_KEY_HEADER, message: 'Use 1 to 255 visible ASCII characters.' }],
      });
    }
    const email = employeeKey(input.employee.email);
    const deviceIds = [...new Set(input.deviceIds)];
    const auth = await authenticate(request, requestId, true);
    const tenant = tenantOf(auth);
    const sanitizedOptions = {
      ...(input.options?.mode !== undefined ? { mode: input.options.mode } : {}),
      ...(input.options?.message !== undefined ? { message: sanitizeText(input.options.message, 500) } : {}),
      ...(input.options?.phoneNumber !== undefined
        ? { phoneNumber: sanitizeText(input.options.phoneNumber, 32) }
        : {}),
    };
    const base = {
      event: 'action' as const,
      employee: auditEmployee(input.employee, email),
      deviceIds,
      action: input.action,
      options: sanitizedOptions,
      reason: sanitizeOptional(input.reason) ?? null,
      idempotencyKey,
    };
    const deny = async (
      code: ProblemError['code'],
      extras: ConstructorParameters<typeof ProblemError>[1] = {},
    ) => {
      await auditBestEffort(auditEntry(auth, requestId, { ...base, outcome: 'denied', code }));
      return new ProblemError(code, extras);
    };

    // Authorization and scope.
    if (!effectiveActions(auth).includes(input.action)) {
      throw await deny('forbidden', { detail: `You may not ${input.action.replace('_', ' ')} devices.` });
    }
    if (!inScope(auth, email)) throw await deny('forbidden', { detail: 'You may not act on this employee.' });

    // Idempotency: one Hexnode action per key.
    const scope: IdempotencyScope = { tenant, actorId: auth.actor.id, key: idempotencyKey };
    const fingerprint = sha256Hex(canonicalJson({ method: 'POST', route: 'actions', body }));
    const claim = await store
      .claimIdempotencyKey({ ...scope, fingerprint, now: now(), ttlMs: idempotencyTtlMs })
      .catch((error: unknown) => {
        logger.error('idempotency claim failed', { requestId, error: errorName(error) });
        throw new ProblemError('audit_unavailable');
      });
    if (claim.status === 'mismatch') throw await deny('idempotency_conflict');
    if (claim.status === 'in_flight' || (claim.status === 'completed' && !claim.record.response)) {
      throw await deny('idempotency_in_flight', { retryAfter: 1 });
    }
    if (claim.status === 'completed' && claim.record.response) {
      await auditBestEffort(auditEntry(auth, requestId, { ...base, outcome: 'replayed' }));
      const replay = claim.record.response;
      const headers = baseHeaders(requestId, replay.contentType);
      headers.set('Idempotent-Replayed', 'true');
      return new Response(replay.body, { status: replay.status, headers });
    }

    // From here the key is ours: give it back on any refusal before Hexnode is called.
    let sent = false;
    const rateKey = `actions\u0000${tenant ?? ''}\u0000${auth.actor.id}`;
    const rateEventId = newId('rate');
    let rateCounted = false;
    let employeeLocked = false;
    try {
      // Blast-radius and rate limits.
      if (deviceIds.length > maxDevices) {
        throw await deny('limit_exceeded', { detail: `At most ${maxDevices} devices per action.` });
      }
      const rate = await consumeRate(rateKey, maxPerHour, HOUR_MS, rateEventId, requestId);
      if (!rate.allowed) {
        throw await deny('rate_limited', {
          detail: `At most ${maxPerHour} actions per hour.`,
          retryAfter: retryAfterSeconds(rate.retryAfterMs),
        });
      }
      rateCounted = true;

      // Confirmation text, reason, repeat.
      const expected = confirmTextFor(input.employee).trim();
      const typed = input.confirmation.trim();
      const confirmed = DESTRUCTIVE_ACTIONS.includes(input.action)
        ? typed === expected
        : typed === '' || typed === expected;
      if (!confirmed) throw await deny('confirmation_mismatch');
      if (requireReason && (input.reason ?? '').trim() === '') throw await deny('reason_required');

      // One action at a time per employee: two HR admins (or two tabs) cannot both pass the check below.
      const employeeLock = await store
        .claimIdempotencyKey({
          ...employeeLockScope(tenant, email),
          fingerprint: 'employee-lock',
          now: now(),
          ttlMs: EMPLOYEE_LOCK_TTL_MS,
        })
        .catch((error: unknown) => {
          logger.error('employee lock failed', { requestId, error: errorName(error) });
          throw new ProblemError('audit_unavailable');
        });
      if (employeeLock.status !== 'claimed') {
        throw await deny('idempotency_in_flight', {
          detail: 'Another action on this employee is being sent; try again in a moment.',
          retryAfter: 2,
        });
      }
      employeeLocked = true;
      if (input.repeat !== true && (await actedBefore(tenant, email))) {
        throw await deny('already_offboarded', {
          detail: 'Send repeat: true to act on this employee again.',
        });
      }

      // Ownership, re-checked against Hexnode right before sending.
      let hexnode: HexnodeSide;
      let hexnodeUser: { id: number; name: string };
      try {
        const side = await resolveHexnode(request, auth.actor);
        hexnode = side;
        const lookup = await timing.hexnode(() => side.directory.lookup(email));
        if (lookup.status === 'not_found') throw await deny('employee_not_found');
        if (lookup.status === 'ambiguous') throw await deny('ambiguous_employee');
        if (lookup.devices.length === 0) throw await deny('no_devices');
        hexnodeUser = { id: lookup.user.id, name: sanitizeText(lookup.user.name, 200) };
        const userId = lookup.user.id;
        const checks = await timing.hexnode(() =>
          Promise.all(deviceIds.map((id) => side.directory.verifyOwnership(id, email))),
        );
        const notOwned = deviceIds.filter((_, index) => {
          const check = checks[index];
          // The email must match and it must still be the one user the lookup found (emails are not unique).
          return !check?.owned || !check.device || check.device.user?.id !== userId;
        });
        if (notOwned.length > 0) {
          throw await deny('device_not_owned', {
            detail: `Device ${notOwned.join(', ')} does not belong to this employee.`,
          });
        }
      } catch (error) {
        if (error instanceof ProblemError) throw error;
        const problem = hexnodeProblem(error);
        if (!problem) throw error;
        throw await deny(problem.code, problem.extras);
      }

      // No audit, no wipe: the intent record is on disk before Hexnode hears anything.
      const actionId = newId('act');
      const intent = await auditOrRefuse(
        auditEntry(auth, requestId, { ...base, outcome: 'allowed', hexnodeUser, attempt: 1, actionId }),
      );

      // Exactly one Hexnode action, naming only the checked ids.
      sent = true;
      let answer: Response;
      let result: AuditEntry;
      try {
        await timing.hexnode(() => sendAction(hexnode.client, input.action, deviceIds, input.options ?? {}));
        result = auditEntry(auth, requestId, {
          ...base,
          event: 'action_result',
          outcome: 'sent',
          hexnodeUser,
          hexnodeStatus: 200,
          attempt: 1,
          actionId,
        });
        const accepted: ActionAccepted = {
          id: actionId,
          action: input.action,
          ...(input.options?.mode !== undefined ? { mode: input.options.mode } : {}),
          devices: deviceIds.map((id) => ({ id, status: 'pending' as const })),
          auditId: intent.id,
          createdAt: intent.time,
        };
        answer = jsonResponse(accepted, requestId, 202);
      } catch (error) {
        const problem = hexnodeProblem(error) ?? new ProblemError('hexnode_unavailable');
        result = auditEntry(auth, requestId, {
          ...base,
          event: 'action_result',
          outcome: 'failed',
          code: problem.code,
          hexnodeUser,
          hexnodeStatus:
            error instanceof Error && 'status' in error && typeof error.status === 'number'
              ? error.status
              : null,
          attempt: 1,
          actionId,
        });
        // Hexnode refused the request outright: nothing happened, the key may be used again.
        if (certainlyNotActed(error)) sent = false;
        answer = problemResponse(problem.code, requestId, problem.extras);
      }
      if (sent) {
        // The result record and the idempotency record land together.
        const stored: StoredResponse = {
          status: answer.status,
          body: await answer.clone().text(),
          contentType: answer.headers.get('content-type') ?? 'application/json',
        };
        try {
          await audit.complete(scope, stored, result);
        } catch (error) {
          logger.error('result record write failed', { requestId, error: errorName(error) });
          // Keep the replay protection even without the result record.
          await store.completeIdempotencyKey(scope, stored).catch((retryError: unknown) => {
            logger.error('idempotency record write failed', { requestId, error: errorName(retryError) });
          });
        }
      } else {
        await auditBestEffort(result);
      }
      return answer;
    } finally {
      if (employeeLocked) {
        await store.releaseIdempotencyKey(employeeLockScope(tenant, email)).catch((error: unknown) => {
          logger.error('employee lock release failed', { requestId, error: errorName(error) });
        });
      }
      if (!sent) {
        await store.releaseIdempotencyKey(scope).catch((error: unknown) => {
          logger.error('idempotency release failed', { requestId, error: errorName(error) });
        });
        if (rateCounted) await store.refundRateLimit(rateKey, rateEventId).catch(() => undefined);
      }
    }
  }

  function checkActionOptions(input: ActionRequest): void {
    const errors: { path: string; message: string }[] = [];
    const opts = input.options ?? {};
    if (input.action === 'wipe' && opts.mode === undefined)
      errors.push({ path: 'options.mode', message: 'A wipe needs mode corporate or complete.' });
    if (input.action !== 'wipe' && opts.mode !== undefined)
      errors.push({ path: 'options.mode', message: 'Only a wipe takes a mode.' });
    if (input.action !== 'lock' && input.action !== 'lost_mode') {
      if (opts.message !== undefined)
        errors.push({ path: 'options.message', message: `${input.action} takes no message.` });
      if (opts.phoneNumber !== undefined)
        errors.push({ path: 'options.phoneNumber', message: `${input.action} takes no phone number.` });
    }
    if (errors.length > 0) throw new ProblemError('invalid_request', { errors });
  }

  async function actionStatus(
    request: Request,
    requestId: string,
    id: string,
    timing: Timing,
  ): Promise<Response> {
    const auth = await authenticate(request, requestId, false);
    const intent = ACTION_ID_PATTERN.test(id) ? await findAction(id) : null;
    const base = { event: 'action_status' as const, actionId: ACTION_ID_PATTERN.test(id) ? id : null };
    const record = intent && {
      id,
      tenant: intent.tenant,
      actorId: intent.actor.id,
      employeeEmail: intent.employee!.email,
      action: intent.action!,
      deviceIds: intent.deviceIds,
      hexnodeUser: intent.hexnodeUser,
      createdAt: intent.time,
    };
    const visible =
      record !== null &&
      record.tenant === tenantOf(auth) &&
      (auth.grant
        ? auth.grant.employeeEmail === record.employeeEmail
        : record.actorId === auth.actor.id ||
          auth.actor.canReadAudit === true ||
          (inScope(auth, record.employeeEmail) && effectiveActions(auth).includes(record.action)));
    if (!record || !visible) {
      await auditBestEffort(auditEntry(auth, requestId, { ...base, outcome: 'denied', code: 'not_found' }));
      throw new ProblemError('not_found', { detail: 'No such action.' });
    }
    const fields = {
      ...base,
      employee: { email: record.employeeEmail },
      deviceIds: record.deviceIds,
      action: record.action,
      hexnodeUser: record.hexnodeUser,
    };
    let devices: ActionStatusResponse['devices'];
    try {
      const hexnode = await resolveHexnode(request, auth.actor);
      devices = await timing.hexnode(() =>
        Promise.all(
          record.deviceIds.map((deviceId) =>
            deviceProgress(hexnode.client, deviceId, record.action, record.createdAt),
          ),
        ),
      );
    } catch (error) {
      const problem = hexnodeProblem(error);
      await auditBestEffort(
        auditEntry(auth, requestId, {
          ...fields,
          outcome: 'failed',
          code: problem?.code ?? 'internal_error',
        }),
      );
      throw problem ?? error;
    }
    await auditOrRefuse(auditEntry(auth, requestId, { ...fields, outcome: 'allowed' }));
    const statuses = devices.map((device) => device.status);
    const state: ActionState = statuses.some((status) => status === 'pending' || status === 'in_progress')
      ? 'pending'
      : statuses.every((status) => status === 'done')
        ? 'done'
        : statuses.every((status) => status === 'failed')
          ? 'failed'
          : 'partial';
    const answer: ActionStatusResponse = { id: record.id, action: record.action, status: state, devices };
    return jsonResponse(answer, requestId);
  }

  async function auditExport(request: Request, requestId: string): Promise<Response> {
    const auth = await authenticate(request, requestId, false);
    if (auth.mode === 'token' || auth.actor.canReadAudit !== true) {
      await auditBestEffort(
        auditEntry(auth, requestId, { event: 'audit_export', outcome: 'denied', code: 'forbidden' }),
      );
      throw new ProblemError('forbidden', { detail: 'You may not read the audit log.' });
    }
    const url = new URL(request.url);
    const format = url.searchParams.get('format') ?? 'json';
    const after = url.searchParams.get('after') ?? '0';
    const limit = url.searchParams.get('limit') ?? '1000';
    const errors: { path: string; message: string }[] = [];
    if (format !== 'json' && format !== 'jsonl')
      errors.push({ path: 'format', message: 'Use json or jsonl.' });
    if (!/^\d{1,15}$/.test(after)) errors.push({ path: 'after', message: 'A record sequence number.' });
    if (!/^\d{1,5}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_AUDIT_EXPORT) {
      errors.push({ path: 'limit', message: `1 to ${MAX_AUDIT_EXPORT}.` });
    }
    if (errors.length > 0) throw new ProblemError('invalid_request', { errors });
    await auditOrRefuse(auditEntry(auth, requestId, { event: 'audit_export', outcome: 'allowed' }));
    const records = await fromAudit(
      audit.export({ tenant: tenantOf(auth), afterSeq: Number(after), limit: Number(limit) }),
      requestId,
    );
    const nextAfter = records.length === Number(limit) ? (records.at(-1)?.seq ?? null) : null;
    if (format === 'jsonl') {
      const headers = baseHeaders(requestId, 'application/x-ndjson; charset=utf-8');
      if (nextAfter !== null) headers.set('X-Audit-Next-After', String(nextAfter));
      return new Response(records.map((record) => `${JSON.stringify(record)}\n`).join(''), {
        status: 200,
        headers,
      });
    }
    return jsonResponse({ records, nextAfter }, requestId);
  }

  // ---------------------------------------------------------------------------------------------
  // Dispatch
  // ---------------------------------------------------------------------------------------------

  async function route(request: Request, requestId: string, timing: Timing): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path !== basePath && !path.startsWith(`${basePath}/`)) throw new ProblemError('not_found');
    const sub = path.slice(basePath.length);
    const allow = (method: string) => {
      if (request.method !== method)
        throw new ProblemError('method_not_allowed', { headers: { Allow: method } });
    };
    if (sub === '/preview') {
      allow('POST');
      return preview(request, requestId, timing);
    }
    if (sub === '/actions') {
      allow('POST');
      return action(request, requestId, timing);
    }
    if (sub === '/audit') {
      allow('GET');
      return auditExport(request, requestId);
    }
    const match = /^\/actions\/([^/]+)$/.exec(sub);
    if (match?.[1]) {
      allow('GET');
      let id: string;
      try {
        id = decodeURIComponent(match[1]);
      } catch {
        throw new ProblemError('not_found');
      }
      return actionStatus(request, requestId, id, timing);
    }
    throw new ProblemError('not_found');
  }

  // Expired idempotency records and old rate events are dropped at most once an hour, in the background.
  let lastPrune = 0;
  const pruneNow = () => {
    const at = now();
    if (!store.prune || at - lastPrune < HOUR_MS) return;
    lastPrune = at;
    store.prune(at).catch((error: unknown) => {
      logger.error('store prune failed', { error: errorName(error) });
    });
  };

  const corsOrigins: readonly string[] = options.corsOrigins ?? [];

  /** The method a route answers, or null for an unknown path. */
  function routeMethod(request: Request): 'GET' | 'POST' | null {
    const path = new URL(request.url).pathname;
    if (!path.startsWith(`${basePath}/`)) return null;
    const sub = path.slice(basePath.length);
    if (sub === '/preview' || sub === '/actions') return 'POST';
    if (sub === '/audit' || /^\/actions\/[^/]+$/.test(sub)) return 'GET';
    return null;
  }

  /** A CORS preflight from a `corsOrigins` page: allowed for the route's method and the protocol's headers only. */
  function preflight(request: Request, requestId: string): Response {
    const method = routeMethod(request);
    const wanted = request.headers.get('access-control-request-method');
    const headers = (request.headers.get('access-control-request-headers') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    if (
      method === null ||
      wanted !== method ||
      !headers.every((name) => CORS_REQUEST_HEADERS.includes(name))
    ) {
      throw new ProblemError('method_not_allowed', { headers: { Allow: method ?? 'GET, POST' } });
    }
    const response = new Response(null, { status: 204, headers: baseHeaders(requestId, 'text/plain') });
    response.headers.delete('Content-Type');
    response.headers.set('Access-Control-Allow-Methods', method);
    response.headers.set('Access-Control-Allow-Headers', CORS_REQUEST_HEADERS.join(', '));
    response.headers.set('Access-Control-Max-Age', '600');
    return response;
  }

  return async function handleOffboardRequest(request: Request): Promise<Response> {
    const requestId = newId('req');
    pruneNow();
    const timing = new Timing();
    const origin = request.headers.get('origin');
    const cors = origin !== null && corsOrigins.includes(origin);
    let response: Response;
    try {
      response =
        cors && request.method === 'OPTIONS'
          ? preflight(request, requestId)
          : await route(request, requestId, timing);
    } catch (error) {
      if (error instanceof ProblemError) {
        response = problemResponse(error.code, requestId, error.extras);
      } else {
        logger.error('unexpected error', { requestId, error: errorName(error) });
        response = problemResponse('internal_error', requestId);
      }
    }
    if (options.serverTiming) response.headers.set('Server-Timing', timing.header());
    if (cors) {
      // Never Access-Control-Allow-Credentials: cross-origin callers authenticate with a token, not a cookie.
      response.headers.set('Access-Control-Allow-Origin', origin);
      response.headers.set('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After, Idempotent-Replayed');
      response.headers.append('Vary', 'Origin');
    }
    return response;
  };
}

export { PROBLEMS };
