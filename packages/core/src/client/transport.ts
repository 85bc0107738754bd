/**
 * One HTTP exchange with Hexnode: takes a slot of the portal's request budget before every attempt and waits out a
 * 429 (pacing.ts), builds the request (over ky), retries reads, and maps failures to the error hierarchy and
 * validates the answer with a zod schema (answers.ts). The API key lives only in ky's default headers, in a
 * private field; nothing this module throws or reports contains it.
 */
import ky, { type KyInstance } from 'ky';
import type { z } from 'zod';
import type { RequestBudget } from '../budget/budget.js';
import { inferPriority } from '../budget/throttle-wait.js';
import type { BudgetPriority, BudgetSlot } from '../budget/types.js';
import { HexnodeInvalidResponseError, HexnodeUnavailableError } from '../errors.js';
import { Answers, readRequestId } from './answers.js';
import {
  backoffDelay,
  type HexnodeHooks,
  type HexnodeRequestInfo,
  type ResolvedRetryPolicy,
} from './options.js';
import {
  callDeadline,
  learnDeviceCount,
  retryWaitMs,
  takeSlot,
  throttledTooLong,
  waitOutThrottle,
} from './pacing.js';

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
  answers: Answers;
  retry: ResolvedRetryPolicy;
  hooks: HexnodeHooks;
}

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
      answers: new Answers(config.apiKey),
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
    const deadline = callDeadline(this.budget);
    // Only reads are retried after a failure: a POST may have acted even when its answer was lost.
    const retries = method === 'GET' ? this.#shared.retry.limit : 0;
    const { answers, hooks } = this.#shared;
    let failures = 0;

    for (let attempt = 1; ; attempt++) {
      const info: HexnodeRequestInfo = { method, path, url: url.href, attempt };
      const slot = await takeSlot(this.budget, priority, deadline, info, hooks);
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
        const retryAfter = response.headers.get('retry-after');
        const { waitMs, willRetry } = await waitOutThrottle(this.budget, text, retryAfter, deadline);
        await hooks.afterResponse?.({ ...info, status, durationMs: outcome.durationMs, willRetry });
        if (willRetry) continue;
        const context = { method, path, status, requestId };
        throw throttledTooLong(waitMs, answers.suffix(text, response), context);
      }
      if (!response.ok) throw answers.httpError(method, path, response, text, requestId);
      if (request.schema === undefined) return undefined as never;
      const parsed = answers.parse(request.schema, text, { method, path, status, requestId });
      learnDeviceCount(this.budget, method, path, url, parsed);
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
          ...(timeout ? {} : { cause: this.#shared.answers.safeCause(error) }),
        },
      );
    }
    await this.budget.settle(slot);
    const status = response.status;
    if (status === 429) return { done: response, durationMs: Date.now() - started };
    const waitMs =
      mayRetry && retry.statusCodes.has(status)
        ? retryWaitMs(this.budget, retry, info.attempt, response.headers.get('retry-after'), deadline)
        : undefined;
    const willRetry = waitMs !== undefined;
    await hooks.afterResponse?.({ ...info, status, durationMs: Date.now() - started, willRetry });
    if (!willRetry) return { done: response, durationMs: Date.now() - started };
    void response.body?.cancel().catch(() => undefined);
    await retry.wait(waitMs ?? 0);
    return { again: true };
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
