/** The simulated portal's state: the fleet, its indexes, and the commands devices work through. */
import { ACTIONS, DELETED_USER_DEVICE_USER } from './guesses.js';
import { hash01 } from './random.js';
import type { Fleet, SimCommand, SimDevice, SimDeviceGroup, SimUser, SimUserGroup } from './types.js';

/** How often an online device reports on its own (its `last_reported` never gets older than this). */
const REPORT_INTERVAL = 15 * 60_000;

export class State {
  users: SimUser[] = [];
  devices: SimDevice[] = [];
  userGroups: SimUserGroup[] = [];
  deviceGroups: SimDeviceGroup[] = [];
  private userIndex = new Map<number, SimUser>();
  private deviceIndex = new Map<number, SimDevice>();
  private devicesByUser = new Map<number, number[]>();
  private commandsByDevice = new Map<number, SimCommand[]>();
  /** Commands not finished yet, in the order they were queued. */
  private pending = new Set<SimCommand>();
  private nextCommandId = 1;

  constructor(
    private readonly seed: number,
    private readonly checkinMs: number,
    private readonly failRate: number,
  ) {}

  load(fleet: Fleet): void {
    this.users = fleet.users;
    this.devices = fleet.devices;
    this.userGroups = fleet.userGroups;
    this.deviceGroups = fleet.deviceGroups;
    this.userIndex = new Map(this.users.map((u) => [u.id, u]));
    this.deviceIndex = new Map(this.devices.map((d) => [d.id, d]));
    this.commandsByDevice = new Map();
    this.pending = new Set();
    this.nextCommandId = 1;
    this.reindexDevices();
  }

  reindexDevices(): void {
    this.devicesByUser = new Map();
    for (const device of this.devices) {
      if (device.userId === null) continue;
      const list = this.devicesByUser.get(device.userId);
      if (list) list.push(device.id);
      else this.devicesByUser.set(device.userId, [device.id]);
    }
  }

  user(id: number): SimUser | undefined {
    return this.userIndex.get(id);
  }

  device(id: number): SimDevice | undefined {
    return this.deviceIndex.get(id);
  }

  deviceIdsOf(userId: number): readonly number[] {
    return this.devicesByUser.get(userId) ?? [];
  }

  nextUserId(): number {
    return this.users.reduce((max, u) => Math.max(max, u.id), 0) + 1;
  }

  addUser(user: SimUser): void {
    this.users.push(user);
    this.userIndex.set(user.id, user);
  }

  /** Deletes a user; that user's devices are disenrolled [P] and left without a user. */
  deleteUser(id: number, now: number): void {
    this.users = this.users.filter((u) => u.id !== id);
    this.userIndex.delete(id);
    for (const deviceId of this.deviceIdsOf(id)) {
      const device = this.deviceIndex.get(deviceId);
      if (!device) continue;
      if (device.enrollmentStatus === 'enrolled') this.unenroll(device, now);
      device.userId = DELETED_USER_DEVICE_USER;
    }
    for (const group of this.userGroups) group.userIds = group.userIds.filter((u) => u !== id);
    this.reindexDevices();
  }

  /** `last_reported` as a client sees it now: online devices report on their own every few minutes. */
  lastReported(device: SimDevice, now: number): number | null {
    if (!device.online || device.enrollmentStatus !== 'enrolled') return device.lastReported;
    const phase = (device.id * 7919) % REPORT_INTERVAL;
    return Math.max(device.lastReported ?? 0, now - phase);
  }

  commands(deviceId: number): readonly SimCommand[] {
    return this.commandsByDevice.get(deviceId) ?? [];
  }

