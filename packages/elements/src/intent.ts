/** What the form may send, and what it sends: pure functions over the preview and the form. */
import type { Employee, PreviewResponse } from '@hexnode-offboard/core/protocol';
import { choiceAction } from './choices.js';
import type { Form, Intent } from './states.js';

/** Emails compare trimmed and in lower case. */
export const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether the form may be sent: devices within the limit, the text typed, a reason and the repeat tick if asked. */
export function canSubmit(preview: PreviewResponse, form: Form): boolean {
  const n = form.selected.length;
  return (
    !!form.choice &&
    n > 0 &&
    n <= preview.maxDevicesPerAction &&
    form.confirmation.trim() === preview.confirmText.trim() &&
    (!preview.requireReason || form.reason.trim() !== '') &&
    (preview.history.length === 0 || form.repeatAck)
  );
}

/** The request and event detail for what the form says, for `employee`. */
export function intentOf(preview: PreviewResponse, form: Form, employee: Employee): Omit<Intent, 'key'> {
  const [action, mode] = choiceAction(form.choice!);
  const deviceIds = preview.devices.map((d) => d.id).filter((id) => form.selected.includes(id));
  const reason = form.reason.trim();
  const repeat = preview.history.length > 0;
  const optional = { ...(mode ? { mode } : {}), ...(reason ? { reason } : {}) };
  return {
    detail: { employee, action, deviceIds, repeat, ...optional },
    body: {
      employee,
      action,
      deviceIds,
      confirmation: form.confirmation.trim(),
      ...(mode ? { options: { mode } } : {}),
      ...(reason ? { reason } : {}),
      ...(repeat ? { repeat: true } : {}),
    },
  };
}
