/** What a failed Hexnode action request says about whether Hexnode acted on it. */
import {
  HexnodeAuthenticationError,
  HexnodeBadRequestError,
  HexnodeError,
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  HexnodeRateLimitError,
  HexnodeUnavailableError,
} from '../errors.js';

/**
 * Whether an action request that failed with `error` certainly did nothing in Hexnode: Hexnode answered
 * and refused it (401/403, 400/422, 404, 429, or any other 4xx but 408). Only then is it safe to send the
 * same action again. `false` for a 5xx, a timeout (408 included), a lost connection or an unreadable
 * answer (Hexnode may have acted before it failed), and for anything that is not a `HexnodeError`.
 */
export function certainlyNotActed(error: unknown): boolean {
  if (error instanceof HexnodeUnavailableError || error instanceof HexnodeInvalidResponseError) return false;
  if (
    error instanceof HexnodeAuthenticationError ||
    error instanceof HexnodeBadRequestError ||
    error instanceof HexnodeNotFoundError ||
    error instanceof HexnodeRateLimitError
  ) {
    return true;
  }
  return (
    error instanceof HexnodeError &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408
  );
}
