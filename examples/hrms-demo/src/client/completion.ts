// What the page's status line says when the widget stops following an action. No DOM here: Node tests import it.
import type { OffboardCompleteEvent } from '@hexnode-offboard/elements/events';

export type CompleteDetail = OffboardCompleteEvent['detail'];

/**
 * The status line for the end of `hexnode-offboard-complete`, chosen from its detail: every device done,
 * some failed, all failed, or following timed out with devices still to check in.
 */
export function completionMessage(
  name: string,
  detail: Pick<CompleteDetail, 'status' | 'timedOut' | 'devices'>,
): string {
  const total = detail.devices.length;
  const done = detail.devices.filter((device) => device.status === 'done').length;
  const failed = detail.devices.filter((device) => device.status === 'failed').length;
  const waiting = total - done - failed;
  const one = total === 1;
  if (detail.timedOut || detail.status === 'pending') {
    const who = one ? `${name}'s device` : `${waiting} of ${name}'s ${total} devices`;
    const sofar = one ? '' : ` (${done} done, ${failed} failed)`;
    return (
      `Still waiting for ${who} to check in${sofar}. ` +
      'An offline device acts when it next connects; see the audit log for the record.'
    );
  }
  if (detail.status === 'done') {
    const who = one ? `${name}'s device has` : `All ${total} of ${name}'s devices have`;
    return `${who} acknowledged. See the audit log for the record.`;
  }
  if (detail.status === 'partial') {
    return `${done} of ${name}'s ${total} devices acknowledged; ${failed} failed. Check the failed ones in Hexnode.`;
  }
  const who = one ? `${name}'s device` : `all ${total} of ${name}'s devices`;
  return `The action failed on ${who}. Check ${one ? 'it' : 'them'} in Hexnode; see the audit log for the record.`;
}
