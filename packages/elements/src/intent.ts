/** What the form may send, and what it sends: pure functions over the preview and the form. */
import {
  DESTRUCTIVE_ACTIONS,
  type ActionKind,
  type Employee,
  type PreviewResponse,
} from '@hexnode-offboard/core/protocol';
import { choiceAction } from './choices.js';
import type { Form, Intent } from './states.js';
import type { ActionChoice } from './strings.js';

/** Emails compare trimmed and in lower case. */
export const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Each checked device (in the preview's order) and its choice: its own, or the form's one choice. */
export const chosen = (preview: PreviewResponse, form: Form): { id: number; choice?: ActionChoice }[] =>
  preview.devices
    .filter((d) => form.selected.includes(d.id))
    .map((d) => ({ id: d.id, choice: form.perDevice ? form.perDevice[d.id] : form.choice }));

/** Whether what the form says erases data or removes management: only then must HR type the confirmation. */
export const isDestructive = (preview: PreviewResponse, form: Form): boolean =>
  chosen(preview, form).some((d) => d.choice && DESTRUCTIVE_ACTIONS.includes(choiceAction(d.choice)[0]));

/**
 * Whether the form may be sent: devices within the limit, each with an action (one wipe mode at most, a pool
 * user to reassign to), the text typed when destructive, a reason and the repeat tick if asked.
 */
export function canSubmit(preview: PreviewResponse, form: Form): boolean {
  const devices = chosen(preview, form);
  const n = devices.length;
  const choices = new Set(devices.map((d) => d.choice));
  const wipes = [...choices].filter((c) => c?.startsWith('wipe_'));
  return (
    n > 0 &&
    n <= preview.maxDevicesPerAction &&
    !choices.has(undefined) &&
    wipes.length <= 1 &&
    (!choices.has('reassign') || !!preview.reassignTargets?.length) &&
    (!isDestructive(preview, form) || form.confirmation.trim() === preview.confirmText.trim()) &&
    (!preview.requireReason || form.reason.trim() !== '') &&
    (preview.history.length === 0 || form.repeatAck)
  );
}

/**
 * The request and event detail for what the form says, for `employee`: one action for every device when they
 * all get the same, else each device its own (`devices: [{ id, action }]`).
 */
export function intentOf(preview: PreviewResponse, form: Form, employee: Employee): Omit<Intent, 'key'> {
  const devices = chosen(preview, form);
  const pairs = devices.map((d) => ({ id: d.id, action: choiceAction(d.choice!)[0] }));
  const mode = devices.map((d) => choiceAction(d.choice!)[1]).find(Boolean);
  const kinds = new Set<ActionKind>(pairs.map((d) => d.action));
  const single = kinds.size === 1 ? pairs[0]!.action : undefined;
  const deviceIds = pairs.map((d) => d.id);
  const reassignTo = kinds.has('reassign') ? preview.reassignTargets?.[0]?.id : undefined;
  const options = { ...(mode ? { mode } : {}), ...(reassignTo ? { reassignTo } : {}) };
  const reason = form.reason.trim();
  const repeat = preview.history.length > 0;
  return {
    detail: {
      employee,
      action: single ?? 'mixed',
      deviceIds,
      deviceActions: pairs,
      repeat,
      ...options,
      ...(reason ? { reason } : {}),
    },
    body: {
      employee,
      ...(single ? { action: single, deviceIds } : { devices: pairs }),
      confirmation: isDestructive(preview, form) ? form.confirmation.trim() : '',
      ...(mode || reassignTo ? { options } : {}),
      ...(reason ? { reason } : {}),
      ...(repeat ? { repeat: true } : {}),
    },
  };
}

/** IT's follow-up for one device (mark as disenrolled): a new intent, with the first one's reason. */
export function followUpOf(first: Intent, device: number): Omit<Intent, 'key'> {
  const { employee, reason } = first.body;
  const action = 'mark_disenrolled';
  return {
    detail: { employee, action, deviceIds: [device], deviceActions: [{ id: device, action }], repeat: false },
    body: { employee, action, deviceIds: [device], confirmation: '', ...(reason ? { reason } : {}) },
  };
}
