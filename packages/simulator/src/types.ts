/** Public types of the simulator. Web APIs only: this module runs in Node, browsers and service workers. */
import type { BudgetReport, ThrottleOptions } from './throttle.js';

/** Faults the simulated portal injects into `/api/v1/` requests (the control surface is never faulted). */
export interface Faults {
  /** Fixed delay before every answer, in milliseconds. */
  latencyMs: number;
  /** Extra random delay, 0..jitterMs milliseconds (seeded). */
  jitterMs: number;
  /** Token-bucket rate limit in requests per second (burst = one second's worth); 0 turns it off. */
  rateLimit: number;
  /** 0..1 share of requests answered with a 5xx instead of being processed. */
  errorRate: number;
  /** Requests are never answered (until the client aborts them or the server closes). */
  hang: boolean;
  /** Successful JSON bodies are cut in half, so they no longer parse. */
  malformedJson: boolean;
  /** Responses drop or rename fields (see `SCHEMA_DRIFT` in guesses.ts). */
  schemaDrift: boolean;
}

export type Platform = 'android' | 'ios' | 'windows' | 'macos';
export type DeviceType = 'smartphone' | 'tablet' | 'laptop' | 'desktop';
export type EnrollmentStatus = 'enrolled' | 'unenrolled';
/**
 * Who owns a device. The detail serves it as `owned_by`: 1 personal, 2 corporate [C] (there is no "shared":
 * a shared handheld is a corporate device, usually in a device group of shared devices).
 */
export type Ownership = 'personal' | 'corporate';
export type CommandStatus = 'Pending' | 'In progress' | 'Success' | 'Failed';

/** A Hexnode user as the simulator holds it. */
export interface SimUser {
  id: number;
  name: string;
  email: string | null;
  phoneno: string | null;
  /** `local` or `active directory`. */
  domain: string;
}

/** A Hexnode device as the simulator holds it (camelCase; the HTTP shapes are built from it). */
export interface SimDevice {
  id: number;
  name: string;
  /** Marketing model name, e.g. `TC52` or `iPhone 14`. */
  modelName: string;
  /** Hardware model identifier, e.g. `TC52` or `iPhone14,7`. */
  model: string;
  manufacturer: string;
  platform: Platform;
  deviceType: DeviceType;
  osName: string;
  osVersion: string;
  serial: string;
  udid: string;
  imei: string;
  /** Assigned user, or null. */
  userId: number | null;
  ownership: Ownership;
  /**
   * The detail's `user.alternate_email`: a real address can sit here while the device's user is "Default User"
   * (`email: null`) [C, one recorded portal]. A lead for an unmatched leaver, never a match on its own.
   */
  alternateEmail: string | null;
  enrollmentStatus: EnrollmentStatus;
  /** Epoch milliseconds. */
  enrolledTime: number;
  /** Epoch milliseconds of the last check-in, or null if it never reported. */
  lastReported: number | null;
  /** Epoch milliseconds when it was disenrolled or wiped, else null. */
  disenrolledTime: number | null;
  /** Online devices check in and finish their commands; offline devices never do. */
  online: boolean;
  compliant: boolean;
  lostMode: boolean;
  locked: boolean;
  batteryLevel: number;
  isSupervised: boolean;
  isKiosk: boolean;
}

export interface SimUserGroup {
  id: number;
  groupname: string;
  description: string;
  userIds: number[];
  modifiedDate: number;
}

export interface SimDeviceGroup {
  id: number;
  groupname: string;
  description: string;
  grouptype: 'custom' | 'dynamic';
  deviceIds: number[];
  modifiedDate: number;
}

/** A command queued on one device by an action. */
export interface SimCommand {
  id: number;
  deviceId: number;
  /** The action's path name, e.g. `wipe_device`. */
  action: string;
  /** The human name `action_status` reports, e.g. `Wipe Device`. */
  actionName: string;
  status: CommandStatus;
  createdTime: number;
  modifiedTime: number;
  /** The action body's extra fields (message, name, ...). */
  params: Record<string, unknown>;
}

/** An explicit fleet, instead of the seeded one. Ids are assigned 1..n in order when omitted. */
export interface FleetSpec {
  users: FleetUser[];
  devices: FleetDevice[];
  userGroups?: FleetUserGroup[];
  deviceGroups?: FleetDeviceGroup[];
}

export interface FleetUser {
  id?: number;
  name: string;
  email?: string | null;
  phoneno?: string | null;
  domain?: string;
}

