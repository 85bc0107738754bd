/**
 * How often the directory re-reads Hexnode's lists: often enough to be fresh, rarely enough that the refreshes
 * spend at most `fraction` of the background share of each window and of the day (see docs/budget.md).
 *
 *   pages    = ⌈users ÷ 250⌉ + ⌈devices ÷ 250⌉ (the pages the last build read)
 *   window   = pages × windowMs ÷ (fraction × background calls per window)
 *   day      = pages × dayMs ÷ (fraction × background calls per day)     (when the day's allowance is known)
 *   interval = max(minimumMs, window, day)
 */

/** The part of the background share the index refresh may spend. */
export const INDEX_REFRESH_FRACTION = 0.5;

export interface RefreshIntervalInput {
  /** List pages one build reads. */
  pages: number;
  windowMs: number;
  /** Background (`index`) calls per window. */
  windowLimit: number;
  dayMs: number;
  /** Background calls per day; `undefined`: no daily limit known. */
  dayLimit: number | undefined;
  /** The shortest interval (the directory's `ttlMs`). */
  minimumMs: number;
  /** Default {@link INDEX_REFRESH_FRACTION}. */
  fraction?: number;
}

export function refreshIntervalMs(input: RefreshIntervalInput): number {
  const fraction = input.fraction ?? INDEX_REFRESH_FRACTION;
  const pages = Math.max(0, input.pages);
  const byWindow = (pages * input.windowMs) / (fraction * Math.max(1, input.windowLimit));
  const byDay =
    input.dayLimit === undefined
      ? 0
      : input.dayLimit <= 0
        ? Number.POSITIVE_INFINITY
        : (pages * input.dayMs) / (fraction * input.dayLimit);
  return Math.ceil(Math.max(input.minimumMs, byWindow, byDay));
}
