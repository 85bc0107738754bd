/**
 * How an action's reply is read: the devices it names as not acted on. Its key names and leniency are a guess [G]
 * (see `readActionReply`), kept beside the catalogue because the reading is mechanics, not a path or an option.
 */
import { z } from 'zod';

/** What an action's reply says about single devices. */
export interface HexnodeActionReply {
  /** Devices the reply names as not acted on, with Hexnode's words when it gave any. */
  rejected: { id: number; message: string | null }[];
}

const FAILURE_LISTS = ['failed_devices', 'failed', 'failures', 'errors', 'invalid_devices'];
const DEVICE_LISTS = ['devices', 'results', 'data'];
const FAILED_WORDS = new Set(['failed', 'failure', 'error', 'rejected', 'invalid']);

/**
 * [G] UNCONFIRMED: an action answers 200 with no useful body [C for lock, rename, clear passcode]; whether Hexnode
 * ever names devices it did not act on, and how, is unknown. The reply is read leniently and never refused:
 * device ids (or objects with `id`/`device_id`) under `failed_devices`, `failed`, `failures`, `errors` or
 * `invalid_devices`, and entries under `devices`/`results`/`data` whose `status` says failed or whose `success`
 * is false, count as rejected. Anything else (the simulator's `{message}`, an empty body) rejects nothing.
 */
export function readActionReply(body: unknown): HexnodeActionReply {
  const reply = Array.isArray(body) && body.length === 1 ? body[0] : body;
  if (!isRecord(reply)) return { rejected: [] };
  const rejected = new Map<number, string | null>();
  for (const key of FAILURE_LISTS) {
    for (const item of asList(reply[key])) {
      const id = deviceIdOf(item);
      if (id !== null) rejected.set(id, messageOf(item));
    }
  }
  for (const key of DEVICE_LISTS) {
    for (const item of asList(reply[key])) {
      const id = deviceIdOf(item);
      if (id === null || !isRecord(item)) continue;
      const status = typeof item.status === 'string' ? item.status.trim().toLowerCase() : '';
      if (FAILED_WORDS.has(status) || item.success === false) rejected.set(id, messageOf(item));
    }
  }
  return { rejected: [...rejected].map(([id, message]) => ({ id, message })) };
}

/** The reply of every action POST, read with {@link readActionReply}. */
export const actionReplySchema = z.unknown().transform(readActionReply);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  // `{ "41": "offline" }`: device ids as keys.
  if (isRecord(value)) return Object.entries(value).map(([id, message]) => ({ id: Number(id), message }));
  return [];
}

function deviceIdOf(item: unknown): number | null {
  const raw = isRecord(item) ? (item.id ?? item.device_id ?? item.device) : item;
  const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

function messageOf(item: unknown): string | null {
  if (!isRecord(item)) return null;
  const text = item.message ?? item.reason ?? item.error ?? item.detail;
  return typeof text === 'string' ? text.slice(0, 200) : null;
}
