/**
 * `createTerminationWebhookHandler`: the endpoint an HRMS posts terminations to, a Web-standard
 * `(request: Request) => Promise<Response>` like the offboarding handler. In order: POST only; the tenant's
 * endpoint; the raw body (at most `maxBodyBytes`); the Standard Webhooks signature over those bytes, with
 * the timestamp within `toleranceSeconds`; then the event. A termination becomes one job per webhook id,
 * stored durably before the 2xx; a refused request stores nothing.
 */
import { REQUEST_ID_HEADER } from '@hexnode-offboard/core/protocol';
import { problemResponse } from '../http/problem.js';
import type { OffboardJobPayload } from '../jobs/offboard-job.js';
import { OFFBOARD_JOB_KIND } from '../jobs/offboard-job.js';
import type { JobQueue } from '../jobs/types.js';
import { TERMINATION_EVENT_TYPE, TerminationEvent, WebhookEnvelope } from './event.js';
import {
  resolvePolicy,
  scheduledAt,
  isTimeZone,
  type ResolvedPolicy,
  type TerminationPolicy,
} from './policy.js';
import { BodyTooLargeError, readRawBody } from '../http/raw-body.js';
import { parseWebhookSecret, verifyWebhook } from './signature.js';

export interface WebhookEndpoint {
  /** Whose terminations these are: jobs, audit records and idempotency keys are scoped to it. */
  tenant: string | null;
  /** `whsec_...` secrets: the current one and, while the HRMS rotates, the previous one. */
  secrets: string[];
  policy: TerminationPolicy;
}

export interface TerminationWebhookOptions {
  /** Where jobs are stored: the PostgreSQL store, the SQLite queue (one machine), or the memory queue in tests. */
  queue: JobQueue;
  /**
   * One endpoint, or a function choosing the tenant's endpoint for a request (from its URL path, say)
   * before the signature is checked; `null` answers 404.
   */
  endpoint:
    WebhookEndpoint | ((request: Request) => WebhookEndpoint | null | Promise<WebhookEndpoint | null>);
  /** How far a message's timestamp may be from now, in seconds. Default 300 (the spec's five minutes). */
  toleranceSeconds?: number;
  /** Largest body, in bytes. Default 65536. */
  maxBodyBytes?: number;
  now?: () => number;
  logger?: { error(message: string, fields?: Record<string, unknown>): void };
}

export type TerminationWebhookHandler = (request: Request) => Promise<Response>;

interface ReadyEndpoint {
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

/** The job's dedupe key: one job per webhook message and tenant, however often it is delivered. */
export function webhookJobKey(tenant: string | null, webhookId: string): string {
  return JSON.stringify(['webhook', tenant, webhookId]);
}

export function createTerminationWebhookHandler(
  options: TerminationWebhookOptions,
): TerminationWebhookHandler {
  const { queue } = options;
  if (!queue || typeof queue.enqueueJob !== 'function') {
    throw new TypeError('createTerminationWebhookHandler: `queue` is required.');
  }
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  if (!Number.isInteger(toleranceSeconds) || toleranceSeconds < 1)
    throw new TypeError('toleranceSeconds must be a positive integer.');
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1)
    throw new TypeError('maxBodyBytes must be a positive integer.');
  const now = options.now ?? Date.now;
  const logger = options.logger ?? { error: (message, fields) => console.error(message, fields) };
  // A fixed endpoint is checked now; a function's endpoints are checked (and kept) as they come.
  const fixed = typeof options.endpoint === 'function' ? null : prepare(options.endpoint);
  const chosen = new WeakMap<WebhookEndpoint, ReadyEndpoint>();
  const endpointFor = async (request: Request): Promise<ReadyEndpoint | null> => {
    if (fixed) return fixed;
    const endpoint = await (options.endpoint as (request: Request) => Promise<WebhookEndpoint | null>)(
      request,
    );
    if (!endpoint) return null;
    let ready = chosen.get(endpoint);
    if (!ready) chosen.set(endpoint, (ready = prepare(endpoint)));
    return ready;
  };

