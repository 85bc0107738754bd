/** The client's actions: the target check and one `POST /actions/{name}/` per call. */
import { HexnodeInvalidResponseError } from '../errors.js';
import {
  ACTIONS,
  actionBody,
  actionReplySchema,
  type ActionDefinition,
  type HexnodeActionName,
  type HexnodeActionOptions,
  type HexnodeActionReply,
  type LockOptions,
  type LostModeOptions,
  type MessageOptions,
  type WipeOptions,
} from '../hexnode/catalogue.js';
import type { HexnodeTarget } from '../hexnode/types.js';
import { checkId } from './paging.js';
import type { Transport } from './transport.js';

const TARGET_KEYS = ['users', 'usergroups', 'devices', 'devicegroups'] as const;

/** A target selector with known keys, positive integer ids and at least one id; anything else is refused. */
export function checkTarget(target: HexnodeTarget): HexnodeTarget {
  if (!target || typeof target !== 'object') throw new TypeError('action target must be an object.');
  const unknown = Object.keys(target).filter((key) => !(TARGET_KEYS as readonly string[]).includes(key));
  if (unknown.length) {
    throw new TypeError(
      `action target has unknown keys: ${unknown.join(', ')} (allowed: ${TARGET_KEYS.join(', ')}).`,
    );
  }
  const out: HexnodeTarget = {};
  let total = 0;
  for (const key of TARGET_KEYS) {
    const ids = target[key];
    if (ids === undefined) continue;
    if (!Array.isArray(ids)) throw new TypeError(`action target \`${key}\` must be an array of ids.`);
    out[key] = [...new Set(ids.map((id) => checkId(id, `target ${key} id`)))];
    total += ids.length;
  }
  if (total === 0) throw new TypeError('action target names no users, groups or devices.');
  return out;
}

/**
 * Hexnode actions. Each sends exactly one `POST /actions/{name}/` and is never retried: Hexnode has no
 * idempotency key, so a lost answer does not mean the action was not taken. Hexnode answers 200 with no
 * action id; follow progress with `devices.actionStatus(id)`. The reply is read leniently for devices it
 * names as not acted on (see `readActionReply` in the catalogue).
 */
export class ActionsResource {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Sends one catalogue action: its options are checked, then become the body's fields. */
  async send<N extends HexnodeActionName>(
    name: N,
    target: HexnodeTarget,
    options: HexnodeActionOptions<N>,
  ): Promise<HexnodeActionReply> {
    const definition = ACTIONS[name] as unknown as ActionDefinition<HexnodeActionOptions<N>>;
    definition.check?.(options);
    const body = actionBody(checkTarget(target), definition.fields(options));
    try {
      return await this.#transport.request({
        method: 'POST',
        path: definition.path,
        body,
        schema: actionReplySchema,
      });
    } catch (error) {
      // A 2xx whose body is not JSON (often empty): Hexnode took the action and said nothing about devices.
      if (error instanceof HexnodeInvalidResponseError && (error.status ?? 0) < 300) return { rejected: [] };
      throw error;
    }
  }

  lock(target: HexnodeTarget, options: LockOptions = {}): Promise<HexnodeActionReply> {
    return this.send('lock', target, options);
  }

  wipe(target: HexnodeTarget, options: WipeOptions): Promise<HexnodeActionReply> {
    return this.send('wipe', target, options);
  }

  clearPasscode(target: HexnodeTarget): Promise<HexnodeActionReply> {
    return this.send('clearPasscode', target, undefined);
  }

  enableLostMode(target: HexnodeTarget, options: LostModeOptions = {}): Promise<HexnodeActionReply> {
    return this.send('enableLostMode', target, options);
  }

  disableLostMode(target: HexnodeTarget): Promise<HexnodeActionReply> {
    return this.send('disableLostMode', target, undefined);
  }

  disenroll(target: HexnodeTarget): Promise<HexnodeActionReply> {
    return this.send('disenroll', target, undefined);
  }

  message(target: HexnodeTarget, options: MessageOptions): Promise<HexnodeActionReply> {
    return this.send('message', target, options);
  }
}
