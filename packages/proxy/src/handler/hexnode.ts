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
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  HexnodeRateLimitError,
  HexnodeUnavailableError,
  OffboardingPlanner,
  findCommand,
  toDeviceStatus,
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
      // Lookups wait for this index once it has started; if reading it fails, those lookups fail with the
      // Hexnode error (a clear problem for the widget) and the next lookup reads the index again.
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
 * One device's progress on the action sent at `sentAt`, read from its Hexnode command history with core's
 * `findCommand` (the earliest matching command since `sentAt`, allowing for clock skew). A device Hexnode no
 * longer knows, or whose history cannot be read, stays `pending` rather than failing the whole answer.
 */
export async function deviceProgress(
  client: HexnodeClient,
  deviceId: number,
  action: ActionKind,
  sentAt: string,
): Promise<{ id: number; status: DeviceStatus; updatedAt: string | null }> {
  let commands: HexnodeCommand[];
  try {
    commands = await client.devices.actionStatus(deviceId);
  } catch (error) {
    if (error instanceof HexnodeNotFoundError || error instanceof HexnodeInvalidResponseError) {
      return { id: deviceId, status: 'pending', updatedAt: null };
    }
    throw error;
  }
  const command = findCommand(commands, action, sentAt);
  if (!command) return { id: deviceId, status: 'pending', updatedAt: null };
  return {
    id: deviceId,
    status: toDeviceStatus(command.status),
    updatedAt: command.updatedAt ?? command.createdAt,
  };
}
