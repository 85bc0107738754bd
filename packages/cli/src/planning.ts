/**
 * Building a plan: the leavers mapped from fresh lists, each device with its decision under the handler's
 * safety rules (a wipe never names a personal device or one whose ownership is unknown; a reassign names only a
 * shared device, never one the pool account already holds; a device Hexnode no longer manages is left out),
 * signed with the plan key. Read-only: no action is sent.
 */
import { createHash } from 'node:crypto';
import {
  HexnodeDirectory,
  refusalFor,
  type HexnodeDevice,
  type HexnodeOwnership,
} from '@hexnode-offboard/core';
import type { Connection } from './connection.js';
import { OffboardError } from './errors.js';
import type { Leaver } from './input.js';
import { mapLeavers, type MappedLeaver } from './mapping.js';
import {
  PLAN_ACTIONS,
  PLAN_FORMAT,
  type OffboardPlan,
  type PlanAction,
  type PlanDevice,
  type PlanLeaver,
} from './plan-types.js';
import { checkReassignOptions, resolveReassignTarget } from './reassign-target.js';
import { devicesInGroups, sharedDevices } from './groups.js';
import { withGroupMembers } from './group-leavers.js';
import { signPlan } from './signing.js';

export interface PlanOptions {
  connection: Connection;
  leavers: readonly Leaver[];
  action: PlanAction;
  author: string;
  key: string;
  message?: string;
  phoneNumber?: string;
  /** Days without a report before a device is flagged `offline`. Default 7. */
  offlineDays?: number;
  now?: () => Date;
  /**
   * The directory to read the lists through (its `index` priority client). Pass the same one to `applyPlan` in
   * the same process and its fresh lists serve the re-check too (read once per run).
   */
  directory?: HexnodeDirectory;
  /**
   * Device groups whose members are shared devices (a shift's handhelds): a wipe never names them (one leaver
   * does not own them; reassign them instead), other actions warn.
   */
  sharedDeviceGroups?: readonly string[];
  /** Reassign only (and required for it): the pool account, an email or a Hexnode user id. */
  reassignTo?: string;
  /** Hexnode user groups whose members are leavers too (a plan naming a group always needs a second person). */
  userGroups?: readonly string[];
  /** Hexnode device groups: only their devices are acted on, the leavers' others are refused. */
  deviceGroups?: readonly string[];
}

const REASSIGN_REFUSALS: Partial<Record<string, string>> = {
  not_shared: 'not in a shared device group: only shared devices are reassigned (lock, wipe or disenroll it)',
  no_reassign_target: 'no pool account to reassign to',
};

function decide(
  action: PlanAction,
  device: HexnodeDevice,
  ownership: HexnodeOwnership | 'not_read',
  sharedGroup: string | undefined,
  reassignTo: number | undefined,
): Pick<PlanDevice, 'decision' | 'reason'> {
  if (device.enrollmentStatus.toLowerCase() !== 'enrolled') {
    return {
      decision: 'refused',
      reason: `not enrolled (${device.enrollmentStatus}): Hexnode queues no command`,
    };
  }
  // Core's one rule of what a device is offered (the handler's too): never erase a personal device, nor one
  // whose ownership Hexnode did not state; reassign only a shared device, only to the configured pool account.
  const refusal = refusalFor(
    {
      id: device.id,
      ownership: ownership === 'not_read' ? 'unknown' : ownership,
      shared: sharedGroup !== undefined,
    },
    action,
    { actions: [action], reassignTargets: reassignTo === undefined ? [] : [reassignTo] },
    reassignTo === undefined ? {} : { reassignTo },
  );
  if (action === 'reassign') {
    return refusal === null
      ? { decision: 'act' }
      : { decision: 'refused', reason: REASSIGN_REFUSALS[refusal] ?? refusal };
  }
  if (refusal === 'personal_device') {
    return { decision: 'refused', reason: 'personal device: never wiped (lock or disenroll it instead)' };
  }
  if (action === 'wipe' && sharedGroup !== undefined) {
    return {
      decision: 'refused',
      reason: `shared device (group ${sharedGroup}): never wiped for one leaver`,
    };
  }
  if (refusal !== null) {
    return { decision: 'refused', reason: 'ownership unknown: never wiped until Hexnode says corporate' };
  }
  return { decision: 'act' };
}

