import { RequestBudget } from '../budget/budget.js';
import type { BudgetPriority } from '../budget/types.js';
import {
  resolveApiKey,
  resolveBaseUrl,
  resolveRetry,
  resolveTimeout,
  DEFAULT_USER_AGENT,
  type HexnodeClientOptions,
} from './options.js';
import { ActionsResource } from './actions.js';
import { DevicesResource } from './devices.js';
import { DeviceGroupsResource, UserGroupsResource } from './groups.js';
import { Transport } from './transport.js';
import { UsersResource } from './users.js';

/** Marks the options of a view made by `withPriority` (never part of the public options). */
const VIEW = Symbol('view');

/**
 * A typed Hexnode MDM client. Every call goes through the portal's request budget (Hexnode allows 30 calls a
 * minute and 10 per managed device a day); every answer is validated; failures are `HexnodeError` subclasses;
 * reads are retried with backoff after a failure, actions never. Server-side only: it holds the API key.
 *
 * ```ts
 * const hexnode = new HexnodeClient({ portal: 'acme', apiKey: process.env.HEXNODE_API_KEY! });
 * for await (const user of hexnode.users.list({ perPage: 250 })) console.log(user.email);
 * ```
 */
export class HexnodeClient {
  /** The API root, e.g. `https://acme.hexnodemdm.com/api/v1/`. */
  readonly baseUrl: string;
  readonly users: UsersResource;
  readonly devices: DevicesResource;
  readonly userGroups: UserGroupsResource;
  readonly deviceGroups: DeviceGroupsResource;
  readonly actions: ActionsResource;
  /** The portal's request budget: what it allows, what it has spent (`report()`). */
  readonly budget: RequestBudget;
  readonly #transport: Transport;

  constructor(options: HexnodeClientOptions) {
    if (!options || typeof options !== 'object') throw new TypeError('HexnodeClient: options are required.');
    const view = (options as { [VIEW]?: Transport })[VIEW];
    const transport = view ?? HexnodeClient.#connect(options);
    this.#transport = transport;
    this.budget = transport.budget;
    this.baseUrl = transport.baseUrl.href;
    this.users = new UsersResource(transport);
    this.devices = new DevicesResource(transport);
    this.userGroups = new UserGroupsResource(transport);
    this.deviceGroups = new DeviceGroupsResource(transport);
    this.actions = new ActionsResource(transport);
  }

  /** This client's calls' budget priority; `undefined`: inferred per call (see docs/client.md). */
  get priority(): BudgetPriority | undefined {
    return this.#transport.priority;
  }

  /**
   * The same client (key, connection, budget) whose calls all carry this budget priority: `action` for a
   * confirmed action and its ownership reads, `preview`, `status`, or `index`.
   */
  withPriority(priority: BudgetPriority): HexnodeClient {
    if (!['action', 'preview', 'status', 'index'].includes(priority)) {
      throw new TypeError(`HexnodeClient: unknown priority ${JSON.stringify(priority)}.`);
    }
    return new HexnodeClient({ [VIEW]: this.#transport.withPriority(priority) } as never);
  }

  static #connect(options: HexnodeClientOptions): Transport {
    const baseUrl = resolveBaseUrl(options);
    let budget: RequestBudget;
    try {
      budget =
        options.budget instanceof RequestBudget
          ? options.budget
          : new RequestBudget(options.budget ?? {}, baseUrl.href);
    } catch (error) {
      throw new TypeError(`HexnodeClient: ${(error as Error).message}`, { cause: error });
    }
    return new Transport({
      baseUrl,
      apiKey: resolveApiKey(options.apiKey),
      timeoutMs: resolveTimeout(options.timeoutMs),
      retry: resolveRetry(options.retry),
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      fetch: options.fetch,
      hooks: options.hooks ?? {},
      budget,
    });
  }
}