export interface FleetDevice {
  id?: number;
  name: string;
  platform: Platform;
  modelName?: string;
  model?: string;
  manufacturer?: string;
  deviceType?: DeviceType;
  osName?: string;
  osVersion?: string;
  serial?: string;
  udid?: string;
  imei?: string;
  userId?: number | null;
  /** Default `corporate`. */
  ownership?: Ownership;
  alternateEmail?: string | null;
  enrollmentStatus?: EnrollmentStatus;
  /** ISO time; default one year before the simulator was created. */
  enrolledTime?: string;
  /** ISO time or null; default a few minutes before the simulator was created. */
  lastReported?: string | null;
  /** Default true. Offline devices never check in. */
  online?: boolean;
  compliant?: boolean;
  lostMode?: boolean;
}

export interface FleetUserGroup {
  id?: number;
  groupname: string;
  description?: string;
  userIds?: number[];
}

export interface FleetDeviceGroup {
  id?: number;
  groupname: string;
  description?: string;
  grouptype?: 'custom' | 'dynamic';
  deviceIds?: number[];
}

/** The simulator's whole state, normalised. */
export interface Fleet {
  users: SimUser[];
  devices: SimDevice[];
  userGroups: SimUserGroup[];
  deviceGroups: SimDeviceGroup[];
}

export interface SimulatorOptions {
  /** The raw key clients must send as `Authorization`. Default `demo-api-key`. */
  apiKey?: string;
  /** Base URL of the simulated API; absolute `next`/`previous` links use it. Default `https://acme.hexnodemdm.com/api/v1/`. */
  baseUrl?: string;
  /** Seed of the fleet and of every random choice (jitter, 5xx, command failures). Default 1. */
  seed?: number;
  /** Seeded fleet size (the fixed hard cases included). Default 60 users; 2 more hard-case users follow it. */
  users?: number;
  /** Seeded fleet size (the fixed hard cases included). Default 90 devices; 3 more hard-case devices follow it. */
  devices?: number;
  /** An explicit fleet instead of the seeded one. */
  fleet?: FleetSpec;
  /** Milliseconds after a command is queued before an online device checks in and finishes it. Default 1500. */
  checkinMs?: number;
  /** 0..1 chance a command ends `Failed` (seeded, deterministic per command). Default 0. */
  failRate?: number;
  /** Faults at start (and after `reset()`). */
  faults?: Partial<Faults>;
  /**
   * Hexnode's real throttle, on by default: 30 calls per window per API key, 10 calls per managed device per
   * day, 60 000 ms windows (the day is 1440 windows). `false` turns it off. See throttle.ts.
   */
  throttle?: ThrottleOptions | false;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

export interface RequestLogEntry {
  method: string;
  /** Path below the API base, e.g. `/actions/wipe_device/`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, the raw text if it was not JSON, or null. */
  body: unknown;
  /** ISO time the request arrived (simulator clock). */
  time: string;
  /** Status answered; 0 while unanswered or when never answered (hang, aborted). */
  status: number;
}

export interface Simulator {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** The whole Hexnode API and the control surface, with Web APIs only. */
  handle(request: Request): Promise<Response>;
  /** Every `/api/v1/` request received, oldest first. */
  readonly log: RequestLogEntry[];
  /** Log entries for `POST /actions/...` only (whatever their status). */
  actionsSent(): RequestLogEntry[];
  /** Fleet back to its starting state, log and commands cleared, faults back to the `faults` option, a fresh throttle budget. */
  reset(): void;
  /** Merge faults into the current ones. Throws a TypeError on a bad value (nothing changes). */
  setFaults(faults: Partial<Faults>): void;
  readonly faults: Readonly<Faults>;
  /** The throttle's settings and what has been spent of it (also `GET /__simulator/budget`). */
  budget(): BudgetReport;
  /** A fresh window and a fresh day (also `DELETE /__simulator/budget`); `reset()` does it too. */
  resetBudget(): void;
  /** Check in now: finish every pending command of these devices (all online devices if omitted). */
  checkIn(deviceIds?: number[]): void;
  readonly users: readonly SimUser[];
  readonly devices: readonly SimDevice[];
  readonly userGroups: readonly SimUserGroup[];
  readonly deviceGroups: readonly SimDeviceGroup[];
  /** Commands queued on a device, oldest first. */
  commands(deviceId: number): readonly SimCommand[];
  /** Users whose email matches, trimmed and case-insensitively. */
  findUsersByEmail(email: string): SimUser[];
}
