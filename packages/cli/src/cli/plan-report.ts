/** A plan as printed: one row per device (or per leaver without one) and a one-line summary. */
import type { OffboardPlan } from '../plan-types.js';
import type { Row } from './output.js';

export function planRows(plan: OffboardPlan): Row[] {
  return plan.leavers.flatMap((leaver): Row[] =>
    leaver.devices.length
      ? leaver.devices.map((device) => ({
          email: leaver.email,
          device: device.id,
          name: device.name,
          ownership: device.ownership,
          decision: device.decision === 'act' ? plan.action : 'refused',
          note: [device.reason, ...device.warnings].filter(Boolean).join('; '),
        }))
      : [
          {
            email: leaver.email,
            device: '',
            name: '',
            ownership: '',
            decision: 'nothing',
            note: leaver.status,
          },
        ],
  );
}

export function summary(plan: OffboardPlan): string {
  const { totals } = plan;
  const to = plan.reassign ? ` to ${plan.reassign.to} (Hexnode user ${plan.options.reassignTo})` : '';
  return (
    `plan ${plan.id} by ${plan.author}: ${plan.action} ${totals.toAct} devices${to} of ${totals.matched}/${totals.leavers} ` +
    `leavers found in Hexnode; ${totals.refused} devices refused\n`
  );
}
