/**
 * The JSON shapes the portal answers with, field for field as recorded ([C]) where a recording exists.
 * Schema drift (a fault) is applied here, as described by `SCHEMA_DRIFT` in guesses.ts.
 */
import { bundleSizeText, NETWORK_TYPE_CODES, PLATFORM_NAMES, SCHEMA_DRIFT } from './guesses.js';
import { iso } from './http.js';
import type { State } from './state.js';
import type { SimCommand, SimDevice, SimDeviceGroup, SimUser, SimUserGroup } from './types.js';

type Json = Record<string, unknown>;

function rename(object: Json, renames: Record<string, string>): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) out[renames[key] ?? key] = value;
  return out;
}

function drop(object: Json, keys: readonly string[]): Json {
  const out = { ...object };
  for (const key of keys) delete out[key];
  return out;
}

/** Django's timestamps carry microseconds (`2022-04-04T07:09:25.362338Z` [C]). */
function isoMicro(ms: number, salt: number): string {
  return iso(ms).replace('Z', `${String((salt * 337) % 1000).padStart(3, '0')}Z`);
}

/** `GET /users/` item [C]: `{id, name, email, phoneno, domain, total_devices}`. */
export function userItem(state: State, user: SimUser, drift: boolean): Json {
  const item: Json = {
    id: user.id,
    name: user.name,
    email: user.email,
    phoneno: user.phoneno,
    domain: user.domain,
    total_devices: state.deviceIdsOf(user.id).length,
  };
  return drift ? rename(item, SCHEMA_DRIFT.userRenames) : item;
}

/** `GET /devices/` item [C], keys in the recorded order. */
export function deviceItem(state: State, device: SimDevice, now: number, drift: boolean): Json {
  const user = device.userId === null ? undefined : state.user(device.userId);
  const lastReported = state.lastReported(device, now);
  const item: Json = {
    id: device.id,
    device_name: device.name,
    model_name: device.modelName,
    os_name: device.osName,
    os_version: device.osVersion,
    enrolled_time: isoMicro(device.enrolledTime, device.id),
    last_reported: lastReported === null ? null : iso(lastReported),
    compliant: device.compliant,
    serial_number: device.serial,
    udid: device.udid,
    enrollment_status: device.enrollmentStatus,
    user: user ? { id: user.id, name: user.name } : null,
    imei: device.imei,
  };
  return drift ? rename(drop(item, SCHEMA_DRIFT.deviceListDrops), SCHEMA_DRIFT.deviceListRenames) : item;
}

/** `owned_by` in the device detail: an integer, 1 personal, 2 corporate [C]. */
export const OWNED_BY_CODES = { personal: 1, corporate: 2 } as const;

/**
 * `GET /devices/{id}/` [C]: the nested shape (`lastreported` without the underscore, `user` with email and
 * `alternate_email`, `owned_by` an integer, `device.manufacture` (sic), `network.ipaddress`, `policies`).
 */
export function deviceDetail(state: State, device: SimDevice, now: number, drift: boolean): Json {
  const user = device.userId === null ? undefined : state.user(device.userId);
  const lastReported = state.lastReported(device, now);
  const userJson: Json | null = user
    ? {
        id: user.id,
        name: user.name,
        email: user.email,
        phoneno: user.phoneno,
        alternate_email: device.alternateEmail,
      }
    : null;
  const detail: Json = {
    id: device.id,
    udid: device.udid,
    platform: PLATFORM_NAMES[device.platform],
    owned_by: OWNED_BY_CODES[device.ownership],
    enrollment_status: device.enrollmentStatus,
    enrolled_time: isoMicro(device.enrolledTime, device.id),
    agent_active: device.enrollmentStatus === 'enrolled' && device.online,
    lastreported: lastReported === null ? null : iso(lastReported),
    lastscanned: lastReported === null ? null : iso(lastReported),
    lastnotified: lastReported === null ? null : iso(lastReported),
    remarks: '',
    disenrolled_time: device.disenrolledTime === null ? null : iso(device.disenrolledTime),
    lostmode: device.lostMode,
    last_location: null,
    latitude: null,
    longitude: null,
    user: userJson && drift ? rename(userJson, SCHEMA_DRIFT.deviceDetailUserRenames) : userJson,
    device: {
      device_name: device.name,
      os_name: device.osName,
      os_version: device.osVersion,
      model_name: device.modelName,
      model: device.model,
      manufacture: device.manufacturer,
      serial_number: device.serial,
      imei_1: device.imei,
      imei_2: '',
      battery_level: device.batteryLevel,
      is_supervised: device.isSupervised,
      is_kiosk: device.isKiosk,
      device_type: device.deviceType,
    },
    network: {
      wifi_mac: macAddress(device.id, 1),
      bluetooth_mac: macAddress(device.id, 2),
      ipaddress: device.online
        ? `10.${(device.id >> 16) & 255}.${(device.id >> 8) & 255}.${device.id & 255}`
        : '',
      network_type: device.deviceType === 'laptop' ? NETWORK_TYPE_CODES.wifi : NETWORK_TYPE_CODES.cellular,
    },
    applications: applications(device),
    policies: [],
  };
  return drift ? drop(detail, SCHEMA_DRIFT.deviceDetailDrops) : detail;
}

