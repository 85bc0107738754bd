/** Which actions the dialog offers, and what each one sends: pure functions over the preview. */
import type { ActionKind, PreviewResponse, WipeMode } from '@hexnode-offboard/core/protocol';
import type { ActionChoice } from './strings.js';

/** The host's say on the choice: the `actions` and `default-action` attributes, as given. */
export interface Offer {
  actions?: string | undefined;
  defaultAction?: string | undefined;
}

/** What a choice sends: `wipe_corporate` is the action `wipe` with the mode `corporate`. */
export const choiceAction = (choice: ActionChoice): [ActionKind, WipeMode?] =>
  choice.startsWith('wipe_') ? ['wipe', choice.slice(5) as WipeMode] : [choice as ActionKind];

/** The choices the dialog offers: what the handler allows (wipe split by mode), narrowed by `actions`. */
export function offeredChoices(preview: PreviewResponse, actions?: string): ActionChoice[] {
  const offered = actions?.split(/[\s,]+/).filter(Boolean);
  const out: ActionChoice[] = [];
  for (const action of preview.actions) {
    const choices: ActionChoice[] =
      action === 'wipe' && preview.wipeModes?.length
        ? preview.wipeModes.map((m) => `wipe_${m}` as const)
        : [action];
    out.push(...choices.filter((c) => !offered || offered.includes(c) || offered.includes(action)));
  }
  return out;
}

/** The choice made when the dialog opens: `default-action` (`wipe` picks the first wipe mode), else lock, else the first. */
export const pickChoice = (choices: ActionChoice[], wanted?: string): ActionChoice | undefined =>
  choices.find((c) => c === wanted) ??
  choices.find((c) => wanted && c.startsWith(wanted)) ??
  choices.find((c) => c === 'lock') ??
  choices[0];
