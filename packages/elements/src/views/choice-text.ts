/** What a choice is called and what it does, for this device and employee (reassign names the pool account). */
import type { PreviewDevice, PreviewResponse } from '@hexnode-offboard/core/protocol';
import type { ActionChoice, OffboardStrings } from '../strings.js';

/** The pool account a reassign hands the devices to: the first of the preview's targets. */
const target = (p: PreviewResponse): string => p.reassignTargets?.[0]?.label ?? '';

/** A choice's name: "Reassign to Shift pool"; disenroll of a personal device "Remove work data and management". */
export function choiceName(
  s: OffboardStrings,
  p: PreviewResponse,
  c: ActionChoice,
  d?: PreviewDevice,
): string {
  if (c === 'reassign' && target(p)) return s.reassignTo(target(p));
  if (c === 'disenroll' && d?.ownership === 'personal') return s.personalDisenroll;
  return s.actionNames[c];
}

/** A choice's one-line consequence: reassign names the employee and the pool account. */
export function choiceConsequence(
  s: OffboardStrings,
  p: PreviewResponse,
  c: ActionChoice,
  employee: string,
  d?: PreviewDevice,
): string {
  if (c === 'reassign' && target(p)) return s.reassignConsequence(employee, target(p));
  if (c === 'disenroll' && d?.ownership === 'personal') return s.personalDisenrollConsequence;
  return s.consequences[c];
}
