/**
 * A tenant's termination policy: which action each termination type gets, and when. Involuntary
 * terminations (by default) are acted on as soon as the event arrives; the others at the effective date and
 * time in the employee's time zone (an effective time in the past means now).
 */
import { TZDate } from '@date-fns/tz';
import type { ActionKind, ActionOptions } from '@hexnode-offboard/core/protocol';
import { actionProblems } from '../jobs/offboard-job.js';

export interface PolicyAction {
  action: ActionKind;
  options?: ActionOptions;
}

export interface TerminationPolicy {
  /**
   * The action for each termination type, as your HRMS names the types (`involuntary`, `voluntary`,
   * `retirement`, ...). `'none'`: acknowledge the event and do nothing.
   */
  actions: Record<string, PolicyAction | 'none'>;
  /** The action for a type `actions` does not name. Default `{ action: 'lock' }` (reversible). */
  otherwise?: PolicyAction | 'none';
  /** Types acted on as soon as the event arrives, whatever the effective date. Default `['involuntary']`. */
  immediate?: string[];
  /** The local time an effective date without a time means, `HH:MM`. Default `17:00`. */
  defaultTime?: string;
  /** The time zone of an employee the event gives none for (IANA name). Default `UTC`. */
  timeZone?: string;
}

export interface ResolvedPolicy {
  actionFor(terminationType: string): PolicyAction | 'none';
  isImmediate(terminationType: string): boolean;
  defaultTime: string;
  timeZone: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkAction(value: unknown, where: string): PolicyAction | 'none' {
  if (value === 'none') return 'none';
  const candidate = value as PolicyAction | undefined;
  const problems = actionProblems(candidate?.action, candidate?.options ?? {});
  if (problems.length > 0) throw new TypeError(`Termination policy ${where}: ${problems.join('; ')}.`);
  return { action: candidate!.action, options: { ...candidate!.options } };
}

/** Checks a policy once, at creation; a policy that cannot work throws a TypeError. */
export function resolvePolicy(policy: TerminationPolicy): ResolvedPolicy {
  if (!policy || typeof policy.actions !== 'object' || policy.actions === null) {
    throw new TypeError('A termination policy needs `actions` (termination type -> action).');
  }
  const actions = new Map<string, PolicyAction | 'none'>();
  for (const [type, action] of Object.entries(policy.actions))
    actions.set(type, checkAction(action, `actions.${type}`));
  const otherwise = checkAction(policy.otherwise ?? { action: 'lock' }, 'otherwise');
  const immediate = new Set(policy.immediate ?? ['involuntary']);
  const defaultTime = policy.defaultTime ?? '17:00';
  if (!TIME.test(defaultTime)) throw new TypeError('Termination policy defaultTime must be HH:MM (24 h).');
  const timeZone = policy.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone))
    throw new TypeError(`Termination policy timeZone ${JSON.stringify(timeZone)} is unknown.`);
  return {
    actionFor: (type) => actions.get(type) ?? otherwise,
    isImmediate: (type) => immediate.has(type),
    defaultTime,
    timeZone,
  };
}

/**
 * The instant a local date and time happen in a time zone, in epoch milliseconds; null when the date or time
 * is not valid. A local time that does not exist (skipped by a daylight-saving change) moves forward by the
 * gap; one that happens twice (when the clocks go back) is the second.
 */
export function zonedTime(date: string, time: string, timeZone: string): number | null {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t || !isTimeZone(timeZone)) return null;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day
  ) {
    return null;
  }
  return new TZDate(year, month - 1, day, Number(t[1]), Number(t[2]), timeZone).getTime();
}

export interface TerminationTiming {
  terminationType: string;
  effectiveDate: string;
  effectiveTime?: string;
  timeZone?: string;
}

/** When the policy acts on a termination, in epoch milliseconds (never before `now`). */
export function scheduledAt(
  policy: ResolvedPolicy,
  termination: TerminationTiming,
  now: number,
): number | null {
  if (policy.isImmediate(termination.terminationType)) return now;
  const at = zonedTime(
    termination.effectiveDate,
    termination.effectiveTime ?? policy.defaultTime,
    termination.timeZone ?? policy.timeZone,
  );
  return at === null ? null : Math.max(now, at);
}
