/**
 * One HTTP exchange with Hexnode: takes a slot of the portal's request budget before every attempt, builds the
 * request (over ky), waits out a 429, retries reads, maps failures to the error hierarchy and validates the
 * answer with a zod schema. The API key lives only in ky's default headers, in a private field; nothing this
 * module throws or reports contains it.
 */
import ky, { type KyInstance } from 'ky';
import type { z } from 'zod';
import type { RequestBudget } from '../budget/budget.js';
import type { BudgetSlot } from '../budget/types.js';
import { inferPriority, parseRetryAfter, throttleWaitMs } from '../budget/throttle-wait.js';
import type { BudgetPriority } from '../budget/types.js';
import {
  HexnodeAuthenticationError,
  HexnodeBadRequestError,
  HexnodeBusyError,
  HexnodeError,
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  HexnodeUnavailableError,
} from '../errors.js';
import { THROTTLE } from '../hexnode/catalogue.js';
import { formatIssuePath } from '../hexnode/schemas.js';
import {
  backoffDelay,
  type HexnodeHooks,
  type HexnodeRequestInfo,
  type ResolvedRetryPolicy,
} from './options.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface TransportRequest<S extends z.ZodType | undefined> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the base URL (`users/12/`), or an absolute URL under it (a `next` link). */
  path: string;
  query?: Query;
  body?: unknown;
  /** Validates the answer; without it the body is ignored. */
  schema?: S;
}

export interface TransportConfig {
  baseUrl: URL;
  apiKey: string;
  timeoutMs: number;
  retry: ResolvedRetryPolicy;
  userAgent: string;
  fetch: typeof fetch | undefined;
  hooks: HexnodeHooks;
  budget: RequestBudget;
}

/** What every view of one client shares. */
interface Shared {
  ky: KyInstance;
  apiKey: string;
  retry: ResolvedRetryPolicy;
  hooks: HexnodeHooks;
}

const REQUEST_ID_HEADERS = ['x-request-id', 'x-correlation-id', 'request-id'];
const MAX_MESSAGE = 300;
/** Device list query keys that do not filter: a page read with only these counts the whole portal. */
const UNFILTERED = new Set(['page', 'per_page', 'order_by']);

/** What one attempt came to: an answer to return or throw, or another attempt after a wait. */
type Attempt = { done: Response; durationMs: number } | { again: true };

export class Transport {
  readonly baseUrl: URL;
  readonly budget: RequestBudget;
  /** The budget priority of every call through this transport; `undefined`: inferred per call. */
  readonly priority: BudgetPriority | undefined;
  readonly #shared: Shared;