/**
 * A plan's id: the same target, action and leavers with the same devices to act on give the same id, so the
 * same command run again after a crash resumes the same journal; a device added in Hexnode gives a new plan.
 */
function planId(
  target: string,
  action: PlanAction,
  leavers: { email: string; devices: PlanDevice[] }[],
  reassignTo: number | undefined,
): string {
  const acting = leavers.map((leaver) => [
    leaver.email,
    leaver.devices.filter((device) => device.decision === 'act').map((device) => device.id),
  ]);
  return createHash('sha256')
    .update(JSON.stringify([target, action, acting, ...(reassignTo === undefined ? [] : [reassignTo])]))
    .digest('hex')
    .slice(0, 32);
}

interface DeviceContext {
  action: PlanAction;
  /** Ownership as Hexnode reported it (read for a wipe only). */
  ownership: ReadonlyMap<number, HexnodeOwnership>;
  /** Shared devices: device id -> the shared group naming it. */
  shared: ReadonlyMap<number, string>;
  now: Date;
  offlineMs: number;
  /** Reassign only: the pool account's Hexnode user id. */
  reassignTo: number | undefined;
}

/** One device as the plan names it: its decision and its warnings (shared, never reported, offline). */
function planDevice(device: HexnodeDevice, context: DeviceContext): PlanDevice {
  const { action, ownership, shared, now, offlineMs, reassignTo } = context;
  const owned = action === 'wipe' ? (ownership.get(device.id) ?? 'unknown') : 'not_read';
  const last = device.lastReported ? Date.parse(device.lastReported) : NaN;
  const warnings: string[] = [];
  const sharedGroup = shared.get(device.id);
  if (sharedGroup !== undefined) warnings.push(`shared device (group ${sharedGroup})`);
  if (!device.lastReported) warnings.push('never reported');
  else if (now.getTime() - last > offlineMs)
    warnings.push(`offline ${Math.floor((now.getTime() - last) / 86_400_000)} days`);
  return {
    id: device.id,
    name: device.name,
    platform: device.platform ?? null,
    ownership: owned,
    enrollmentStatus: device.enrollmentStatus,
    ...decide(action, device, owned, sharedGroup, reassignTo),
    warnings,
  };
}

/** Group names as given, trimmed, each once. */
const cleanNames = (names: readonly string[] | undefined): string[] => [
  ...new Set((names ?? []).map((name) => name.trim()).filter((name) => name !== '')),
];

const groupsText = (names: readonly string[]): string =>
  `device group${names.length > 1 ? 's' : ''} ${names.map((name) => JSON.stringify(name)).join(', ')}`;

/** The options a plan cannot be built without: a known action, an author, a reassign's target and groups. */
function checkPlanOptions(options: PlanOptions): void {
  const { action, author } = options;
  if (!(PLAN_ACTIONS as readonly string[]).includes(action)) {
    throw new OffboardError('bad_input', `Unknown action "${action}" (choose ${PLAN_ACTIONS.join(', ')}).`);
  }
  if (!author.trim())
    throw new OffboardError('bad_input', 'The plan needs an author (--as or HEXNODE_OFFBOARD_USER).');
  checkReassignOptions(action, options.reassignTo, [...(options.sharedDeviceGroups ?? [])]);
}

interface LeaverContext extends DeviceContext {
  /** The plan's device groups (empty: every device of the leaver may be acted on) and the devices in them. */
  deviceGroups: readonly string[];
  inGroups: ReadonlyMap<number, string>;
}

