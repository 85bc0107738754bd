/**
 * `createTerminationWebhookHandler`: the endpoint an HRMS posts terminations to, a Web-standard
 * `(request: Request) => Promise<Response>` like the offboarding handler. In order: POST only; the tenant's
 * endpoint; the raw body (at most `maxBodyBytes`); the Standard Webhooks signature over those bytes, with
 * the timestamp within `toleranceSeconds`; then the event. A termination becomes one job per webhook id,
 * stored durably before the 2xx; a refused request stores nothing.
 *
 * This file checks the options; the steps are `TerminationWebhook`'s (termination-webhook.ts), over
 * endpoints.ts (the tenant's secrets and policy) and termination-job.ts (the job a termination becomes).
 */
import type { JobQueue } from '../jobs/types.js';
import { WebhookEndpoints, type ChooseEndpoint, type WebhookEndpoint } from './endpoints.js';
import { TerminationWebhook, type WebhookLogger } from './termination-webhook.js';

export type { WebhookEndpoint } from './endpoints.js';
export { webhookJobKey } from './termination-job.js';

export interface TerminationWebhookOptions {
  /** Where jobs are stored: the PostgreSQL store, the SQLite queue (one machine), or the memory queue in tests. */
  queue: JobQueue;
  /**
   * One endpoint, or a function choosing the tenant's endpoint for a request (from its URL path, say)
   * before the signature is checked; `null` answers 404.
   */
  endpoint: WebhookEndpoint | ChooseEndpoint;
  /** How far a message's timestamp may be from now, in seconds. Default 300 (the spec's five minutes). */
  toleranceSeconds?: number;
  /** Largest body, in bytes. Default 65536. */
  maxBodyBytes?: number;
  now?: () => number;
  logger?: WebhookLogger;
}

export type TerminationWebhookHandler = (request: Request) => Promise<Response>;

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
  const webhook = new TerminationWebhook({
    queue,
    endpoints: new WebhookEndpoints(options.endpoint),
    toleranceSeconds,
    maxBodyBytes,
    now: options.now ?? Date.now,
    logger: options.logger ?? { error: (message, fields) => console.error(message, fields) },
  });
  return function handleTermination(request: Request): Promise<Response> {
    return webhook.handle(request);
  };
}
