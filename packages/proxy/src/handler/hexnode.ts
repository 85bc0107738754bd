/**
 * The Hexnode side of the handler: one client, directory and planner per portal (cached), Hexnode
 * errors mapped to the protocol's codes (Hexnode's own answers are never passed through), and
 * Hexnode's per-device command status mapped to the protocol's DeviceStatus.
 */
import {
  HexnodeAuthenticationError,
  HexnodeClient,
  HexnodeDirectory,
  HexnodeError,
  HexnodeRateLimitError,
  HexnodeUnavailableError,
  OffboardingPlanner,
} from '@hexnode-offboard/core';
import type { HexnodeCommand } from '@hexnode-offboard/core';
import type { ActionKind, DeviceStatus } from '@hexnode-offboard/core/protocol';
import { ProblemError } from '../http/problem.js';
import type { Actor, HexnodeOption, OffboardHandlerOptions } from '../options.js';

export interface HexnodeSide {
  client: HexnodeClient;
  directory: HexnodeDirectory;
  planner: OffboardingPlanner;
}

const MAX_CACHED_PORTALS = 100;

/** Resolves the Hexnode connection for a request and keeps one client/directory/planner per portal and key. */
export function createHexnodeResolver(
  options: OffboardHandlerOptions,
): (request: Request, actor: Actor) => Promise<HexnodeSide> {
  const cache = new Map<string, HexnodeSide>();
  const build = (connection: { portal?: string; baseUrl?: string; apiKey: string }): HexnodeSide => {
    const cacheKey = JSON.stringify([
      connection.portal ?? null,
      connection.baseUrl ?? null,
      connection.apiKey,
    ]);
    const cached = cache.get(cacheKey);
    if (cached) return cached;
    let side: HexnodeSide;
    try {
      const client = new HexnodeClient({
        ...(connection.baseUrl !== undefined
          ? { baseUrl: connection.baseUrl }
          : { portal: connection.portal }),
        apiKey: connection.apiKey,
        ...(options.hexnodeTimeoutMs !== undefined ? { timeoutMs: options.hexnodeTimeoutMs } : {}),
        ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
      });
      const directory = new HexnodeDirectory(
        client,
        options.directoryTtlMs !== undefined ? { ttlMs: options.directoryTtlMs } : {},
      );
      const planner = new OffboardingPlanner({
        client,
        directory,
        ...(options.sharedDeviceGroups !== undefined
          ? { sharedDeviceGroups: options.sharedDeviceGroups }
          : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
      });
      side = { client, directory, planner };
    } catch {
      throw new ProblemError('hexnode_misconfigured', {
        detail: 'The Hexnode portal or API key is not usable.',
      });
    }
    if (cache.size >= MAX_CACHED_PORTALS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(cacheKey, side);
    if (options.warmDirectory !== false) {
      // Lookups wait for this index once it has started; if it fails they fall back to reading Hexnode.
      side.directory.warm().catch(() => undefined);
    }
    return side;
  };

  const option: HexnodeOption = options.hexnode;
  if (typeof option !== 'function') {
    checkConnection(option);
    let side: HexnodeSide | undefined;
    return async () => (side ??= build(option));
  }
  return async (request, actor) => {
    let connection: { portal?: string; baseUrl?: string; apiKey: string };
    try {
      connection = await option(request, actor);
      checkConnection(connection);
    } catch {
      throw new ProblemError('hexnode_misconfigured', {
        detail: 'No Hexnode portal is configured for this tenant.',
      });
    }
    return build(connection);
  };
}

function checkConnection(connection: { portal?: string; baseUrl?: string; apiKey?: unknown }): void {
  const hasTarget =
    (typeof connection?.portal === 'string' && connection.portal !== '') ||
    (typeof connection?.baseUrl === 'string' && connection.baseUrl !== '');
  if (!hasTarget || typeof connection.apiKey !== 'string' || connection.apiKey === '') {
    throw new TypeError('hexnode needs a portal or baseUrl and a non-empty apiKey.');
  }
}

/** The protocol problem for a failure while talking to Hexnode. Never includes Hexnode's answer. */
export function hexnodeProblem(error: unknown): ProblemError | null {
  if (error instanceof ProblemError) return error;
  if (error instanceof HexnodeAuthenticationError) {
    return new ProblemError('hexnode_misconfigured', { detail: 'Hexnode refused the configured API key.' });
  }
  if (error instanceof HexnodeRateLimitError) {
    return new ProblemError('rate_limited', {
      detail: 'Hexnode is rate-limiting requests.',
      retryAfter: error.retryAfter ?? 30,
    });
  }
  if (error instanceof HexnodeUnavailableError) {
    return new ProblemError('hexnode_unavailable', { detail: 'Hexnode did not answer.', retryAfter: 10 });
  }
  if (error instanceof HexnodeError) {
    return new ProblemError('hexnode_unavailable', { detail: 'Hexnode gave an unexpected answer.' });
  }
  return null;
}

/**
 * Whether Hexnode certainly did not act on an action POST that failed this way: it refused the
 * request (key, rate limit, body). After a 5xx, a timeout or a lost connection it may have acted.
 */
export function certainlyNotSent(error: unknown): boolean {
  return (
    error instanceof HexnodeAuthenticationError ||
    error instanceof HexnodeRateLimitError ||
    (error instanceof HexnodeError && error.status !== undefined && error.status >= 400 && error.status < 500)
  );
}

/** Sends one Hexnode action naming exactly these devices. */
export async function sendAction(
  client: HexnodeClient,
  action: ActionKind,
  deviceIds: number[],
  options: { mode?: 'corporate' | 'complete'; message?: string; phoneNumber?: string },
): Promise<void> {
  const target = { devices: [...deviceIds] };
  const screen = {
    ...(options.message !== undefined ? { message: options.message } : {}),
    ...(options.phoneNumber !== undefined ? { phoneNumber: options.phoneNumber } : {}),
  };
  switch (action) {
    case 'lock':
      await client.actions.lock(target, screen);
      return;
    case 'wipe':
      await client.actions.wipe(target, { mode: options.mode ?? 'corporate' });
      return;
    case 'clear_passcode':
      await client.actions.clearPasscode(target);
      return;
    case 'lost_mode':
      await client.actions.enableLostMode(target, screen);
      return;
    case 'disenroll':
      await client.actions.disenroll(target);
      return;
  }
}

// How Hexnode may name each action in a device's command history (normalized: lower case, words joined by `_`).
const COMMAND_NAMES: Record<ActionKind, RegExp> = {
  lock: /^(lock|lock_device|lock_devices|device_lock)$/,
  wipe: /^(wipe|wipe_device|wipe_devices|corporate_wipe|complete_wipe|device_wipe)$/,
  clear_passcode: /^(clear_passcode|clear_device_passcode)$/,
  lost_mode: /^(lost_mode|enable_lost_mode)$/,
  disenroll: /^(disenroll|disenroll_device|disenroll_devices)$/,
};

const normalizeName = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

// Clocks differ; a command created shortly before the handler's own timestamp is still ours.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The device's status for the action sent at `sentAt`, from its Hexnode command history. */
export function deviceStatusFor(
  commands: HexnodeCommand[],
  action: ActionKind,
  sentAt: string,
): { status: DeviceStatus; updatedAt: string | null } {
  const since = Date.parse(sentAt) - CLOCK_SKEW_MS;
  const ours = commands
    .filter((command) => COMMAND_NAMES[action].test(normalizeName(command.actionName)))
    .filter((command) => command.createdAt === null || Date.parse(command.createdAt) >= since)
    .sort((a, b) => Date.parse(b.createdAt ?? '') - Date.parse(a.createdAt ?? '') || b.id - a.id);
  const latest = ours[0];
  if (!latest) return { status: 'pending', updatedAt: null };
  const status: DeviceStatus =
    latest.status === 'success'
      ? 'done'
      : latest.status === 'failed'
        ? 'failed'
        : latest.status === 'in_progress'
          ? 'in_progress'
          : 'pending';
  return { status, updatedAt: latest.updatedAt ?? latest.createdAt };
}