  return async function handleTermination(request: Request): Promise<Response> {
    const requestId = `req_${crypto.randomUUID()}`;
    if (request.method !== 'POST') {
      return problemResponse('method_not_allowed', requestId, { headers: { Allow: 'POST' } });
    }
    let endpoint: ReadyEndpoint | null;
    try {
      endpoint = await endpointFor(request);
    } catch (error) {
      logger.error('webhook endpoint lookup failed', { requestId, error: (error as Error)?.name });
      return problemResponse('internal_error', requestId);
    }
    if (!endpoint) return problemResponse('not_found', requestId);

    let body: Uint8Array;
    try {
      body = await readRawBody(request, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return problemResponse('payload_too_large', requestId, { detail: error.message });
      return problemResponse('invalid_request', requestId, { detail: 'The body could not be read.' });
    }
    const verified = verifyWebhook(request.headers, body, {
      keys: endpoint.keys,
      now: now(),
      toleranceSeconds,
    });
    if (!verified.ok)
      return problemResponse('unauthenticated', requestId, { detail: REFUSALS[verified.reason] });
    return accept(endpoint, verified.id, body, requestId);
  };

  async function accept(endpoint: ReadyEndpoint, webhookId: string, body: Uint8Array, requestId: string) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      return problemResponse('invalid_request', requestId, { detail: 'The body is not UTF-8 JSON.' });
    }
    const envelope = WebhookEnvelope.safeParse(parsed);
    if (!envelope.success)
      return problemResponse('invalid_request', requestId, { detail: 'The body has no event type.' });
    if (envelope.data.type !== TERMINATION_EVENT_TYPE) {
      return json(
        { status: 'ignored', reason: 'unknown_event_type', type: envelope.data.type },
        requestId,
        200,
      );
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
    const data = event.data.data;
    if (data.employee.timeZone !== undefined && !isTimeZone(data.employee.timeZone)) {
      return problemResponse('invalid_request', requestId, {
        detail: 'data.employee.timeZone is not a known time zone.',
      });
    }
    const action = endpoint.policy.actionFor(data.terminationType);
    if (action === 'none') {
      return json(
        { status: 'ignored', reason: 'policy', terminationType: data.terminationType },
        requestId,
        200,
      );
    }
    const receivedAt = now();
    const runAt = scheduledAt(
      endpoint.policy,
      { ...data, ...(data.employee.timeZone !== undefined ? { timeZone: data.employee.timeZone } : {}) },
      receivedAt,
    );
    if (runAt === null) {
      return problemResponse('invalid_request', requestId, {
        detail: 'data.effectiveDate is not a calendar date.',
      });
    }
    const payload: OffboardJobPayload = {
      terminationId: data.terminationId ?? webhookId,
      employee: {
        email: data.employee.email,
        ...(data.employee.name !== undefined ? { name: data.employee.name } : {}),
        ...(data.employee.id !== undefined ? { id: data.employee.id } : {}),
      },
      action: action.action,
      options: action.options ?? {},
      reason: data.reason ?? `Termination (${data.terminationType}) effective ${data.effectiveDate}`,
      source: 'webhook',
      webhookId,
      terminationType: data.terminationType,
    };
    try {
      const { job, created } = await queue.enqueueJob(
        {
          kind: OFFBOARD_JOB_KIND,
          tenant: endpoint.tenant,
          dedupeKey: webhookJobKey(endpoint.tenant, webhookId),
          payload,
          runAt,
        },
        receivedAt,
      );
      return json(
        {
          status: created ? 'scheduled' : 'duplicate',
          jobId: job.id,
          runAt: new Date(job.runAt).toISOString(),
        },
        requestId,
        created ? 202 : 200,
      );
    } catch (error) {
      // Not stored: the sender must deliver it again.
      logger.error('termination job could not be stored', { requestId, error: (error as Error)?.name });
      return problemResponse('audit_unavailable', requestId, {
        detail: 'The termination could not be stored; deliver it again.',
        retryAfter: 30,
      });
    }
  }
}

const REFUSALS: Record<string, string> = {
  missing_headers: 'webhook-id, webhook-timestamp and webhook-signature are required.',
  bad_headers: 'webhook-id or webhook-timestamp is malformed.',
  timestamp_too_old: 'The webhook timestamp is too far in the past.',
  timestamp_too_new: 'The webhook timestamp is too far in the future.',
  no_matching_signature: 'No webhook signature matches.',
};
