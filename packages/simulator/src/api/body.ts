/** Request body checks in the style of DRF serializers: each failure is a 400 with DRF's error shape. */
import { MESSAGES, type FieldRule } from '../guesses.js';
import { badRequest, HttpError } from '../http.js';
import type { State } from '../state.js';

/** The body as one object: a plain object or a one-element list (both forms are accepted [C]). */
export function oneObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (Array.isArray(body)) {
    const [only] = body;
    if (body.length !== 1 || typeof only !== 'object' || only === null || Array.isArray(only)) {
      throw new HttpError(badRequest([MESSAGES.singleObjectList]));
    }
    return only as Record<string, unknown>;
  }
  if (typeof body !== 'object')
    throw new HttpError(badRequest({ non_field_errors: ['Invalid data. Expected a dictionary.'] }));
  return body as Record<string, unknown>;
}

/** A list of integer ids (DRF's ListField(IntegerField) also takes digit strings). */
export function idList(
  body: Record<string, unknown>,
  key: string,
  errors: Record<string, string[]>,
): number[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    errors[key] = [
      MESSAGES.notAList(typeof value === 'number' ? 'int' : typeof value === 'string' ? 'str' : 'dict'),
    ];
    return undefined;
  }
  const ids: number[] = [];
  for (const item of value) {
    const id =
      typeof item === 'number' ? item : typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : NaN;
    if (!Number.isInteger(id)) {
      errors[key] = [MESSAGES.notAnInteger];
      return undefined;
    }
    ids.push(id);
  }
  return ids;
}

export function stringField(
  body: Record<string, unknown>,
  key: string,
  required: boolean,
  errors: Record<string, string[]>,
): string | null | undefined {
  const value = body[key];
  if (value === undefined || (value === '' && required)) {
    if (required) errors[key] = [MESSAGES.required];
    return undefined;
  }
  if (value === null) return null;
  // DRF's CharField also takes numbers (the lock docs' sample sends `phone_number` as one [C]).
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    errors[key] = [MESSAGES.notAString];
    return undefined;
  }
  return value;
}

export function checkField(
  body: Record<string, unknown>,
  key: string,
  rule: FieldRule,
  errors: Record<string, string[]>,
): void {
  const value = body[key];
  switch (rule.type) {
    case 'string':
      stringField(body, key, rule.required ?? false, errors);
      return;
    case 'boolean':
      if (value !== undefined && typeof value !== 'boolean') errors[key] = ['Must be a valid boolean.'];
      return;
    case 'integer': {
      if (value === undefined || value === null || value === '') {
        if (rule.required) errors[key] = [MESSAGES.required];
        return;
      }
      if (integerValue(value) === undefined) errors[key] = [MESSAGES.notAnInteger];
      return;
    }
    case 'pin6':
      // The lock docs' own sample sends the PIN as a number [C]; DRF's CharField takes either.
      if (
        value !== undefined &&
        value !== '' &&
        !/^\d{6}$/.test(typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '')
      ) {
        errors[key] = [MESSAGES.pinDigits];
      }
      return;
    case 'choice':
      if (value !== undefined && !(typeof value === 'string' && rule.choices.includes(value))) {
        errors[key] = [MESSAGES.choice(String(value))];
      }
      return;
  }
}

/** An integer, or a string of digits as DRF's IntegerField takes it; undefined for anything else. */
export function integerValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

export function fail(errors: Record<string, string[]>): void {
  if (Object.keys(errors).length > 0) throw new HttpError(badRequest(errors));
}

export function requireUsers(state: State, ids: readonly number[]): void {
  const missing = ids.find((id) => !state.user(id));
  if (missing !== undefined) throw new HttpError(badRequest([MESSAGES.doesNotExist('User', missing)]));
}

export function requireDevices(state: State, ids: readonly number[]): void {
  const missing = ids.find((id) => !state.device(id));
  if (missing !== undefined) throw new HttpError(badRequest([MESSAGES.doesNotExist('Device', missing)]));
}