  constructor(config: TransportConfig | Transport, priority?: BudgetPriority) {
    this.priority = priority;
    if (config instanceof Transport) {
      // A view with another priority: same key, connection, retries, hooks and budget.
      this.baseUrl = config.baseUrl;
      this.budget = config.budget;
      this.#shared = config.#shared;
      return;
    }
    this.baseUrl = config.baseUrl;
    this.budget = config.budget;
    this.#shared = {
      apiKey: config.apiKey,
      retry: config.retry,
      hooks: config.hooks,
      ky: ky.create({
        headers: {
          Authorization: config.apiKey,
          Accept: 'application/json',
          'User-Agent': config.userAgent,
        },
        timeout: config.timeoutMs,
        retry: 0,
        throwHttpErrors: false,
        ...(config.fetch ? { fetch: config.fetch } : {}),
      }),
    };
  }

  /** The same transport, its calls made at this priority. */
  withPriority(priority: BudgetPriority): Transport {
    return new Transport(this, priority);
  }

  /** The URL for a relative path or a `next` link; a link that leaves the API root is refused. */
  url(path: string, query?: Query, method = 'GET'): URL {
    const url = new URL(path, this.baseUrl);
    if (url.origin !== this.baseUrl.origin || !url.pathname.startsWith(this.baseUrl.pathname)) {
      // Following it would send the API key to another server.
      throw new HexnodeInvalidResponseError('Hexnode sent a link outside the API root; not following it', {
        method,
        path: '(next link)',
        field: 'next',
      });
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** The path relative to the base URL, as errors and hooks name it: `/users/`. */
  relativePath(url: URL): string {
    return `/${url.pathname.slice(this.baseUrl.pathname.length)}`;
  }

  async request<S extends z.ZodType | undefined>(
    request: TransportRequest<S>,
  ): Promise<S extends z.ZodType ? z.output<S> : undefined> {
    const { method } = request;
    const url = this.url(request.path, request.query, method);
    const path = this.relativePath(url);
    const priority = this.priority ?? inferPriority(method, path);
    const deadline = this.budget.now() + this.budget.maxWaitMs;
    // Only reads are retried after a failure: a POST may have acted even when its answer was lost.
    const retries = method === 'GET' ? this.#shared.retry.limit : 0;
    let failures = 0;

    for (let attempt = 1; ; attempt++) {
      const info: HexnodeRequestInfo = { method, path, url: url.href, attempt };
      const slot = await this.budget.acquire(priority, {
        deadline,
        method,
        path,
        onWait: (wait) => this.#shared.hooks.onBudgetWait?.({ ...info, ...wait }),
      });
      const outcome = await this.#attempt(info, request.body, deadline, failures < retries, slot);
      if ('again' in outcome) {
        failures++;
        continue;
      }
      const response = outcome.done;
      const status = response.status;
      const requestId = readRequestId(response.headers);
      const text = await response.text().catch(() => '');
      if (status === 429) {
        // Hexnode did not act on a throttled call, so even an action may be sent again once the wait is over.
        const waitMs = throttleWaitMs(text, response.headers.get('retry-after')) ?? this.budget.windowMs;
        await this.budget.throttled(waitMs);
        const willRetry = this.budget.now() + waitMs <= deadline;
        await this.#shared.hooks.afterResponse?.({
          ...info,
          status,
          durationMs: outcome.durationMs,
          willRetry,
        });
        if (willRetry) continue;
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new HexnodeBusyError(
          `Hexnode is throttling this portal for ${seconds} s, longer than the kit may wait${this.#suffix(text, response)}`,
          { method, path, status, requestId, retryAfter: seconds, limit: 'throttled' },
        );
      }
      if (!response.ok) throw this.#httpError(method, path, response, text, requestId);
      if (request.schema === undefined) return undefined as never;
      const parsed = this.#parse(request.schema, text, { method, path, status, requestId });
      this.#learnDeviceCount(method, path, url, parsed);
      return parsed as never;
    }
  }

  /**
   * Sends one attempt. A network failure, a timeout or a retryable status that may be retried waits its backoff
   * and asks for another attempt; everything else (a 429 included) is handed back as the response.
   */
  async #attempt(
    info: HexnodeRequestInfo,
    body: unknown,
    deadline: number,
    mayRetry: boolean,
    slot: BudgetSlot,
  ): Promise<Attempt> {
    const { retry, hooks } = this.#shared;
    await hooks.beforeRequest?.(info);
    const started = Date.now();
    let response: Response;
    try {
      response = await this.#shared.ky(info.url, {
        method: info.method,
        ...(body === undefined ? {} : { json: body }),
      });
    } catch (error) {
      await this.budget.settle(slot);
      const timeout = isTimeout(error);
      const willRetry = mayRetry && retry.retryOnNetworkError;
      await hooks.afterResponse?.({
        ...info,
        status: undefined,
        durationMs: Date.now() - started,
        willRetry,
      });
      if (willRetry) {
        await retry.wait(backoffDelay(retry, info.attempt));
        return { again: true };
      }
      // The cause is kept only for network errors from fetch itself; ky's own errors hold the request headers.
      throw new HexnodeUnavailableError(
        timeout ? 'Hexnode did not answer in time' : 'Could not reach Hexnode',
        {
          method: info.method,
          path: info.path,
          reason: timeout ? 'timeout' : 'network',
          ...(timeout ? {} : { cause: this.#safeCause(error) }),
        },
      );
    }
    await this.budget.settle(slot);
    const status = response.status;
    if (status === 429) return { done: response, durationMs: Date.now() - started };
    let waitMs: number | undefined;
    if (mayRetry && retry.statusCodes.has(status)) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter === undefined) waitMs = backoffDelay(retry, info.attempt);
      else if (this.budget.now() + retryAfter <= deadline) waitMs = retryAfter;
    }
    const willRetry = waitMs !== undefined;
    await hooks.afterResponse?.({ ...info, status, durationMs: Date.now() - started, willRetry });
    if (!willRetry) return { done: response, durationMs: Date.now() - started };
    void response.body?.cancel().catch(() => undefined);
    await retry.wait(waitMs ?? 0);
    return { again: true };
  }

  /** An unfiltered device list page tells the budget how many devices the portal manages. */
  #learnDeviceCount(method: string, path: string, url: URL, parsed: unknown): void {
    if (!THROTTLE.managedDevicesFromListCount || method !== 'GET' || path !== '/devices/') return;
    if ([...url.searchParams.keys()].some((key) => !UNFILTERED.has(key))) return;
    const count = (parsed as { count?: unknown }).count;
    if (typeof count === 'number') this.budget.noteDeviceCount(count);
  }

  #suffix(text: string, response: Response): string {
    const detail = this.#redact(describe(parseJson(text)) ?? response.statusText ?? '');
    return detail ? `: ${detail}` : '';
  }

  #parse(
    schema: z.ZodType,
    text: string,
    context: { method: string; path: string; status: number; requestId?: string | undefined },
  ) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HexnodeInvalidResponseError('Hexnode answered with malformed JSON', {
        ...context,
        field: '(body)',
      });
    }
    const result = schema.safeParse(json);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const field = issue ? formatIssuePath(issue.path) : '(body)';
    throw new HexnodeInvalidResponseError(
      `Unexpected response from Hexnode: ${field}: ${this.#redact(issue?.message ?? 'invalid')}`,
      { ...context, field },
    );
  }

  #httpError(method: string, path: string, response: Response, text: string, requestId: string | undefined) {
    const status = response.status;
    const init = { method, path, status, requestId };
    const body = parseJson(text);
    const detail = this.#redact(describe(body) ?? response.statusText ?? '');
    const suffix = detail ? `: ${detail}` : '';
    if (status === 401 || status === 403) {
      return new HexnodeAuthenticationError(
        `Hexnode refused the API key${status === 403 ? ' for this request' : ''}${suffix}`,
        init,
      );
    }
    if (status === 404) return new HexnodeNotFoundError(`Not found in Hexnode${suffix}`, init);
    if (status === 400 || status === 422) {
      return new HexnodeBadRequestError(`Hexnode rejected the request${suffix}`, {
        ...init,
        fieldErrors: this.#fieldErrors(body),
      });
    }
    if (status >= 500 || status === 408) {
      return new HexnodeUnavailableError(`Hexnode is unavailable${suffix}`, {
        ...init,
        reason: 'server_error',
      });
    }
    return new HexnodeError(`Hexnode answered ${status}${suffix}`, init);
  }

  #fieldErrors(body: unknown): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const add = (key: string, value: unknown) => {
      const messages = (Array.isArray(value) ? value : [value])
        .filter((message) => message !== null && message !== undefined)
        .map((message) => this.#redact(typeof message === 'string' ? message : JSON.stringify(message)));
      if (messages.length) (out[key] ??= []).push(...messages);
    };
    if (Array.isArray(body)) add('non_field_errors', body);
    else if (typeof body === 'string') add('non_field_errors', body);
    else if (body && typeof body === 'object') {
      for (const [key, value] of Object.entries(body))
        add(key === 'detail' ? 'non_field_errors' : key, value);
    }
    return out;
  }

  #redact(text: string): string {
    const apiKey = this.#shared.apiKey;
    const redacted = apiKey ? text.split(apiKey).join('[redacted]') : text;
    return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE)}...` : redacted;
  }

  #safeCause(error: unknown): unknown {
    if (!(error instanceof Error)) return undefined;
    const cause = new Error(this.#redact(error.message));
    cause.name = error.name;
    return cause;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function readRequestId(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value.slice(0, 200);
  }
  return undefined;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A one-line summary of a DRF error body: `detail`, a list of messages, or `field: message` pairs. */
function describe(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (Array.isArray(body)) return body.filter((item) => typeof item === 'string').join('; ') || undefined;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === 'string') return record.detail;
    const parts = Object.entries(record).map(
      ([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`,
    );
    return parts.join('; ') || undefined;
  }
  return undefined;
}
