/**
 * The Hexnode side of the handler: one client, directory and planner per portal (cached), and Hexnode
 * errors mapped to the protocol's codes (Hexnode's own answers are never passed through).
 */
import {
  HexnodeAuthenticationError,
  HexnodeBusyError,
  HexnodeClient,
  HexnodeDirectory,
  HexnodeError,
  HexnodeRateLimitError,
  HexnodeUnavailableError,
  OffboardingPlanner,
} from '@hexnode-offboard/core';
import type { BudgetOptions, ProtocolActionSettings } from '@hexnode-offboard/core';
import { ProblemError } from '../http/problem.js';
import { portalKeyOf } from '../tracking/portals.js';
import { indexStoreWithClaims } from './index-claims.js';
import type { Actor, HexnodeOption, OffboardHandlerOptions, WipeSettings } from '../options.js';

export interface HexnodeSide {
  client: HexnodeClient;
  directory: HexnodeDirectory;
  planner: OffboardingPlanner;
  /** How this portal spells what the kit sends (a corporate-only wipe's fields, when configured). */
  settings: ProtocolActionSettings;
  /** The connection's digest (tracking/portals.ts): which trackers this side checks. Never the API key. */
  portalKey: Promise<string>;
}

const MAX_CACHED_PORTALS = 100;

type Connection = {
  portal?: string;
  baseUrl?: string;
  apiKey: string;
  budget?: BudgetOptions;
  wipeOptions?: WipeSettings;
};

/** The Hexnode connection of each request: one client, directory and planner per portal and key, kept. */
export class HexnodeConnections {
  readonly #options: OffboardHandlerOptions;
  readonly #cache = new Map<string, HexnodeSide>();

  constructor(options: OffboardHandlerOptions) {
    this.#options = options;
    if (typeof options.hexnode !== 'function') checkConnection(options.hexnode);
  }

