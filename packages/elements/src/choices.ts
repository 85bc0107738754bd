/** Which actions the dialog offers, and what each one sends: pure functions over the preview. */
import type { ActionKind, PreviewDevice, PreviewResponse, WipeMode } from '@hexnode-offboard/core/protocol';
import type { ActionChoice } from './strings.js';

/** The host's say on the choice: the `actions` and `default-action` attributes, as given. */
export interface Offer {
  actions?: string | undefined;
  defaultAction?: string | undefined;
}

/** What a choice sends: `wipe_corporate` is the action `wipe` with the mode `corporate`. */
export const choiceAction = (choice: ActionChoice): [ActionKind, WipeMode?] =>
  choice.startsWith('wipe_') ? ['wipe', choice.slice(5) as WipeMode] : [choice as ActionKind];

/** `kinds` as choices (wipe split by the preview's modes), narrowed by the host's `actions`; never the follow-up. */
function choicesOf(preview: PreviewResponse, kinds: readonly ActionKind[], actions?: string): ActionChoice[] {
  const offered = actions?.split(/[\s,]+/).filter(Boolean);
  const out: ActionChoice[] = [];
  for (const action of kinds) {
    if (action === 'mark_disenrolled') continue;
    const choices: ActionChoice[] =
      action === 'wipe' && preview.wipeModes?.length
        ? preview.wipeModes.map((m) => `wipe_${m}` as const)
        : [action];
    out.push(...choices.filter((c) => !offered || offered.includes(c) || offered.includes(action)));
  }
  return out;
}

/** The choices the dialog offers for every device at once: what the handler allows, narrowed by `actions`. */
export const offeredChoices = (preview: PreviewResponse, actions?: string): ActionChoice[] =>
  choicesOf(preview, preview.actions, actions);

/** One device's choices, best first: its `offers` (older handlers: every action of the preview). */
export const deviceChoices = (
  preview: PreviewResponse,
  device: PreviewDevice,
  actions?: string,
): ActionChoice[] => choicesOf(preview, device.offers ?? preview.actions, actions);

/**
 * Each device's choices when the devices' offers differ (a shared scanner to reassign, a laptop to wipe, a personal
 * phone never erased), else `undefined`: one choice for every device, as before.
 */
export function perDeviceChoices(
  preview: PreviewResponse,
  actions?: string,
): Map<number, ActionChoice[]> | undefined {
  const map = new Map(preview.devices.map((d) => [d.id, deviceChoices(preview, d, actions)]));
  const keys = new Set([...map.values()].map((c) => c.join()));
  return keys.size > 1 ? map : undefined;
}

/** The one choice list of the form: every device's, when they share it (else the preview's, for a default). */
export function formChoices(preview: PreviewResponse, actions?: string): ActionChoice[] {
  const first = preview.devices[0];
  if (!first || perDeviceChoices(preview, actions)) return offeredChoices(preview, actions);
  return deviceChoices(preview, first, actions);
}

/** The choice made when the dialog opens: `default-action` (`wipe` picks the first wipe mode), else lock, else the first. */
export const pickChoice = (choices: ActionChoice[], wanted?: string): ActionChoice | undefined =>
  choices.find((c) => c === wanted) ??
  choices.find((c) => wanted && c.startsWith(wanted)) ??
  choices.find((c) => c === 'lock') ??
  choices[0];
