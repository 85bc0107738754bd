/**
 * What IT may do next for a device in the status view: a disenroll still pending `markDisenrolledAfterMs` after
 * it was sent (the device is offline and will never check in) gets `followUp: 'mark_disenrolled'`, when this
 * reader may take that action. Taking it is an ordinary audited action (`POST actions`), re-checked there.
 */
import type { ActionStatusResponse } from '@hexnode-offboard/core/protocol';
import type { AuditRecord } from '../../store/types.js';
import { effectiveActions, type Auth } from '../auth.js';
import type { RequestContext } from '../context.js';
import type { DeviceProgress } from '../../tracking/progress.js';

type StatusDevice = ActionStatusResponse['devices'][number];

export function withFollowUps(
  ctx: RequestContext,
  auth: Auth,
  intent: AuditRecord,
  devices: readonly DeviceProgress[],
): StatusDevice[] {
  const allowed = effectiveActions(ctx.config, auth).includes('mark_disenrolled');
  const overdue = ctx.now() - Date.parse(intent.time) >= ctx.config.markDisenrolledAfterMs;
  return devices.map((device) =>
    allowed &&
    overdue &&
    device.action === 'disenroll' &&
    (device.status === 'pending' || device.status === 'in_progress')
      ? { ...device, followUp: 'mark_disenrolled' as const }
      : device,
  );
}
