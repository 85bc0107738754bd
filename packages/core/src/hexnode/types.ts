/**
 * The Hexnode domain types the client returns: camelCased, with `""` turned into `null` where Hexnode
 * uses both for "nothing", and every field the kit relies on checked at the boundary.
 */

/** A user, from `GET /users/` or `GET /users/{id}/`. */
export interface HexnodeUser {
  id: number;
  name: string;
  /** `null` when Hexnode has none (it sends `null` or `""`). Not guaranteed unique across users. */
  email: string | null;
  phoneno: string | null;
  /** `local`, `active directory`, ... */
  domain: string | null;
  /** How many devices Hexnode counts for this user, when the list sends it. */
  totalDevices?: number;
}

/** The owner of a device as the device list names it. */
export interface HexnodeDeviceUser {
  id: number;
  name: string;
}

/** A device, from `GET /devices/`. */
export interface HexnodeDevice {
  id: number;
  name: string;
  model: string | null;
  os: string | null;
  osVersion: string | null;
  serial: string | null;
  /** `ios`, `android`, `windows`, `macos`, ... when the list sends it. */
  platform?: string | null;
  /** ISO 8601 time the device last reported, or `null` if it never did. */
  lastReported: string | null;
  enrolledTime: string | null;
  /** `enrolled`, `unenrolled`, `disenrolled`, ... as Hexnode spells it. */
  enrollmentStatus: string;
  compliant: boolean | null;
  /** The Hexnode user the device is assigned to, or `null`. */
  user: HexnodeDeviceUser | null;
  udid: string | null;
  imei: string | null;
}

/** Who owns a device: Hexnode's `owned_by` 1 is `personal`, 2 is `corporate`; anything else `unknown`. */
export type HexnodeOwnership = 'personal' | 'corporate' | 'unknown';

/** The user block of a device detail: the one place Hexnode gives a device's user email. */
export interface HexnodeDeviceDetailUser {
  id: number;
  name: string;
  email: string | null;
  phoneno: string | null;
  alternateEmail: string | null;
}

/** A device, from `GET /devices/{id}/` (a different, nested shape, flattened here). */
export interface HexnodeDeviceDetail {
  id: number;
  name: string;
  model: string | null;
  os: string | null;
  osVersion: string | null;
  serial: string | null;
  platform: string | null;
  lastReported: string | null;
  enrolledTime: string | null;
  enrollmentStatus: string;
  udid: string | null;
  imei: string | null;
  /**
   * Who owns the device, from `owned_by` (an integer: 1 personal, 2 corporate [C]). `unknown` when Hexnode
   * sent nothing or a value the kit does not know: never treat `unknown` as corporate.
   */
  ownership: HexnodeOwnership;
  /** Whether lost mode is on, when Hexnode says. */
  lostMode: boolean | null;
  user: HexnodeDeviceDetailUser | null;
}

/** The state of one command sent to a device. */
export type HexnodeCommandStatus = 'pending' | 'in_progress' | 'success' | 'failed';

/** One command in a device's action history, from `GET /devices/{id}/action_status/`. */
export interface HexnodeCommand {
  id: number;
  /** Hexnode's name for the action, e.g. `Wipe Device`, `lock_devices`. */
  actionName: string;
  status: HexnodeCommandStatus;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A user group, from `GET /usergroups/`. */
export interface HexnodeUserGroup {
  id: number;
  name: string;
  description: string | null;
  usersCount: number | null;
  modifiedDate: string | null;
}

/** A user group with its members, from `GET /usergroups/{id}/`. */
export interface HexnodeUserGroupDetail {
  id: number;
  name: string;
  description: string | null;
  users: HexnodeUser[];
}

/** A device group, from `GET /devicegroups/`. */
export interface HexnodeDeviceGroup {
  id: number;
  name: string;
  description: string | null;
  /** `custom` or `dynamic`. */
  groupType: string | null;
  deviceCount: number | null;
  modifiedDate: string | null;
}

/** A member of a device group as the group detail lists it. */
export interface HexnodeDeviceGroupMember {
  id: number;
  name: string;
  userId: number | null;
  userName: string | null;
  model: string | null;
  platform: string | null;
}

/** A device group with its members, from `GET /devicegroups/{id}/`. */
export interface HexnodeDeviceGroupDetail {
  id: number;
  name: string;
  description: string | null;
  groupType: string | null;
  devices: HexnodeDeviceGroupMember[];
}

/** One page of a list, as Hexnode (Django REST Framework) sends it. */
export interface HexnodePage<T> {
  count: number;
  /** Absolute URL of the next page, or `null` on the last page. */
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * Which devices an action applies to. Hexnode resolves users and groups to their devices itself;
 * `users: [7]` means every device of user 7.
 */
export interface HexnodeTarget {
  users?: number[];
  usergroups?: number[];
  devices?: number[];
  devicegroups?: number[];
}