  /** Every side resolved so far and still cached: the portals this process can check trackers on. */
  sides(): HexnodeSide[] {
    return [...this.#cache.values()];
  }

  /** The portal this request's actor reaches (a `hexnode_misconfigured` problem when there is none). */
  async resolve(request: Request, actor: Actor): Promise<HexnodeSide> {
    const option: HexnodeOption = this.#options.hexnode;
    if (typeof option !== 'function') return this.#side(option);
    let connection: Connection;
    try {
      connection = await option(request, actor);
      checkConnection(connection);
    } catch {
      throw new ProblemError('hexnode_misconfigured', {
        detail: 'No Hexnode portal is configured for this tenant.',
      });
    }
    return this.#side(connection);
  }

  #side(connection: Connection): HexnodeSide {
    const cacheKey = JSON.stringify([
      connection.portal ?? null,
      connection.baseUrl ?? null,
      connection.apiKey,
      connection.wipeOptions?.corporate ?? null,
    ]);
    const cached = this.#cache.get(cacheKey);
    if (cached) return cached;
    let side: HexnodeSide;
    try {
      side = this.#build(connection);
    } catch {
      throw new ProblemError('hexnode_misconfigured', {
        detail: 'The Hexnode portal or API key is not usable.',
      });
    }
    if (this.#cache.size >= MAX_CACHED_PORTALS) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(cacheKey, side);
    if (this.#options.warmDirectory !== false) {
      // The stored index when it is fresh enough, else a build in the background (priority `index`). Until a
      // first index is there, previews of a big portal answer `indexing` (routes/preview-indexing.ts) and those
      // of a small one wait for it; if reading it fails, they fail with the Hexnode error and the next one reads
      // again.
      side.directory.warm().catch(() => undefined);
    }
    return side;
  }

  #build(connection: Connection): HexnodeSide {
    const options = this.#options;
    const client = new HexnodeClient({
      ...(connection.baseUrl !== undefined ? { baseUrl: connection.baseUrl } : { portal: connection.portal }),
      apiKey: connection.apiKey,
      ...budgetOf(connection, options),
      ...(options.hexnodeTimeoutMs !== undefined ? { timeoutMs: options.hexnodeTimeoutMs } : {}),
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    });
    // The index is kept in the store under the budget's key (the API root), never under the API key; its
    // background refresh is claimed in the store, so one instance of several reads the lists.
    const indexStore = indexStoreWithClaims(options.store);
    const directory = new HexnodeDirectory(client, {
      ...(options.directoryTtlMs !== undefined ? { ttlMs: options.directoryTtlMs } : {}),
      ...(indexStore !== undefined ? { indexStore } : {}),
    });
    const corporate = connection.wipeOptions?.corporate;
    const settings: ProtocolActionSettings =
      corporate === undefined ? {} : { corporateWipeFields: Object.freeze({ ...corporate }) };
    const planner = new OffboardingPlanner({
      client,
      directory,
      ...settings,
      ...(options.sharedDeviceGroups !== undefined ? { sharedDeviceGroups: options.sharedDeviceGroups } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
    });
    return { client, directory, planner, settings, portalKey: portalKeyOf(connection) };
  }
}

/**
 * The connection's budget, counting in the store's budget store (one budget for every handler on that store) unless
 * the connection names its own `store`.
 */
function budgetOf(connection: Connection, options: OffboardHandlerOptions): { budget?: BudgetOptions } {
  const shared = options.store?.budgetStore;
  if (connection.budget?.store !== undefined || shared === undefined) {
    return connection.budget !== undefined ? { budget: connection.budget } : {};
  }
  return { budget: { ...connection.budget, store: shared } };
}

function checkConnection(connection: { portal?: string; baseUrl?: string; apiKey?: unknown }): void {
  const hasTarget =
    (typeof connection?.portal === 'string' && connection.portal !== '') ||
    (typeof connection?.baseUrl === 'string' && connection.baseUrl !== '');
  if (!hasTarget || typeof connection.apiKey !== 'string' || connection.apiKey === '') {
    throw new TypeError('hexnode needs a portal or baseUrl and a non-empty apiKey.');
  }
  const corporate: unknown = (connection as { wipeOptions?: { corporate?: unknown } }).wipeOptions?.corporate;
  if (corporate !== undefined) {
    const fields = typeof corporate === 'object' && corporate !== null ? Object.entries(corporate) : [];
    if (
      fields.length === 0 ||
      fields.some(
        ([key, value]) =>
          key === '' || key === 'devices' || !['string', 'number', 'boolean'].includes(typeof value),
      )
    ) {
      throw new TypeError(
        'hexnode.wipeOptions.corporate must name the fields your portal takes for a corporate-only wipe, e.g. { wipe_type: "corporate" }.',
      );
    }
  }
}

/** The protocol problem for a failure while talking to Hexnode. Never includes Hexnode's answer. */
export function hexnodeProblem(error: unknown): ProblemError | null {
  if (error instanceof ProblemError) return error;
  if (error instanceof HexnodeAuthenticationError) {
    return new ProblemError('hexnode_misconfigured', { detail: 'Hexnode refused the configured API key.' });
  }
  if (error instanceof HexnodeBusyError) {
    return new ProblemError('hexnode_busy', {
      detail: 'Hexnode allows only so many calls a minute and a day; nothing was sent.',
      retryAfter: error.retryAfter,
      reason: error.limit,
    });
  }
  if (error instanceof HexnodeRateLimitError) {
    return new ProblemError('rate_limited', {
      detail: 'Hexnode is rate-limiting requests.',
      retryAfter: error.retryAfter ?? 30,
    });
  }
  if (error instanceof HexnodeUnavailableError) {
    return new ProblemError('hexnode_unavailable', { detail: 'Hexnode did not answer.', retryAfter: 10 });
  }
  if (error instanceof HexnodeError) {
    return new ProblemError('hexnode_unavailable', { detail: 'Hexnode gave an unexpected answer.' });
  }
  return null;
}
