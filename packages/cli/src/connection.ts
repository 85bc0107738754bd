/**
 * The Hexnode connection a run uses: one client (one request budget) whose calls are counted, and whose wipe
 * requests carry the documented bare body.
 */
import {
  HexnodeClient,
  HEXNODE_ACTIONS,
  type BudgetOptions,
  type HexnodeHooks,
} from '@hexnode-offboard/core';
import { OffboardError } from './errors.js';

export interface Target {
  /** `acme` for https://acme.hexnodemdm.com/api/v1/. */
  portal?: string;
  /** Any other API root (the simulator). */
  baseUrl?: string;
  apiKey: string;
}

export interface Connection {
  client: HexnodeClient;
  /** Hexnode requests sent so far (every attempt, retries included). */
  calls(): number;
  /** Answers with status 429 so far. */
  throttled(): number;
}

export interface ConnectOptions {
  budget?: BudgetOptions;
  hooks?: HexnodeHooks;
  fetch?: typeof fetch;
}

/**
 * Hexnode's public scripts send a wipe as `{"devices": [ids]}` with no mode field; the kit's catalogue adds its
 * guessed `wipe_type`. The CLI only ever wipes devices Hexnode says are corporate, so it sends the documented
 * bare body and lets no guessed option decide what is erased.
 */
export function bareWipeFetch(base: typeof fetch = globalThis.fetch): typeof fetch {
  const wipePath = `/${HEXNODE_ACTIONS.wipe.path}`;
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith(wipePath)) return base(request);
    const body = (await request.json()) as Record<string, unknown>;
    delete body.wipe_type;
    return base(new Request(request, { body: JSON.stringify(body) }));
  };
}

export function connect(target: Target, options: ConnectOptions = {}): Connection {
  if (!target.apiKey) throw new OffboardError('no_target', 'Set HEXNODE_API_KEY.');
  if (!target.portal && !target.baseUrl) {
    throw new OffboardError(
      'no_target',
      'Set HEXNODE_PORTAL (acme for acme.hexnodemdm.com) or HEXNODE_BASE_URL.',
    );
  }
  let calls = 0;
  let throttled = 0;
  const hooks = options.hooks ?? {};
  let client: HexnodeClient;
  try {
    client = new HexnodeClient({
      ...(target.baseUrl ? { baseUrl: target.baseUrl } : { portal: target.portal! }),
      apiKey: target.apiKey,
      budget: options.budget ?? {},
      fetch: bareWipeFetch(options.fetch),
      hooks: {
        ...hooks,
        beforeRequest: (info) => {
          calls += 1;
          return hooks.beforeRequest?.(info);
        },
        afterResponse: (info) => {
          if (info.status === 429) throttled += 1;
          return hooks.afterResponse?.(info);
        },
      },
    });
  } catch (error) {
    throw new OffboardError('no_target', (error as Error).message);
  }
  return { client, calls: () => calls, throttled: () => throttled };
}
