import type { BudgetOptions } from '@hexnode-offboard/core';
import type { ActionKind, Employee } from '@hexnode-offboard/core/protocol';
import type { AuditOptions } from './audit/anchor.js';
import type { SessionGrant } from './auth/session-tokens.js';
import type { JobQueue } from './jobs/types.js';
import type { OffboardStore } from './store/types.js';

/** Who is asking, as the HRMS knows them. */
export interface Actor {
  /** Stable id in the HRMS. */
  id: string;
  /** Display name, written to the audit log. */
  name: string;
  /** The HRMS customer this actor belongs to (multi-tenant vendors). Idempotency keys, audit reads and actions are scoped to it. */
  tenant?: string;
  /** The actions this actor may take. Empty: none (deny by default). */
  actions: ActionKind[];
  /** If set, the only employees (emails) this actor may act on. */
  employees?: string[];
  /** May export the audit log (`GET {base}/audit`) and list scheduled jobs (`GET {base}/jobs`). */
  canReadAudit?: boolean;
  /**
   * May list scheduled jobs and approve or reject one held by the two-person rule (`POST
   * {base}/jobs/{id}/approve`, `.../reject`), never a job this actor asked for.
   */
  canApproveJobs?: boolean;
}

/**
 * How to reach a Hexnode portal. The API key stays on the server. `budget`: Hexnode's rate limit and the kit's
 * share of it (default 30 calls a minute, 10 per managed device a day, 80 % for the kit; see docs/client.md).
 */
export type HexnodeConnection = ({ portal: string; apiKey: string } | { baseUrl: string; apiKey: string }) & {
  budget?: BudgetOptions;
  wipeOptions?: WipeSettings;
};

/**
 * How this portal spells a wipe's variants. `corporate`: the fields its wipe takes for a corporate-only wipe
 * (remove work data only), e.g. `{ wipe_type: 'corporate' }`, as you have seen your portal take them. Hexnode
 * documents no such option, so without it the kit offers only the documented full wipe (`complete`, a bare body),
 * and only for corporate-owned devices.
 */
export interface WipeSettings {
  corporate?: Record<string, string | number | boolean>;
}

export type HexnodeOption =
  | HexnodeConnection
  /** Multi-tenant: pick the portal per request (e.g. from `actor.tenant`). */
  | ((
      request: Request,
      actor: Actor,
    ) => Promise<{
      portal?: string;
      baseUrl?: string;
      apiKey: string;
      budget?: BudgetOptions;
      wipeOptions?: WipeSettings;
    }>);

/** A pool user a shared device may be handed to (Hexnode's change owner). */
export interface ReassignTargetOption {
  /** The pool account's Hexnode user id. */
  hexnodeUserId: number;
  /** What HR reads: "Shift pool, north warehouse". */
  label: string;
}

/**
 * The pool users shared devices may be handed to: a list, or a function of the request (per tenant). The first is
 * the default. Empty or absent: `reassign` is offered to no device.
 */
export type ReassignToOption =
  | readonly ReassignTargetOption[]
  | ((context: {
      request: Request;
      actor: Actor;
      tenant: string | null;
    }) => readonly ReassignTargetOption[] | Promise<readonly ReassignTargetOption[]>);

export interface OffboardLimits {
  /** Most devices one action may name. Default 10. */
  maxDevicesPerAction?: number;
  /** Most actions one actor may send per hour (sliding window). Default 30. */
  maxActionsPerActorPerHour?: number;
  /**
   * Most previews one actor may ask for per minute (sliding window). Each preview reads Hexnode, and Hexnode's
   * rate limit is shared with the actions, so a runaway script must not spend it. Default 300. A widget costs
   * one preview per dialog HR opens; with `preload`, one per page view, which a click within 30 s reuses: a list
   * page of 60 preloaded leavers, viewed three times in a minute, stays well inside it.
   */
  maxPreviewsPerActorPerMinute?: number;
  /**
   * Most action status reads (`GET {base}/actions/{id}`) one actor may make per minute (sliding window): each
   * reads every device's command history from Hexnode. Default 120: a widget polls about ten times in its first
   * minute and four times a minute after that.
   */
  maxStatusPollsPerActorPerMinute?: number;
  /**
   * Most refused requests of one actor recorded per minute (sliding window). Past it, every request of that
   * actor is `429 rate_limited` for a minute, without a record each, and one record says how many were
   * refused: a flood of refusals cannot fill the disk the audit log needs. Default 60.
   */
  maxRefusalsPerActorPerMinute?: number;
  /**
   * The longest a confirmed action's request waits for Hexnode's rate limit before any of its calls is sent, in
   * ms. When the request budget has no room for the action's calls within it, the answer is `503 hexnode_busy`
   * with `retryAfter` (when the budget expects room) and `reason`: nothing was sent, the idempotency key is free,
   * and the widget shows the wait and sends the same request again. Once the ownership reads are sent, the rest
   * of the action may wait up to the budget's `maxWaitMs`. Default 10 000; 0 answers at once; at most 30 000
   * (the wait and the ownership reads must fit the minute the handler allows before sending).
   */
  actionWaitInRequestMs?: number;
}

/**
 * Where the handler writes diagnostics. Only request ids, codes and error names are passed, never request data
 * or secrets; the one exception is an integration mistake's line, which names the refused `Origin` or path
 * (sanitized) so the developer sees what to change.
 */
export interface OffboardLogger {
  error(message: string, fields: Record<string, string | number | null>): void;
}

