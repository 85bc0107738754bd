import {
  resolveApiKey,
  resolveBaseUrl,
  resolveRetry,
  resolveTimeout,
  DEFAULT_USER_AGENT,
  type HexnodeClientOptions,
} from './options.js';
import {
  ActionsResource,
  DeviceGroupsResource,
  DevicesResource,
  UserGroupsResource,
  UsersResource,
} from './resources.js';
import { Transport } from './transport.js';

/**
 * A typed Hexnode MDM client. Every answer is validated; failures are `HexnodeError` subclasses; reads are
 * retried with backoff, actions never. Server-side only: it holds the API key.
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

  constructor(options: HexnodeClientOptions) {
    if (!options || typeof options !== 'object') throw new TypeError('HexnodeClient: options are required.');
    const baseUrl = resolveBaseUrl(options);
    const transport = new Transport({
      baseUrl,
      apiKey: resolveApiKey(options.apiKey),
      timeoutMs: resolveTimeout(options.timeoutMs),
      retry: resolveRetry(options.retry),
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      fetch: options.fetch,
      hooks: options.hooks ?? {},
    });
    this.baseUrl = baseUrl.href;
    this.users = new UsersResource(transport);
    this.devices = new DevicesResource(transport);
    this.userGroups = new UserGroupsResource(transport);
    this.deviceGroups = new DeviceGroupsResource(transport);
    this.actions = new ActionsResource(transport);
  }
}