/** One mapped leaver as the plan names it, each device with its decision. */
function planLeaver(entry: MappedLeaver, context: LeaverContext): PlanLeaver {
  const { deviceGroups, inGroups, reassignTo } = context;
  return {
    email: entry.leaver.email,
    ...(entry.leaver.name ? { name: entry.leaver.name } : {}),
    ...(entry.leaver.employeeId ? { employeeId: entry.leaver.employeeId } : {}),
    row: entry.leaver.row,
    status: entry.status,
    ...(entry.userId !== undefined ? { userId: entry.userId } : {}),
    ...(entry.candidates ? { candidates: entry.candidates } : {}),
    ...(entry.leaver.group ? { group: entry.leaver.group } : {}),
    devices: entry.devices.map((device) => {
      const planned = planDevice(device, context);
      if (planned.decision !== 'act') return planned;
      if (deviceGroups.length > 0 && !inGroups.has(device.id)) {
        return { ...planned, decision: 'refused' as const, reason: `not in ${groupsText(deviceGroups)}` };
      }
      return reassignTo !== undefined && entry.userId === reassignTo
        ? { ...planned, decision: 'refused' as const, reason: 'already held by the pool account' }
        : planned;
    }),
  };
}

function totalsOf(leavers: readonly PlanLeaver[]): OffboardPlan['totals'] {
  const devices = leavers.flatMap((leaver) => leaver.devices);
  const toAct = devices.filter((device) => device.decision === 'act').length;
  return {
    leavers: leavers.length,
    matched: leavers.filter((leaver) => leaver.status === 'matched').length,
    devices: devices.length,
    toAct,
    refused: devices.length - toAct,
  };
}

/**
 * Reads what the plan needs, once each: both lists (the directory's index), the pool account, the named groups,
 * a wipe's ownership details and the shared groups; then decides each device and signs the plan.
 */
export async function buildPlan(options: PlanOptions): Promise<OffboardPlan> {
  checkPlanOptions(options);
  const { connection, action, author } = options;
  const { client } = connection;
  const reader = client.withPriority('preview');
  const sharedDeviceGroups = [...(options.sharedDeviceGroups ?? [])];
  const directory = options.directory ?? new HexnodeDirectory(client.withPriority('index'));
  const before = connection.calls();
  await directory.warm();
  const listPages = connection.calls() - before;
  const reassignTo =
    action === 'reassign' ? await resolveReassignTarget(options.reassignTo!, directory, reader) : undefined;
  const userGroups = cleanNames(options.userGroups);
  const deviceGroups = cleanNames(options.deviceGroups);
  const leavers = await withGroupMembers(reader, options.leavers, userGroups);
  if (leavers.length === 0) throw new OffboardError('bad_input', 'The plan names no leaver.');
  const inGroups = await devicesInGroups(reader, deviceGroups, 'error');
  const entries = await mapLeavers(directory, leavers);
  const ownership =
    action === 'wipe'
      ? await new HexnodeDirectory(reader).ownershipOf(
          entries.flatMap((entry) => entry.devices.map((device) => device.id)),
        )
      : new Map<number, HexnodeOwnership>();
  const shared = await sharedDevices(reader, sharedDeviceGroups, 'error'); // a misspelt shared group spares nothing
  const now = options.now?.() ?? new Date();
  const offlineMs = (options.offlineDays ?? 7) * 86_400_000;
  const context = { action, ownership, shared, now, offlineMs, reassignTo, deviceGroups, inGroups };
  const planLeavers = entries.map((entry) => planLeaver(entry, context));
  return signPlan(
    {
      format: PLAN_FORMAT,
      id: planId(client.baseUrl, action, planLeavers, reassignTo),
      createdAt: now.toISOString(),
      author,
      target: client.baseUrl,
      action,
      options: {
        ...(options.message ? { message: options.message } : {}),
        ...(options.phoneNumber ? { phoneNumber: options.phoneNumber } : {}),
        ...(reassignTo !== undefined ? { reassignTo } : {}),
      },
      ...(reassignTo !== undefined
        ? { reassign: { to: options.reassignTo!.trim(), sharedDeviceGroups } }
        : {}),
      ...(userGroups.length + deviceGroups.length > 0
        ? { groups: { users: userGroups, devices: deviceGroups } }
        : {}),
      listPages,
      leavers: planLeavers,
      totals: totalsOf(planLeavers),
    },
    options.key,
  );
}
