/**
 * Standard Webhooks signatures (standardwebhooks.com): the sender signs `{webhook-id}.{webhook-timestamp}.{body}`
 * with HMAC-SHA256 under a shared `whsec_<base64>` secret and sends `webhook-signature: v1,<base64> ...`
 * (several signatures, space-separated, while it rotates its secret).
 *
 * Written here on @noble/hashes rather than with the `standardwebhooks` package, which decodes the body to a
 * string before signing (two different byte sequences that are not valid UTF-8 decode to the same string, so
 * the signature would not cover the raw bytes), accepts only Node's buffer class (not a Web runtime's bytes), and
 * reads the clock itself. The tests check that signatures made by that package verify here.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

export const SECRET_PREFIX = 'whsec_';
/** The spec's advice: secrets of 24 to 64 random bytes. */
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
const MAX_SIGNATURES = 10;
const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function base64ToBytes(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The key inside a `whsec_...` secret. Throws a TypeError naming what is wrong (never the secret). */
export function parseWebhookSecret(secret: string): Uint8Array {
  if (typeof secret !== 'string' || !secret.startsWith(SECRET_PREFIX)) {
    throw new TypeError(`A webhook secret starts with "${SECRET_PREFIX}".`);
  }
  const key = base64ToBytes(secret.slice(SECRET_PREFIX.length));
  if (!key) throw new TypeError(`A webhook secret is "${SECRET_PREFIX}" followed by base64.`);
  if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
    throw new TypeError(`A webhook secret holds ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} random bytes.`);
  }
  return key;
}

/** A new random `whsec_...` secret (32 bytes). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));
}

function signedContent(id: string, timestamp: string, body: Uint8Array): Uint8Array {
  const prefix = utf8ToBytes(`${id}.${timestamp}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix);
  content.set(body, prefix.length);
  return content;
}

/** Compares two byte strings in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

/**
 * The `webhook-signature` value for a message: `v1,<base64>`. For senders (the demo, tests, an HRMS that
 * wants to post terminations); `timestamp` is in seconds.
 */
export function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: Uint8Array | string,
): string {
  const bytes = typeof body === 'string' ? utf8ToBytes(body) : body;
  const mac = hmac(sha256, parseWebhookSecret(secret), signedContent(id, String(timestamp), bytes));
  return `v1,${bytesToBase64(mac)}`;
}

export type WebhookRefusal =
  'missing_headers' | 'bad_headers' | 'timestamp_too_old' | 'timestamp_too_new' | 'no_matching_signature';

export type WebhookVerification =
  { ok: true; id: string; timestamp: number } | { ok: false; reason: WebhookRefusal };

export interface VerifyWebhookOptions {
  /** Parsed keys (see {@link parseWebhookSecret}): the current one and, while rotating, the previous. */
  keys: Uint8Array[];
  /** Now, in epoch milliseconds. */
  now: number;
  /** How far the timestamp may be from now, either way, in seconds. */
  toleranceSeconds: number;
}

/**
 * Checks a message's Standard Webhooks headers against its raw body bytes: the id and timestamp are present
 * and well-formed, the timestamp is within the tolerance, and one `v1` signature is the HMAC of the message
 * under one of the keys (compared in constant time).
 */
export function verifyWebhook(
  headers: Headers,
  body: Uint8Array,
  options: VerifyWebhookOptions,
): WebhookVerification {
  const id = headers.get('webhook-id');
  const timestamp = headers.get('webhook-timestamp');
  const signatures = headers.get('webhook-signature');
  if (id === null || timestamp === null || signatures === null)
    return { ok: false, reason: 'missing_headers' };
  if (!WEBHOOK_ID.test(id) || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_headers' };
  const seconds = Number(timestamp);
  const nowSeconds = Math.floor(options.now / 1000);
  if (nowSeconds - seconds > options.toleranceSeconds) return { ok: false, reason: 'timestamp_too_old' };
  if (seconds - nowSeconds > options.toleranceSeconds) return { ok: false, reason: 'timestamp_too_new' };

  const candidates: Uint8Array[] = [];
  for (const part of signatures.split(' ').slice(0, MAX_SIGNATURES)) {
    const comma = part.indexOf(',');
    if (comma < 0 || part.slice(0, comma) !== 'v1') continue;
    const mac = base64ToBytes(part.slice(comma + 1));
    if (mac?.length === 32) candidates.push(mac);
  }
  if (candidates.length === 0) return { ok: false, reason: 'no_matching_signature' };
  const content = signedContent(id, timestamp, body);
  for (const key of options.keys) {
    const expected = hmac(sha256, key, content);
    if (candidates.some((candidate) => constantTimeEqual(candidate, expected))) {
      return { ok: true, id, timestamp: seconds };
    }
  }
  return { ok: false, reason: 'no_matching_signature' };
}
