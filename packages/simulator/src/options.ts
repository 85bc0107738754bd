/** The simulator's defaults and the check of its options, run before anything starts. */
import { validateFaults } from './faults.js';
import { resolveThrottle } from './throttle.js';
import type { SimulatorOptions } from './types.js';

export const DEFAULT_API_KEY = 'demo-api-key';
export const DEFAULT_BASE_URL = 'https://acme.hexnodemdm.com/api/v1/';
export const DEFAULT_CHECKIN_MS = 1500;
/** The control surface lives at the origin's root, outside `/api/v1/`. */
export const CONTROL_PREFIX = '/__simulator/';

/** Throws a TypeError naming every bad option (used before anything starts). */
export function checkOptions(options: SimulatorOptions): void {
  const problems: string[] = [];
  const nonNegativeInt = (key: 'seed' | 'users' | 'devices') => {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      problems.push(`${key} must be a whole number >= 0`);
  };
  nonNegativeInt('seed');
  nonNegativeInt('users');
  nonNegativeInt('devices');
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || options.apiKey.trim() === '')) {
    problems.push('apiKey must be a non-empty string');
  }
  if (options.baseUrl !== undefined && !URL.canParse(options.baseUrl))
    problems.push('baseUrl must be an absolute URL');
  if (options.checkinMs !== undefined && !(Number.isFinite(options.checkinMs) && options.checkinMs >= 0)) {
    problems.push('checkinMs must be a number >= 0');
  }
  if (options.failRate !== undefined && !(options.failRate >= 0 && options.failRate <= 1)) {
    problems.push('failRate must be a number from 0 to 1');
  }
  if (options.now !== undefined && typeof options.now !== 'function') problems.push('now must be a function');
  if (options.faults !== undefined) {
    try {
      validateFaults(options.faults);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  try {
    resolveThrottle(options.throttle);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new TypeError(`Invalid simulator options: ${problems.join('; ')}`);
}