export interface OffboardHandlerOptions {
  /** Where the handler is mounted. Default `/api/hexnode-offboard`. */
  basePath?: string;
  hexnode: HexnodeOption;
  /** Cookie/session mode: map a request to an actor, or null when nobody is signed in. */
  authorize?: (request: Request) => Promise<Actor | null>;
  /** Token mode: verify `Authorization: Bearer <token>` minted by `mintSessionToken`. */
  sessionTokens?: {
    secret: string;
    /**
     * Asked on every token request once the signature and claims check out: true refuses the token
     * (`401 unauthenticated`), e.g. because the HRMS session it was minted in (`grant.sessionId`) signed out
     * or the person lost their role. Without it a token lives until it expires (at most an hour).
     */
    isRevoked?: (grant: SessionGrant) => boolean | Promise<boolean>;
    /**
     * How far the HRMS's clock (which mints tokens) and the handler's may disagree, in ms: a token issued up to
     * this far ahead, or expired up to this long ago, is accepted. Default 5000. Further ahead is
     * `401 session_not_yet_valid` with `Retry-After`, never "sign in again".
     */
    clockToleranceMs?: number;
  };
  /** Cookie mode: the exact origins the widget may be served from. Default: the handler's own origin. */
  allowedOrigins?: string[];
  /**
   * Token mode across origins: the exact origins whose pages may call the handler with a session token
   * (CORS, without credentials: cookies are never accepted cross-origin). Default none.
   */
  corsOrigins?: string[];
  /** Which actions exist at all, in the order the widget shows them. Default `['lock', 'wipe']`. */
  actions?: ActionKind[];
  /** Refuse actions without a reason. Default false. */
  requireReason?: boolean;
  limits?: OffboardLimits;
  /**
   * The audit chain's key and anchor: `{ key, anchor, anchorEveryMs }` (see docs/security.md, "The audit log").
   * Set `key` in production: without it, whoever can write the database can forge records.
   */
  audit?: AuditOptions;
  /**
   * Audit, idempotency and rate-limit state. Default from `@hexnode-offboard/proxy/node`: a SQLite file at
   * `.data/hexnode-offboard.db`; from the main entry (edge runtimes, browsers): an in-memory store.
   */
  store?: OffboardStore;
  /**
   * The job queue the jobs routes read and decide on (`GET {base}/jobs`, approve, reject). Default: the store's
   * own queue when it has one (the SQLite store's `jobQueue`, the PostgreSQL store itself); without one those
   * routes answer 404.
   */
  jobs?: { queue?: JobQueue };
  /**
   * Hexnode device group names whose devices are shared (warned as `shared_device`; offered `reassign` first
   * when `reassignTo` names a pool user).
   */
  sharedDeviceGroups?: string[];
  /** Where `reassign` may hand a shared device (add `'reassign'` to `actions` too). Default none. */
  reassignTo?: ReassignToOption;
  /**
   * How long a disenroll may stay pending before the status view offers IT `mark_disenrolled` (the device is
   * offline and will never check in), in ms. Default 24 h. Add `'mark_disenrolled'` to `actions` too.
   */
  markDisenrolledAfterMs?: number;
  /** The text HR must type to confirm a destructive action. Default: the employee's email. */
  confirmText?: (employee: Employee) => string;
  /** How long idempotency records are kept, in ms. Default 24 h. */
  idempotencyTtlMs?: number;
  /**
   * Index Hexnode's users and devices when a portal is first used, so every later preview answers from the index
   * (kept in the store's `directoryIndexStore` when it has one, so a restart reads no list; refreshed in the
   * background at an interval derived from the portal's size and the budget, see docs/budget.md); ownership is
   * still re-read from Hexnode right before each action. Default true. False: every preview reads the user list
   * (cached for the TTL) and the devices it needs.
   */
  warmDirectory?: boolean;
  /**
   * The employee's name and id as the HRMS knows them, for the audit log. Without it, the name and id the
   * browser sent are recorded as claimed (`employee.source: 'claimed'`); with it, its answer is recorded
   * (`source: 'hrms'`). `null` (or a throw, which is logged): the claimed values are recorded.
   */
  resolveEmployee?: (email: string, actor: Actor) => Promise<{ name?: string; id?: string } | null>;
  /**
   * The shortest refresh interval of the Hexnode user/device index, in ms. Default 5 minutes; the interval used
   * is derived from the portal's size and the budget, and is never shorter than this.
   */
  directoryTtlMs?: number;
  /** Hexnode request timeout in ms. Default: the client's. */
  hexnodeTimeoutMs?: number;
  /**
   * Add a `Server-Timing` header (`hexnode;dur=…, handler;dur=…`): time spent in Hexnode calls and in the
   * handler itself, in ms. Default false.
   */
  serverTiming?: boolean;
  /** Where diagnostics go. Default `console`. */
  logger?: OffboardLogger;
  /**
   * Following the actions sent: one tracker per action reads its devices' action status on a schedule and
   * `GET actions/{id}` answers from it (docs/handler.md, "Status tracking"). `scheduleMs`: the offsets after
   * sending at which the devices are read (default 10 s, 30 s, 1, 2, 5, 15 minutes, 1 hour, then hourly up to
   * 24 hours; the last one ends tracking). `tickMs`: how often the handler looks for due checks (default 5000;
   * 0: never on its own, only when `handler.tracking.checkDue()` is called). Both defaults are in Hexnode's
   * minutes: a connection's `budget.windowMs` (a shortened minute) shortens them in proportion.
   */
  tracking?: { scheduleMs?: readonly number[]; tickMs?: number };
  /** Clock, for tests. */
  now?: () => number;
  /** `fetch` used to reach Hexnode. Default the global one. */
  fetch?: typeof fetch;
}
