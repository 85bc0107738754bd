/** How long Hexnode's 429 asks the kit to wait, and which priority a call has when its caller did not say. */
import type { BudgetPriority } from './types.js';

/** DRF's throttle text [C]: `Request was throttled. Expected available in 57.0 seconds.` */
const EXPECTED = /Expected available in (\d+(?:\.\d+)?) seconds?/;

/**
 * The wait a 429 announces, in milliseconds: the seconds in DRF's text (confirmed, and finer than the header),
 * else `Retry-After` (delta seconds or an HTTP date; whether Hexnode sends it is a guess), else `undefined`.
 */
export function throttleWaitMs(
  body: string,
  retryAfter: string | null,
  now = Date.now(),
): number | undefined {
  const match = EXPECTED.exec(body);
  if (match) return Math.ceil(Number(match[1]) * 1000);
  return parseRetryAfter(retryAfter, now);
}

/** `Retry-After` in milliseconds: delta seconds or an HTTP date. `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const ACTION_STATUS = /^\/devices\/\d+\/action_status\/$/;

/**
 * The priority of a call whose caller did not give one: writes (actions, group changes) are `action`, a
 * device's action status is `status`, the user and device lists are `index`, any other read is `preview`.
 */
export function inferPriority(method: string, path: string): BudgetPriority {
  if (method !== 'GET') return 'action';
  if (ACTION_STATUS.test(path)) return 'status';
  if (path === '/users/' || path === '/devices/') return 'index';
  return 'preview';
}
