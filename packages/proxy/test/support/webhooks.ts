/** Signed termination events as an HRMS would post them (Standard Webhooks), each part overridable. */
import { signWebhook } from '@hexnode-offboard/proxy';

export const WEBHOOK_URL = 'https://hr.acme.example/hooks/terminations';
// Fixed test secrets: 32 bytes each, base64.
export const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
export const OLD_SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
export const NOW = Date.UTC(2026, 10, 24, 9, 0, 0);

export function terminationEvent(data: Record<string, unknown> = {}, type = 'employee.terminated') {
  return {
    type,
    timestamp: new Date(NOW).toISOString(),
    data: {
      terminationId: 'term-1001',
      employee: { email: 'jane.leaver@acme.example', name: 'Jane Leaver', timeZone: 'Europe/Berlin' },
      terminationType: 'voluntary',
      effectiveDate: '2026-11-27',
      ...data,
    },
  };
}

export interface SignedOptions {
  id?: string;
  /** Seconds. */
  timestamp?: number;
  secret?: string;
  /** The exact `webhook-signature` header (replaces the computed one). */
  signature?: string;
  /** Headers to leave out. */
  omit?: ('webhook-id' | 'webhook-timestamp' | 'webhook-signature')[];
}

/** A POST of `body` (bytes or text, sent as is) with Standard Webhooks headers signed over it. */
export function signedRequest(body: string | Uint8Array<ArrayBuffer>, options: SignedOptions = {}): Request {
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(NOW / 1000);
  const headers = new Headers({
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': options.signature ?? signWebhook(options.secret ?? SECRET, id, timestamp, body),
  });
  for (const name of options.omit ?? []) headers.delete(name);
  return new Request(WEBHOOK_URL, { method: 'POST', headers, body });
}
