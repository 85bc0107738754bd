import type {
  ActionAccepted,
  ActionRequest,
  ActionStatusResponse,
  PreviewResponse,
} from '@hexnode-offboard/core/protocol';
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  DEFAULT_BASE_PATH,
  IDEMPOTENCY_KEY_HEADER,
  REQUEST_ID_HEADER,
  ROUTES,
} from '@hexnode-offboard/core/protocol';
import type { OffboardConfig } from './context.js';
import type { Refusal } from './states.js';
import type { BusyReason, OffboardErrorCode } from './strings.js';

/** A request to the handler failed: a problem answer, a network failure or an answer the widget cannot read. */
export class OffboardRequestError extends Error {
  constructor(
    readonly code: OffboardErrorCode,
    readonly status: number,
    readonly requestId?: string,
    /** Seconds to wait before trying again (`hexnode_busy`, `rate_limited`). */
    readonly retryAfter?: number,
    /** `action_not_offered`: each device refused and why. */
    readonly refusals?: Refusal[],
    /** `hexnode_busy`: what Hexnode's limits have spent. */
    readonly reason?: BusyReason,
    /** The problem's own words. */
    readonly detail?: string,
  ) {
    super(`hexnode-offboard: ${code} (${status})`);
  }
}

/** How long to wait before the one retry of a token not yet valid (clock skew between the HRMS and the handler). */
const SKEW_RETRY_MS = 1000;

/**
 * What a rejected request means for the widget: the request's own error, else `invalid_response`. (An aborted
 * request rejects only when its caller aborted it, and that caller ignores the answer.)
 */
export const failureOf = (error: unknown): OffboardRequestError =>
  error instanceof OffboardRequestError ? error : new OffboardRequestError('invalid_response', 0);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasArrays = (v: Json, ...keys: string[]) => keys.every((k) => Array.isArray(v[k]));

/**
 * The handler's answers are checked for the shape the widget reads (not fully parsed: the widget carries no
 * schema library, to stay small); anything else is an `invalid_response`.
 */
const valid = {
  preview: (v: Json) =>
    typeof v.status === 'string' && typeof v.confirmText === 'string' && hasArrays(v, 'devices', 'actions'),
  accepted: (v: Json) => typeof v.id === 'string' && hasArrays(v, 'devices'),
  status: (v: Json) => typeof v.status === 'string' && hasArrays(v, 'devices'),
};

function statusCode(status: number): OffboardErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'internal_error' : 'invalid_response';
}

/** A new random idempotency key. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Talks to the handler: the CSRF header always, JSON bodies, the bearer token in token mode. */
export class OffboardApi {
  config: OffboardConfig = {};
  #token: string | undefined;
  #givenToken: string | undefined;

  // Over 60 lines: one request and its two retries (a renewed session token, a token minted a second ahead of
  // this clock) share the loop's state; split into steps it would pass that state around and add bytes to a
  // bundle at its size budget.
  async #request<T>(
    method: string,
    path: string,
    check: (v: Json) => boolean,
    body?: unknown,
    signal?: AbortSignal,
    idempotencyKey?: string,
  ): Promise<T> {
    const { config } = this;
    if (config.sessionToken !== this.#givenToken) this.#token = this.#givenToken = config.sessionToken;
    const base = (config.endpoint || DEFAULT_BASE_PATH).replace(/\/+$/, '');
    let skewRetried = false;
    for (let attempt = 0; ; attempt++) {
      if (!this.#token && config.fetchSessionToken) {
        try {
          this.#token = await config.fetchSessionToken();
        } catch {
          throw new OffboardRequestError('session_expired', 401);
        }
      }
      const headers = new Headers(config.headers);
      headers.set(CSRF_HEADER, CSRF_HEADER_VALUE);
      headers.set('Accept', 'application/json, application/problem+json');
      if (body !== undefined) headers.set('Content-Type', 'application/json');
      if (this.#token) headers.set('Authorization', `Bearer ${this.#token}`);
      if (idempotencyKey) headers.set(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
      let response: Response;
      try {
        response = await fetch(base + path, {
          method,
          headers,
          body: body === undefined ? null : JSON.stringify(body),
          credentials: config.credentials ?? 'same-origin',
          signal: signal ?? null,
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new OffboardRequestError('network_error', 0);
      }
      const data: unknown = await response.json().catch(() => undefined);
      const requestId =
        (isObject(data) && typeof data.requestId === 'string' && data.requestId) ||
        response.headers.get(REQUEST_ID_HEADER) ||
        undefined;
      if (response.ok) {
        if (isObject(data) && check(data)) return data as T;
        throw new OffboardRequestError('invalid_response', response.status, requestId);
      }
      const code =
        isObject(data) && typeof data.code === 'string'
          ? (data.code as OffboardErrorCode)
          : statusCode(response.status);
      if (code === 'session_expired' && config.fetchSessionToken && attempt === 0) {
        this.#token = undefined;
        continue;
      }
      // A token minted a moment "in the future" (clocks apart): valid in a second; one retry, same body and key.
      if (code === 'session_not_yet_valid' && !skewRetried) {
        skewRetried = true;
        await new Promise((resolve) => setTimeout(resolve, SKEW_RETRY_MS));
        continue;
      }
      const problem = isObject(data) ? data : {};
      throw new OffboardRequestError(
        code,
        response.status,
        requestId,
        typeof problem.retryAfter === 'number' ? problem.retryAfter : undefined,
        Array.isArray(problem.refusals) ? (problem.refusals as Refusal[]) : undefined,
        problem.reason as BusyReason | undefined,
        typeof problem.detail === 'string' ? problem.detail : undefined,
      );
    }
  }

  preview(employee: PreviewResponse['employee'], signal?: AbortSignal): Promise<PreviewResponse> {
    return this.#request('POST', ROUTES.preview, valid.preview, { employee }, signal);
  }

  act(body: ActionRequest, idempotencyKey: string, signal?: AbortSignal): Promise<ActionAccepted> {
    return this.#request('POST', ROUTES.actions, valid.accepted, body, signal, idempotencyKey);
  }

  /** Approves a held job (`reason`, if any, is its note) or rejects it with `reason` (the two-person rule). */
  decide(id: string, approve: boolean, reason: string): Promise<unknown> {
    const path = approve ? ROUTES.jobApprove(id) : ROUTES.jobReject(id);
    return this.#request(
      'POST',
      path,
      (v) => isObject(v.job),
      approve ? (reason ? { note: reason } : {}) : { reason },
    );
  }

  status(id: string, signal?: AbortSignal): Promise<ActionStatusResponse> {
    return this.#request('GET', ROUTES.action(id), valid.status, undefined, signal);
  }
}
