/** Errors: application/problem+json (RFC 9457) with a stable `code`. */
import * as z from 'zod/mini';
import { ActionKind, DeviceId, NotOfferedReason } from './common.js';
import { ERROR_CODES } from './kinds.js';

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: ErrorCode,
  detail: z.optional(z.string()),
  /** The handler's id for this request: quote it to support. */
  requestId: z.optional(z.string()),
  /** Seconds to wait before trying again (rate_limited, hexnode_unavailable). */
  retryAfter: z.optional(z.number()),
  /**
   * For hexnode_busy: what Hexnode's limits have spent until `retryAfter`: `window` (the calls a minute), `day`
   * (the calls a day) or `throttled` (Hexnode itself asked to wait). Widgets say why HR waits.
   */
  reason: z.optional(z.enum(['window', 'day', 'throttled'])),
  /** For invalid_request: which fields were wrong. */
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  /** For action_not_offered: each device refused, the action asked and why. */
  refusals: z.optional(
    z.array(z.object({ deviceId: DeviceId, action: ActionKind, reason: NotOfferedReason })),
  ),
});
export type Problem = z.infer<typeof Problem>;
