/**
 * `TerminationWebhook`: one request to the termination webhook, as named steps in the order of
 * docs/zero-touch.md: POST only → the tenant's endpoint → the raw body → verify the signature → parse the
 * event → apply the policy (the action and when) → enqueue (deduplicated on the webhook id). Each step gives its
 * value or the answer that ends the request: a refusal, or a 200 for an event that is acknowledged and ignored.
 */
import { REQUEST_ID_HEADER } from '@hexnode-offboard/core/protocol';
import { problemResponse } from '../http/problem.js';
import { BodyTooLargeError, readRawBody } from '../http/raw-body.js';
import type { JobQueue, NewJob } from '../jobs/types.js';
import type { ReadyEndpoint, WebhookEndpoints } from './endpoints.js';
import { TERMINATION_EVENT_TYPE, TerminationEvent, WebhookEnvelope } from './event.js';
import { isTimeZone, scheduledAt } from './policy.js';
import { verifyWebhook } from './signature.js';
import { terminationJob, type Termination } from './termination-job.js';

export interface WebhookLogger {
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The webhook's options, checked and with their defaults. */
export interface WebhookConfig {
  queue: JobQueue;
  endpoints: WebhookEndpoints;
  toleranceSeconds: number;
  maxBodyBytes: number;
  now: () => number;
  logger: WebhookLogger;
}

/** A step's value, or the answer that ends the request. */
type Step<T> = T | Response;

const REFUSALS: Record<string, string> = {
  missing_headers: 'webhook-id, webhook-timestamp and webhook-signature are required.',
  bad_headers: 'webhook-id or webhook-timestamp is malformed.',
  timestamp_too_old: 'The webhook timestamp is too far in the past.',
  timestamp_too_new: 'The webhook timestamp is too far in the future.',
  no_matching_signature: 'No webhook signature matches.',
};

const json = (body: unknown, requestId: string, status: number) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json',
      [REQUEST_ID_HEADER]: requestId,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });

export class TerminationWebhook {
  readonly #config: WebhookConfig;

  constructor(config: WebhookConfig) {
    this.#config = config;
  }

  async handle(request: Request): Promise<Response> {
    const requestId = `req_${crypto.randomUUID()}`;
    if (request.method !== 'POST') {
      return problemResponse('method_not_allowed', requestId, { headers: { Allow: 'POST' } });
    }
    const endpoint = await this.#endpoint(request, requestId);
    if (endpoint instanceof Response) return endpoint;
    const body = await this.#body(request, requestId);
    if (body instanceof Response) return body;
    const webhookId = this.#verifySignature(request, endpoint, body, requestId);
    if (webhookId instanceof Response) return webhookId;
    const termination = this.#parse(body, requestId);
    if (termination instanceof Response) return termination;
    const scheduled = this.#applyPolicy(endpoint, webhookId, termination, requestId);
    if (scheduled instanceof Response) return scheduled;
    return this.#enqueue(scheduled.job, scheduled.receivedAt, requestId);
  }

  async #endpoint(request: Request, requestId: string): Promise<Step<ReadyEndpoint>> {
    let endpoint: ReadyEndpoint | null;
    try {
      endpoint = await this.#config.endpoints.for(request);
    } catch (error) {
      this.#config.logger.error('webhook endpoint lookup failed', {
        requestId,
        error: (error as Error)?.name,
      });
      return problemResponse('internal_error', requestId);
    }
    return endpoint ?? problemResponse('not_found', requestId);
  }

  async #body(request: Request, requestId: string): Promise<Step<Uint8Array>> {
    try {
      return await readRawBody(request, this.#config.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return problemResponse('payload_too_large', requestId, { detail: error.message });
      return problemResponse('invalid_request', requestId, { detail: 'The body could not be read.' });
    }
  }

  /** The webhook id, once a signature over the raw body matches one of the endpoint's secrets in time. */
  #verifySignature(
    request: Request,
    endpoint: ReadyEndpoint,
    body: Uint8Array,
    requestId: string,
  ): Step<string> {
    const verified = verifyWebhook(request.headers, body, {
      keys: endpoint.keys,
      now: this.#config.now(),
      toleranceSeconds: this.#config.toleranceSeconds,
    });
    if (!verified.ok)
      return problemResponse('unauthenticated', requestId, { detail: REFUSALS[verified.reason] });
    return verified.id;
  }

  /** The termination the body carries; another event type is acknowledged and ignored. */
  #parse(body: Uint8Array, requestId: string): Step<Termination> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      return problemResponse('invalid_request', requestId, { detail: 'The body is not UTF-8 JSON.' });
    }
    const envelope = WebhookEnvelope.safeParse(parsed);
    if (!envelope.success)
      return problemResponse('invalid_request', requestId, { detail: 'The body has no event type.' });
    const { type } = envelope.data;
    if (type !== TERMINATION_EVENT_TYPE) {
      return json({ status: 'ignored', reason: 'unknown_event_type', type }, requestId, 200);
    }
    const event = TerminationEvent.safeParse(parsed);
    if (!event.success) {
      const errors = event.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return problemResponse('invalid_request', requestId, {
        detail: 'The termination event is not valid.',
        errors,
      });
    }
    const { timeZone } = event.data.data.employee;
    if (timeZone !== undefined && !isTimeZone(timeZone)) {
      return problemResponse('invalid_request', requestId, {
        detail: 'data.employee.timeZone is not a known time zone.',
      });
    }
    return event.data.data;
  }

  /** The job the endpoint's policy makes of the termination: its action and when; `none` is acknowledged. */
  #applyPolicy(
    endpoint: ReadyEndpoint,
    webhookId: string,
    termination: Termination,
    requestId: string,
  ): Step<{ job: NewJob; receivedAt: number }> {
    const { terminationType, employee } = termination;
    const action = endpoint.policy.actionFor(terminationType);
    if (action === 'none') {
      return json({ status: 'ignored', reason: 'policy', terminationType }, requestId, 200);
    }
    const receivedAt = this.#config.now();
    const runAt = scheduledAt(
      endpoint.policy,
      { ...termination, ...(employee.timeZone !== undefined ? { timeZone: employee.timeZone } : {}) },
      receivedAt,
    );
    if (runAt === null) {
      return problemResponse('invalid_request', requestId, {
        detail: 'data.effectiveDate is not a calendar date.',
      });
    }
    return { job: terminationJob(endpoint.tenant, webhookId, termination, action, runAt), receivedAt };
  }

  /** Stores the job before the 2xx; a webhook id stored before answers `duplicate` with that job. */
  async #enqueue(job: NewJob, receivedAt: number, requestId: string): Promise<Response> {
    try {
      const { job: stored, created } = await this.#config.queue.enqueueJob(job, receivedAt);
      return json(
        {
          status: created ? 'scheduled' : 'duplicate',
          jobId: stored.id,
          runAt: new Date(stored.runAt).toISOString(),
        },
        requestId,
        created ? 202 : 200,
      );
    } catch (error) {
      // Not stored: the sender must deliver it again.
      this.#config.logger.error('termination job could not be stored', {
        requestId,
        error: (error as Error)?.name,
      });
      return problemResponse('audit_unavailable', requestId, {
        detail: 'The termination could not be stored; deliver it again.',
        retryAfter: 30,
      });
    }
  }
}
