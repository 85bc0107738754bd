/**
 * The Hexnode connection a run uses: one client (one request budget) whose calls are counted. A wipe carries the
 * documented bare body (core's `complete` wipe).
 */
import { HexnodeClient, type BudgetOptions, type HexnodeHooks } from '@hexnode-offboard/core';
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
      ...(options.fetch ? { fetch: options.fetch } : {}),
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