  /** Queues one command per device. Returns the commands. */
  queue(
    action: string,
    deviceIds: readonly number[],
    params: Record<string, unknown>,
    now: number,
  ): SimCommand[] {
    const definition = ACTIONS[action];
    if (!definition) throw new Error(`unknown action ${action}`);
    const queued: SimCommand[] = [];
    for (const deviceId of deviceIds) {
      const command: SimCommand = {
        id: this.nextCommandId++,
        deviceId,
        action,
        actionName: definition.actionName,
        status: 'Pending',
        createdTime: now,
        modifiedTime: now,
        params,
      };
      const list = this.commandsByDevice.get(deviceId);
      if (list) list.push(command);
      else this.commandsByDevice.set(deviceId, [command]);
      this.pending.add(command);
      queued.push(command);
    }
    if (definition.immediate) {
      // The portal applies it itself (a record on the server, no device involved): it finishes at once.
      for (const command of queued) this.finish(command, now, 'Success');
    }
    if (action === 'mark_as_disenrolled') {
      // Marking as disenrolled also finishes any pending disenroll.
      for (const deviceId of deviceIds) {
        for (const other of this.commands(deviceId)) {
          if (other.action === 'disenroll_device' && other.status === 'Pending')
            this.finish(other, now, 'Success');
        }
      }
    }
    return queued;
  }

  /** Devices with a pending `disenroll_device` command (the only ones `mark_as_disenrolled` applies to). */
  hasPendingDisenroll(deviceId: number): boolean {
    return this.commands(deviceId).some((c) => c.action === 'disenroll_device' && c.status === 'Pending');
  }

  /** Finishes every command whose device has checked in by `now` (online devices, `checkinMs` after queueing). */
  advance(now: number): void {
    if (this.pending.size === 0) return;
    const due: SimCommand[] = [];
    for (const command of this.pending) if (command.createdTime + this.checkinMs <= now) due.push(command);
    for (const command of due) {
      const device = this.deviceIndex.get(command.deviceId);
      if (!device || !device.online || device.enrollmentStatus !== 'enrolled' || command.status !== 'Pending')
        continue;
      const checkin = command.createdTime + this.checkinMs;
      device.lastReported = Math.max(device.lastReported ?? 0, checkin);
      this.finish(command, checkin);
    }
  }

  /** Forces a check-in now: the given devices (even offline ones, which come back online), or all online devices. */
  checkIn(now: number, deviceIds?: readonly number[]): void {
    this.advance(now);
    const ids = deviceIds ? new Set(deviceIds) : undefined;
    for (const device of ids ? [...ids].map((id) => this.deviceIndex.get(id)) : this.devices) {
      if (!device || device.enrollmentStatus !== 'enrolled') continue;
      if (!ids && !device.online) continue;
      device.online = true;
      device.lastReported = now;
    }
    for (const command of [...this.pending]) {
      if (command.status !== 'Pending') continue;
      if (ids && !ids.has(command.deviceId)) continue;
      const device = this.deviceIndex.get(command.deviceId);
      if (!device || !device.online || device.enrollmentStatus !== 'enrolled') continue;
      this.finish(command, now);
    }
  }

  private finish(command: SimCommand, at: number, forced?: 'Success' | 'Failed'): void {
    const status = forced ?? (hash01(this.seed, command.id) < this.failRate ? 'Failed' : 'Success');
    command.status = status;
    command.modifiedTime = at;
    this.pending.delete(command);
    const device = this.deviceIndex.get(command.deviceId);
    if (status !== 'Success' || !device) return;
    switch (ACTIONS[command.action]?.effect) {
      case 'lock':
        device.locked = true;
        break;
      case 'wipe':
      case 'disenroll':
        this.unenroll(device, at);
        break;
      case 'lost_mode_on':
        device.lostMode = true;
        device.locked = true;
        break;
      case 'lost_mode_off':
        device.lostMode = false;
        break;
      case 'power_off':
        device.online = false;
        break;
      case 'rename': {
        const name = command.params['name'];
        const suffix = command.params['use_suffix'] === true ? String(command.params['suffix'] ?? '') : '';
        if (typeof name === 'string') device.name = name + suffix;
        break;
      }
      case 'change_owner': {
        const userId = Number(command.params['user']);
        if (this.userIndex.has(userId) && device.userId !== userId) {
          device.userId = userId;
          this.reindexDevices();
        }
        break;
      }
      default:
        break;
    }
  }

  private unenroll(device: SimDevice, at: number): void {
    device.enrollmentStatus = 'unenrolled';
    device.disenrolledTime = at;
    device.online = false;
    device.lostMode = false;
  }
}
