/**
 * After the Hexnode calls: the result record and the answer. Devices the intent already marked (`not_enrolled`),
 * devices a reply named as not acted on, and devices of a call Hexnode certainly refused while another call went
 * out are `failed` (`rejected`); a call whose outcome is uncertain leaves its devices `pending` (their status
 * finds the command, or reports `not_queued`). When no call went out at all, the answer is the first call's
 * problem.
 */
import { sanitizeText } from '../../audit/sanitize.js';
import type {
  ActionAccepted,
  ActionKind,
  ActionOptions,
  DeviceAction,
  DeviceFailure,
  ReportedAction,
} from '@hexnode-offboard/core/protocol';
import type { AuditDevice, AuditEntry, AuditRecord } from '../../store/types.js';
import { hexnodeProblem } from '../hexnode.js';
import { ProblemError } from '../../http/problem.js';
import type { Recheck } from './action-recheck.js';
import type { KindSent } from './action-send.js';

export type SendOutcome =
  | { sent: true; notes: AuditDevice[] }
  | { sent: false; problem: ProblemError; hexnodeStatus: number | null; certainlyNotActed: boolean };

/** What the calls mean together. */
export function outcomeOf(intent: AuditRecord, calls: readonly KindSent[]): SendOutcome {
  if (calls.some((call) => call.ok)) {
    const named = new Set(intent.devices?.filter((device) => !device.failure).map((device) => device.id));
    const notes: AuditDevice[] = [];
    for (const call of calls) {
      const failed = call.ok
        ? call.reply.rejected.map((device) => device.id).filter((id) => named.has(id))
        : call.certainlyNotActed
          ? call.deviceIds.filter((id) => named.has(id))
          : [];
      for (const id of failed) notes.push({ id, failure: 'rejected' });
    }
    return { sent: true, notes };
  }
  const first = calls.find((call) => !call.ok && !call.certainlyNotActed) ?? calls[0];
  const error = first && !first.ok ? first.error : undefined;
  const status = error instanceof Error && 'status' in error ? error.status : null;
  return {
    sent: false,
    problem: hexnodeProblem(error) ?? new ProblemError('hexnode_unavailable'),
    hexnodeStatus: typeof status === 'number' ? status : null,
    certainlyNotActed: calls.every((call) => !call.ok && call.certainlyNotActed),
  };
}

/** The 202 answer: each device with its own action, `pending` or `failed` with the reason. */
export function acceptedAnswer(
  intent: AuditRecord,
  result: AuditEntry,
  devices: readonly DeviceAction[],
  action: ReportedAction,
  mode: ActionAccepted['mode'],
): ActionAccepted {
  const failures = new Map<number, DeviceFailure | undefined>(
    [...(intent.devices ?? []), ...(result.devices ?? [])].map((device) => [device.id, device.failure]),
  );
  return {
    id: intent.actionId!,
    action,
    ...(mode !== undefined ? { mode } : {}),
    devices: devices.map(({ id, action: own }) => {
      const reason = failures.get(id);
      return reason
        ? { id, action: own, status: 'failed' as const, reason }
        : { id, action: own, status: 'pending' as const };
    }),
    auditId: intent.id,
    createdAt: intent.time,
  };
}

/** The options as the records hold them: a wipe's mode always named (none asked: `complete`), text sanitized. */
export function auditOptions(options: ActionOptions, kinds: ReadonlySet<ActionKind>): AuditEntry['options'] {
  return {
    ...(kinds.has('wipe') ? { mode: options.mode ?? 'complete' } : {}),
    ...(options.reassignTo !== undefined ? { reassignTo: options.reassignTo } : {}),
    ...(options.message !== undefined ? { message: sanitizeText(options.message, 500) } : {}),
    ...(options.phoneNumber !== undefined ? { phoneNumber: sanitizeText(options.phoneNumber, 32) } : {}),
  };
}

/**
 * The intent record's notes: each device's action, and its newest command id of that kind read right before
 * sending, or `not_enrolled` when Hexnode no longer manages it.
 */
export function intentNotes(
  devices: readonly DeviceAction[],
  verified: Pick<Extract<Recheck, { ok: true }>, 'notEnrolled' | 'commandBefore'>,
): AuditDevice[] {
  return devices.map(({ id, action }) => {
    if (verified.notEnrolled.includes(id)) return { id, action, failure: 'not_enrolled' };
    const before = verified.commandBefore.get(id);
    return before === undefined ? { id, action } : { id, action, commandBefore: before };
  });
}
