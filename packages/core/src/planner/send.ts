/**
 * The one place a protocol action becomes a Hexnode call: which catalogue action each `ActionKind` sends and
 * how the protocol's options become that action's options. The planner and the handler both send through here.
 */
import type { HexnodeClient } from '../client/client.js';
import {
  ACTIONS,
  type ActionDefinition,
  type HexnodeActionName,
  type HexnodeActionOptions,
  type HexnodeActionReply,
  type WipeOptions,
} from '../hexnode/catalogue.js';
import type { HexnodeTarget } from '../hexnode/types.js';
import { ACTION_KINDS, type ActionKind, type ActionOptions } from '../protocol/index.js';

const screen = (options: ActionOptions) => ({
  ...(options.message === undefined ? {} : { message: options.message }),
  ...(options.phoneNumber === undefined ? {} : { phoneNumber: options.phoneNumber }),
});

/** What the operator has configured about their portal that shapes an action's body. */
export interface ProtocolActionSettings {
  /**
   * The fields the operator's portal takes for a corporate-only wipe (e.g. `{ wipe_type: 'corporate' }`).
   * Hexnode documents none; without them a `corporate` wipe is refused and `complete` sends the bare body.
   */
  corporateWipeFields?: Readonly<Record<string, string | number | boolean>>;
}

const wipe = (options: ActionOptions, settings: ProtocolActionSettings): WipeOptions => {
  if (options.mode === 'corporate') return { mode: 'corporate', fields: settings.corporateWipeFields ?? {} };
  // No mode is the documented full wipe; a mode the kit does not know is left for the catalogue to refuse, never
  // read as a full wipe.
  return { mode: options.mode ?? 'complete' } as WipeOptions;
};

/** Each protocol action: the catalogue action it sends and its options from the protocol's. */
export const PROTOCOL_ACTIONS = {
  lock: { name: 'lock', options: screen },
  wipe: { name: 'wipe', options: wipe },
  clear_passcode: { name: 'clearPasscode', options: () => undefined },
  lost_mode: { name: 'enableLostMode', options: screen },
  disenroll: { name: 'disenroll', options: () => undefined },
  reassign: {
    name: 'changeOwner',
    options: (options: ActionOptions) => ({ user: options.reassignTo as number }),
  },
  mark_disenrolled: { name: 'markAsDisenrolled', options: () => undefined },
} as const satisfies {
  [K in ActionKind]: {
    name: HexnodeActionName;
    options(options: ActionOptions, settings: ProtocolActionSettings): unknown;
  };
};

/** The catalogue action a protocol action sends. */
export function hexnodeActionOf(kind: ActionKind): HexnodeActionName {
  return PROTOCOL_ACTIONS[kind].name;
}

/**
 * The catalogue action and its options for a protocol action, checked (a TypeError for an unknown action or
 * options the action cannot take) without sending anything.
 */
export function prepareProtocolAction(
  kind: ActionKind,
  options: ActionOptions = {},
  settings: ProtocolActionSettings = {},
): { name: HexnodeActionName; options: unknown } {
  if (!(ACTION_KINDS as readonly string[]).includes(kind)) {
    throw new TypeError(`Unknown action ${JSON.stringify(kind)}.`);
  }
  const entry = PROTOCOL_ACTIONS[kind];
  const prepared = entry.options(options ?? {}, settings);
  (ACTIONS[entry.name] as ActionDefinition<unknown>).check?.(prepared);
  return { name: entry.name, options: prepared };
}

/** Sends one protocol action to the target in one Hexnode call, never retried. */
export function sendProtocolAction(
  client: HexnodeClient,
  kind: ActionKind,
  target: HexnodeTarget,
  options: ActionOptions = {},
  settings: ProtocolActionSettings = {},
): Promise<HexnodeActionReply> {
  const prepared = prepareProtocolAction(kind, options, settings);
  return client.actions.send(
    prepared.name,
    target,
    prepared.options as HexnodeActionOptions<typeof prepared.name>,
  );
}
