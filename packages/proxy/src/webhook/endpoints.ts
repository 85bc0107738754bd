/**
 * The webhook's endpoints: the tenant, secrets and termination policy a request is checked and acted on with.
 * One fixed endpoint is checked when the handler is made; a function's endpoints are checked when first chosen
 * and kept (per endpoint object) for the next request.
 */
import { resolvePolicy, type ResolvedPolicy, type TerminationPolicy } from './policy.js';
import { parseWebhookSecret } from './signature.js';

export interface WebhookEndpoint {
  /** Whose terminations these are: jobs, audit records and idempotency keys are scoped to it. */
  tenant: string | null;
  /** `whsec_...` secrets: the current one and, while the HRMS rotates, the previous one. */
  secrets: string[];
  policy: TerminationPolicy;
}

export type ChooseEndpoint = (request: Request) => WebhookEndpoint | null | Promise<WebhookEndpoint | null>;

/** An endpoint checked: its secrets decoded, its policy resolved. */
export interface ReadyEndpoint {
  tenant: string | null;
  keys: Uint8Array[];
  policy: ResolvedPolicy;
}

function prepare(endpoint: WebhookEndpoint): ReadyEndpoint {
  if (!endpoint || !Array.isArray(endpoint.secrets) || endpoint.secrets.length === 0) {
    throw new TypeError('A webhook endpoint needs at least one secret.');
  }
  if (endpoint.tenant !== null && (typeof endpoint.tenant !== 'string' || endpoint.tenant === '')) {
    throw new TypeError('A webhook endpoint tenant is a non-empty string or null.');
  }
  return {
    tenant: endpoint.tenant,
    keys: endpoint.secrets.map(parseWebhookSecret),
    policy: resolvePolicy(endpoint.policy),
  };
}

export class WebhookEndpoints {
  readonly #fixed: ReadyEndpoint | null;
  readonly #choose: ChooseEndpoint | null;
  readonly #chosen = new WeakMap<WebhookEndpoint, ReadyEndpoint>();

  /** A fixed endpoint is checked here (a bad one throws); a function's endpoints as they come. */
  constructor(endpoint: WebhookEndpoint | ChooseEndpoint) {
    this.#fixed = typeof endpoint === 'function' ? null : prepare(endpoint);
    this.#choose = typeof endpoint === 'function' ? endpoint : null;
  }

  /** The request's endpoint, checked; null when the function chose none. */
  async for(request: Request): Promise<ReadyEndpoint | null> {
    if (this.#fixed) return this.#fixed;
    const endpoint = await this.#choose!(request);
    if (!endpoint) return null;
    let ready = this.#chosen.get(endpoint);
    if (!ready) this.#chosen.set(endpoint, (ready = prepare(endpoint)));
    return ready;
  }
}
