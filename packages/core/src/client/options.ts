/** The client's options, their defaults, and the checks that reject a bad configuration at construction. */
import type { RequestBudget } from '../budget/budget.js';
import type { BudgetOptions, BudgetWait } from '../budget/types.js';

/**
 * When and how the client retries a read after a 5xx, a timeout or a network error. Action POSTs are never
 * retried after those (Hexnode may have acted). A 429 is not a failure but the budget's business: any call waits
 * the time it announces and is sent again, up to `budget.maxWaitMs`.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. Default `2`. `0` turns retries off (as does `retry: false`). */
  limit?: number;
  /** Statuses that make a GET retry. Default `[408, 500, 502, 503, 504]` (429 is the budget's, see above). */
  statusCodes?: number[];
  /** First backoff delay; it doubles on every retry and gets random jitter (50-100 %). Default `300` ms. */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay. Default `10_000` ms. */
  maxDelayMs?: number;
  /** Whether a GET that timed out or hit a network error is retried. Default `true`. */
  retryOnNetworkError?: boolean;
  /** How the client waits between attempts. Default: `setTimeout`. Tests pass a recorder. */
  wait?: (ms: number) => Promise<void>;
}

/** What a hook learns about a request. It never sees headers, so never the API key. */
export interface HexnodeRequestInfo {
  method: string;
  /** Path relative to the base URL, e.g. `/users/`. */
  path: string;
  /** The full URL, query string included. */
  url: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
}

/** What a hook learns about an answer (or the lack of one). */
export interface HexnodeResponseInfo extends HexnodeRequestInfo {
  /** HTTP status, or `undefined` after a network error or a timeout. */
  status: number | undefined;
  durationMs: number;
  /** Whether the client will try again. */
  willRetry: boolean;
}

export interface HexnodeHooks {
  /** Called before every attempt, retries included. */
  beforeRequest?: (info: HexnodeRequestInfo) => void | Promise<void>;
  /** Called after every attempt, with the status or the lack of one. */
  afterResponse?: (info: HexnodeResponseInfo) => void | Promise<void>;
  /** Called when a call has to wait for the request budget (its pace, or a 429's announced wait). */
  onBudgetWait?: (info: HexnodeRequestInfo & BudgetWait) => void;
}

export interface HexnodeClientOptions {
  /** The portal name: `acme` targets `https://acme.hexnodemdm.com/api/v1/`. Give this or `baseUrl`. */
  portal?: string;
  /** Any other API root (the simulator, a proxy), absolute http(s). A missing trailing `/` is added. */
  baseUrl?: string;
  /** The Hexnode API key, sent as the raw `Authorization` header. */
  apiKey: string;
  /** Per attempt. Default `10_000` ms. */
  timeoutMs?: number;
  /** Retry policy for reads, or `false` for none. */
  retry?: RetryPolicy | false;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** The `User-Agent` header. Default `hexnode-offboard-kit`. */
  userAgent?: string;
  /** Logging and metrics. */
  hooks?: HexnodeHooks;
  /**
   * Hexnode's rate limit and the kit's share of it (see `BudgetOptions`), or a `RequestBudget` several clients
   * share. Default: the real limits (30 calls a minute, 10 per managed device a day), 80 % of them for the kit.
   */
  budget?: BudgetOptions | RequestBudget;
}

export interface ResolvedRetryPolicy {
  limit: number;
  statusCodes: ReadonlySet<number>;
  baseDelayMs: number;
  maxDelayMs: number;
  retryOnNetworkError: boolean;
  wait: (ms: number) => Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_USER_AGENT = 'hexnode-offboard-kit';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A DNS label: letters, digits and inner hyphens, at most 63 characters. */
const PORTAL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The API root for the options, or a `TypeError` that says what is wrong. */
export function resolveBaseUrl(options: Pick<HexnodeClientOptions, 'portal' | 'baseUrl'>): URL {
  const { portal, baseUrl } = options;
  if (portal !== undefined && baseUrl !== undefined) {
    throw new TypeError('HexnodeClient: give either `portal` or `baseUrl`, not both.');
  }
  if (portal !== undefined) {
    if (typeof portal !== 'string' || !PORTAL.test(portal)) {
      throw new TypeError(
        'HexnodeClient: `portal` must be the portal name only (letters, digits, hyphens; e.g. "acme" for acme.hexnodemdm.com).',
      );
    }
    return new URL(`https://${portal.toLowerCase()}.hexnodemdm.com/api/v1/`);
  }
  if (baseUrl === undefined) {
    throw new TypeError('HexnodeClient: `portal` or `baseUrl` is required.');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(
      'HexnodeClient: `baseUrl` must be an absolute http(s) URL, e.g. "http://127.0.0.1:4010/api/v1/".',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`HexnodeClient: \`baseUrl\` must use http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new TypeError('HexnodeClient: `baseUrl` must not contain credentials; pass the key as `apiKey`.');
  }
  if (url.search || url.hash) {
    throw new TypeError('HexnodeClient: `baseUrl` must not have a query string or a fragment.');
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

export function resolveApiKey(apiKey: unknown): string {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new TypeError('HexnodeClient: `apiKey` is required (a non-empty string).');
  }
  if (/[\r\n]/.test(apiKey)) {
    throw new TypeError('HexnodeClient: `apiKey` must be a single line.');
  }
  return apiKey.trim();
}

export function resolveTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError('HexnodeClient: `timeoutMs` must be a positive number of milliseconds.');
  }
  return timeoutMs;
}

export function resolveRetry(retry: RetryPolicy | false | undefined): ResolvedRetryPolicy {
  const policy = retry === false ? { limit: 0 } : (retry ?? {});
  const limit = policy.limit ?? 2;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new TypeError('HexnodeClient: `retry.limit` must be a whole number >= 0.');
  }
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    const value = policy[key];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new TypeError(`HexnodeClient: \`retry.${key}\` must be a number >= 0.`);
    }
  }
  return {
    limit,
    statusCodes: new Set(policy.statusCodes ?? [408, 500, 502, 503, 504]),
    baseDelayMs: policy.baseDelayMs ?? 300,
    maxDelayMs: policy.maxDelayMs ?? 10_000,
    retryOnNetworkError: policy.retryOnNetworkError ?? true,
    wait: policy.wait ?? sleep,
  };
}

/** Backoff before retry number `retry` (1-based): doubling from the base, capped, with 50-100 % jitter. */
export function backoffDelay(policy: ResolvedRetryPolicy, retry: number): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(full / 2 + Math.random() * (full / 2));
}
