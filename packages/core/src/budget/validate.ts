/** The checks that reject a bad budget configuration before any call is made. */
import type { BudgetOptions } from './types.js';

/** Throws a TypeError naming every bad option. */
export function checkBudgetOptions(options: BudgetOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('budget must be an object.');
  const problems: string[] = [];
  const check = (key: keyof BudgetOptions, ok: (value: number) => boolean, rule: string) => {
    const value = options[key];
    if (value !== undefined && !(typeof value === 'number' && ok(value)))
      problems.push(`\`${key}\` must be ${rule}`);
  };
  check('callsPerWindow', (v) => Number.isInteger(v) && v >= 1, 'a whole number >= 1');
  check('windowMs', (v) => Number.isFinite(v) && v > 0, 'a number of milliseconds > 0');
  check('share', (v) => v > 0 && v <= 1, 'a number above 0 and at most 1');
  check(
    'dailyCallsPerDevice',
    (v) => Number.isInteger(v) && v >= 0,
    'a whole number >= 0 (0: no daily limit)',
  );
  check('dayMs', (v) => Number.isFinite(v) && v > 0, 'a number of milliseconds > 0');
  check('managedDevices', (v) => Number.isInteger(v) && v >= 0, 'a whole number >= 0');
  check('dailyReserve', (v) => v >= 0 && v < 1, 'a number from 0 up to (not including) 1');
  check('maxWaitMs', (v) => Number.isFinite(v) && v >= 0, 'a number of milliseconds >= 0');
  if (options.key !== undefined && (typeof options.key !== 'string' || options.key.trim() === '')) {
    problems.push('`key` must be a non-empty string');
  }
  const store = options.store;
  if (
    store !== undefined &&
    (typeof store !== 'object' ||
      store === null ||
      !['take', 'block', 'usage'].every((m) => typeof (store as never)[m] === 'function'))
  ) {
    problems.push('`store` must have take(), block() and usage()');
  }
  for (const key of ['now', 'sleep'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function')
      problems.push(`\`${key}\` must be a function`);
  }
  const known = new Set([
    'callsPerWindow',
    'windowMs',
    'share',
    'dailyCallsPerDevice',
    'dayMs',
    'managedDevices',
    'dailyReserve',
    'maxWaitMs',
    'store',
    'key',
    'now',
    'sleep',
  ]);
  for (const key of Object.keys(options)) if (!known.has(key)) problems.push(`unknown option \`${key}\``);
  if (problems.length > 0) throw new TypeError(`Invalid Hexnode budget: ${problems.join('; ')}.`);
}
