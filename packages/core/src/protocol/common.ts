/** What every part of the protocol shares: the action and status enums, the employee and a device id. */
import * as z from 'zod/mini';
import {
  ACTION_KINDS,
  FOLLOW_UPS,
  MAX_EMAIL_LENGTH,
  MIXED_ACTION,
  NOT_OFFERED_REASONS,
  OWNERSHIPS,
  WIPE_MODES,
} from './kinds.js';
import { nonEmptyText } from './text.js';

export const ActionKind = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof ActionKind>;

/** An action's name in answers and history: one kind, or `mixed` (its devices got different kinds). */
export const ReportedAction = z.enum([...ACTION_KINDS, MIXED_ACTION]);
export type ReportedAction = z.infer<typeof ReportedAction>;

export const NotOfferedReason = z.enum(NOT_OFFERED_REASONS);
export type NotOfferedReason = z.infer<typeof NotOfferedReason>;

export const FollowUp = z.enum(FOLLOW_UPS);
export type FollowUp = z.infer<typeof FollowUp>;

export const WipeMode = z.enum(WIPE_MODES);
export type WipeMode = z.infer<typeof WipeMode>;

export const Ownership = z.enum(OWNERSHIPS);
export type Ownership = z.infer<typeof Ownership>;

/**
 * One `@`, no whitespace, and no control, invisible formatting (zero-width, bidi) or lone surrogate characters:
 * the address is an identity key, recorded and compared as sent, so nothing in it may hide or need replacing.
 */
const EMAIL_PATTERN = /^[^\s@\p{Cc}\p{Cf}\p{Cs}]+@[^\s@\p{Cc}\p{Cf}\p{Cs}]+$/u;

/** The employee as the HRMS knows them. The email is what maps them to a Hexnode user. */
export const Employee = z.strictObject({
  email: z.string().check(z.trim(), z.minLength(3), z.maxLength(MAX_EMAIL_LENGTH), z.regex(EMAIL_PATTERN)),
  name: z.optional(nonEmptyText(200)),
  id: z.optional(nonEmptyText(200)),
});
export type Employee = z.infer<typeof Employee>;

/** A Hexnode device id: a positive integer. */
export const DeviceId = z.int().check(z.positive(), z.lte(Number.MAX_SAFE_INTEGER));
