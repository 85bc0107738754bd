/** Fault settings: defaults, validation and the token bucket behind the rate limit. */
import type { Faults } from './types.js';

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  rateLimit: 0,
  errorRate: 0,
  hang: false,
  malformedJson: false,
  schemaDrift: false,
});

const NUMBERS = { latencyMs: true, jitterMs: true, rateLimit: true, errorRate: true } as const;
const FLAGS = ['hang', 'malformedJson', 'schemaDrift'] as const;

/** Checks a partial fault setting; throws a TypeError naming every bad field. Unknown keys are errors too. */
export function validateFaults(input: unknown): Partial<Faults> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('faults must be an object');
  }
  const problems: string[] = [];
  const out: Partial<Faults> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key in NUMBERS) {
      const k = key as keyof typeof NUMBERS;
      const max = k === 'errorRate' ? 1 : Number.MAX_SAFE_INTEGER;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
        problems.push(
          k === 'errorRate' ? `${key} must be a number from 0 to 1` : `${key} must be a number >= 0`,
        );
      } else {
        out[k] = value;
      }
    } else if ((FLAGS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') problems.push(`${key} must be true or false`);
      else out[key as (typeof FLAGS)[number]] = value;
    } else {
      problems.push(`unknown fault "${key}"`);
    }
  }
  if (problems.length > 0) throw new TypeError(`Invalid faults: ${problems.join('; ')}`);
  return out;
}

/** A token bucket holding one second's worth of requests (at least one), refilled continuously. */
export class TokenBucket {
  private tokens = 0;
  private last = 0;
  private rate = 0;

  /** Takes one token; answers how many whole seconds to wait when none is left. */
  take(now: number, rate: number): { ok: true } | { ok: false; retryAfter: number } {
    const capacity = Math.max(1, rate);
    if (rate !== this.rate) {
      this.rate = rate;
      this.tokens = capacity;
      this.last = now;
    }
    this.tokens = Math.min(capacity, this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - this.tokens) / rate)) };
  }

  reset(): void {
    this.rate = 0;
  }
}