function macAddress(id: number, salt: number): string {
  const bytes = [0x02, salt, (id >>> 24) & 255, (id >>> 16) & 255, (id >>> 8) & 255, id & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function applications(device: SimDevice): Json[] {
  const app = (id: number, name: string, identifier: string, version: string) => ({
    id,
    name,
    bundle_size: bundleSizeText(id * 7.3),
    app_version: version,
    mandatory_app: identifier.includes('hexnode'),
    black_listed: false,
    managed: true,
    status: 'Installed',
    identifier,
  });
  switch (device.platform) {
    case 'android':
      return device.modelName.startsWith('TC') ||
        device.modelName.startsWith('MC') ||
        device.manufacturer === 'Honeywell'
        ? [
            app(11, 'Acme Scan', 'com.acme.scan', '4.2.1'),
            app(12, 'Hexnode MDM', 'com.hexnode.hexnodemdm', '15.2.0'),
          ]
        : [app(12, 'Hexnode MDM', 'com.hexnode.hexnodemdm', '15.2.0')];
    case 'ios':
      return [
        app(21, 'Microsoft Outlook', 'com.microsoft.Office.Outlook', '4.2440.0'),
        app(22, 'Slack', 'com.tinyspeck.chatlyio', '24.11.10'),
      ];
    case 'windows':
      return [
        app(31, 'Microsoft Teams', 'MSTeams', '24295.605'),
        app(32, 'Hexnode Agent', 'Hexnode.Agent', '5.3.0'),
      ];
    case 'macos':
      return [
        app(41, 'Slack', 'com.tinyspeck.slackmacgap', '4.41.97'),
        app(42, 'Hexnode Agent', 'com.hexnode.agent', '5.3.0'),
      ];
  }
}

/** `GET /devices/{id}/action_status/` item [G]. */
export function commandItem(command: SimCommand, drift: boolean): Json {
  const item: Json = {
    id: command.id,
    action_name: command.actionName,
    status: command.status,
    created_time: iso(command.createdTime),
    modified_time: iso(command.modifiedTime),
  };
  return drift ? rename(item, SCHEMA_DRIFT.commandRenames) : item;
}

/** `GET /usergroups/` item [C]. */
export function userGroupItem(group: SimUserGroup): Json {
  return {
    id: group.id,
    groupname: group.groupname,
    description: group.description,
    users_count: group.userIds.length,
    modified_date: iso(group.modifiedDate),
  };
}

/** `GET /usergroups/{id}/` [C]. */
export function userGroupDetail(state: State, group: SimUserGroup): Json {
  return {
    id: group.id,
    groupname: group.groupname,
    description: group.description,
    users: group.userIds.flatMap((id) => {
      const user = state.user(id);
      return user
        ? [{ id: user.id, name: user.name, email: user.email, domain: user.domain, phoneno: user.phoneno }]
        : [];
    }),
    policy: [],
    location_history: [],
  };
}

/** `GET /devicegroups/` item [C]. */
export function deviceGroupItem(group: SimDeviceGroup): Json {
  return {
    id: group.id,
    groupname: group.groupname,
    description: group.description,
    grouptype: group.grouptype,
    device_count: group.deviceIds.length,
    modified_date: iso(group.modifiedDate),
  };
}

/** `GET /devicegroups/{id}/` [C]. */
export function deviceGroupDetail(state: State, group: SimDeviceGroup): Json {
  return {
    id: group.id,
    groupname: group.groupname,
    description: group.description,
    devices: group.deviceIds.flatMap((id) => {
      const device = state.device(id);
      if (!device) return [];
      const user = device.userId === null ? undefined : state.user(device.userId);
      return [
        {
          id: device.id,
          name: device.name,
          user_id: user?.id ?? null,
          user_name: user?.name ?? null,
          model_name: device.modelName,
          platform: PLATFORM_NAMES[device.platform],
        },
      ];
    }),
    policy: [],
    location_history: [],
  };
}
