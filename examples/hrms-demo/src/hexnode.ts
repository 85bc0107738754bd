/**
 * Connects the demo to a Hexnode: starts the simulator on loopback, or checks a real portal with one
 * users-page read. A failed check becomes a HexnodeConnectionError whose message is one line and never
 * contains the API key.
 */
import { randomBytes } from 'node:crypto';
import type { BudgetOptions } from '@hexnode-offboard/core';
import { startSimulator } from '@hexnode-offboard/simulator/node';
import type { Simulator } from '@hexnode-offboard/simulator';
import type { HexnodeTarget } from './config.js';
import { demoFleet } from './fleet.js';

export class HexnodeConnectionError extends Error {
  override name = 'HexnodeConnectionError';
}

export interface HexnodeConnection {
  baseUrl: string;
  apiKey: string;
  /** One line for the console: which Hexnode this is. */
  description: string;
  /** Set when the demo runs its own simulator. */
  simulator: Simulator | null;
  /** The handler's request budget, when the simulator's minute is shortened (it keeps the same window). */
  budget?: BudgetOptions;
  close(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 10_000;

function where(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/** Reads one page of users; throws a HexnodeConnectionError that says what is wrong. */
export async function checkHexnode(
  baseUrl: string,
  apiKey: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<{ users: number | null }> {
  const url = new URL('users/?page=1&per_page=1', baseUrl);
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { Authorization: apiKey, Accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? CHECK_TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (error) {
    const cause =
      error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.name) : '';
    if (cause === 'TimeoutError') {
      throw new HexnodeConnectionError(
        `Hexnode at ${where(baseUrl)} did not answer within ${Math.round((options.timeoutMs ?? CHECK_TIMEOUT_MS) / 1000)} s: check the portal address and your network.`,
      );
    }
    throw new HexnodeConnectionError(
      `Cannot reach Hexnode at ${where(baseUrl)}${cause ? ` (${cause})` : ''}: check HEXNODE_PORTAL / HEXNODE_BASE_URL and your network.`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new HexnodeConnectionError(
      `Hexnode at ${where(baseUrl)} rejected the API key (HTTP ${response.status}): check HEXNODE_API_KEY.`,
    );
  }
  if (response.status === 404 || (response.status >= 300 && response.status < 400)) {
    throw new HexnodeConnectionError(
      `No Hexnode API at ${baseUrl} (HTTP ${response.status}): check HEXNODE_PORTAL / HEXNODE_BASE_URL.`,
    );
  }
  if (!response.ok) {
    throw new HexnodeConnectionError(
      `Hexnode at ${where(baseUrl)} answered HTTP ${response.status} to a users read: try again later.`,
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new HexnodeConnectionError(
      `Hexnode at ${where(baseUrl)} did not answer with JSON: is this a Hexnode API?`,
    );
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { results?: unknown }).results)) {
    throw new HexnodeConnectionError(
      `Hexnode at ${where(baseUrl)} answered without a users list: is this a Hexnode API?`,
    );
  }
  const count = (body as { count?: unknown }).count;
  return { users: typeof count === 'number' ? count : null };
}

/** Starts the simulator or checks the configured portal. */
export async function connectHexnode(target: HexnodeTarget): Promise<HexnodeConnection> {
  if (target.kind === 'simulator') {
    const apiKey = `sim-${randomBytes(12).toString('hex')}`;
    const started = await startSimulator({
      port: target.port,
      host: '127.0.0.1',
      apiKey,
      fleet: demoFleet(),
      checkinMs: target.checkinMs,
      ...(target.windowMs === undefined ? {} : { throttle: { windowMs: target.windowMs } }),
    });
    try {
      await checkHexnode(started.url, apiKey);
    } catch (error) {
      await started.close();
      throw error;
    }
    return {
      baseUrl: started.url,
      apiKey,
      description: `the built-in Hexnode simulator at ${started.url} (devices check in after ${target.checkinMs / 1000} s)`,
      simulator: started.simulator,
      ...(target.windowMs === undefined ? {} : { budget: { windowMs: target.windowMs } }),
      close: () => started.close(),
    };
  }
  const { users } = await checkHexnode(target.baseUrl, target.apiKey);
  const label =
    target.kind === 'portal' ? `the Hexnode portal ${where(target.baseUrl)}` : `Hexnode at ${target.baseUrl}`;
  return {
    baseUrl: target.baseUrl,
    apiKey: target.apiKey,
    description: `${label}${users === null ? '' : ` (${users} users)`}`,
    simulator: null,
    // A simulator of your own with a shortened minute (start:cluster's): the budget keeps the same window.
    ...(target.kind === 'base_url' && target.windowMs !== undefined
      ? { budget: { windowMs: target.windowMs } }
      : {}),
    close: async () => {},
  };
}
