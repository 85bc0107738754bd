/**
 * Zod schemas for Hexnode's answers, and their mapping to the camelCased domain types.
 *
 * This is the validation boundary: everything the client returns went through one of these. Objects are
 * non-strict (unknown extra fields are dropped, never an error); every field the kit relies on is checked
 * and its absence is an error naming it; `null` and `""` are both read as "nothing" where Hexnode sends
 * either. Shapes marked [C] in the API notes were recorded from a real portal; the unconfirmed ([G])
 * shapes live in `catalogue.ts`, not here.
 */
import { z } from 'zod';
import type {
  HexnodeDevice,
  HexnodeDeviceDetail,
  HexnodeDeviceGroup,
  HexnodeDeviceGroupDetail,
  HexnodeUser,
  HexnodeUserGroup,
  HexnodeUserGroupDetail,
} from './types.js';

const emptyToNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '' ? null : value;

/** A text field that must be present, may be `null` or `""` (both read as `null`). */
const nullableText = z.string().nullable().transform(emptyToNull);
/** A text field that may be absent, `null` or `""` (all read as `null`). */
const optionalText = z.string().nullish().transform(emptyToNull);
/** A name: must be present; `null` reads as `""`. */
const name = z
  .string()
  .nullable()
  .transform((value) => value ?? '');
const id = z.number().int();
const optionalCount = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? null);

/** A DRF page around `item` [C]. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int().nonnegative(),
    next: z.string().nullable(),
    previous: z
      .string()
      .nullish()
      .transform((value) => value ?? null),
    results: z.array(item),
  });
}

/** `GET /users/` item and `GET /users/{id}/` [C]: `email` and `phoneno` can be `null` or `""`. */
export const userSchema = z
  .object({
    id,
    name,
    email: nullableText,
    phoneno: optionalText,
    domain: optionalText,
    total_devices: z.number().int().nonnegative().optional(),
  })
  .transform((raw): HexnodeUser => {
    const user: HexnodeUser = {
      id: raw.id,
      name: raw.name,
      email: raw.email,
      phoneno: raw.phoneno,
      domain: raw.domain,
    };
    if (raw.total_devices !== undefined) user.totalDevices = raw.total_devices;
    return user;
  });

/** `GET /devices/` item [C]. */
export const deviceSchema = z
  .object({
    id,
    device_name: name,
    model_name: optionalText,
    os_name: optionalText,
    os_version: optionalText,
    serial_number: optionalText,
    platform: optionalText,
    last_reported: nullableText,
    enrolled_time: optionalText,
    enrollment_status: z.string(),
    compliant: z
      .boolean()
      .nullish()
      .transform((value) => value ?? null),
    user: z.object({ id, name }).nullable(),
    udid: optionalText,
    imei: optionalText,
  })
  .transform((raw): HexnodeDevice => ({
    id: raw.id,
    name: raw.device_name,
    model: raw.model_name,
    os: raw.os_name,
    osVersion: raw.os_version,
    serial: raw.serial_number,
    platform: raw.platform,
    lastReported: raw.last_reported,
    enrolledTime: raw.enrolled_time,
    enrollmentStatus: raw.enrollment_status,
    compliant: raw.compliant,
    user: raw.user,
    udid: raw.udid,
    imei: raw.imei,
  }));

/**
 * `GET /devices/{id}/` [C]: nested, and `lastreported` has no underscore. `user.email` must be present
 * (it may be `null`): the ownership check before a destructive action reads it.
 */
export const deviceDetailSchema = z
  .object({
    id,
    udid: optionalText,
    platform: optionalText,
    owned_by: optionalText,
    enrollment_status: z.string(),
    enrolled_time: optionalText,
    lastreported: optionalText,
    lostmode: z
      .boolean()
      .nullish()
      .transform((value) => value ?? null),
    user: z
      .object({
        id,
        name,
        email: nullableText,
        phoneno: optionalText,
        alternate_email: optionalText,
      })
      .nullable(),
    device: z.object({
      device_name: name,
      os_name: optionalText,
      os_version: optionalText,
      model_name: optionalText,
      serial_number: optionalText,
      imei_1: optionalText,
    }),
  })
  .transform((raw): HexnodeDeviceDetail => ({
    id: raw.id,
    name: raw.device.device_name,
    model: raw.device.model_name,
    os: raw.device.os_name,
    osVersion: raw.device.os_version,
    serial: raw.device.serial_number,
    platform: raw.platform,
    lastReported: raw.lastreported,
    enrolledTime: raw.enrolled_time,
    enrollmentStatus: raw.enrollment_status,
    udid: raw.udid,
    imei: raw.device.imei_1,
    ownedBy: raw.owned_by,
    lostMode: raw.lostmode,
    user: raw.user && {
      id: raw.user.id,
      name: raw.user.name,
      email: raw.user.email,
      phoneno: raw.user.phoneno,
      alternateEmail: raw.user.alternate_email,
    },
  }));

/** `GET /usergroups/` item [C]. */
export const userGroupSchema = z
  .object({
    id,
    groupname: name,
    description: optionalText,
    users_count: optionalCount,
    modified_date: optionalText,
  })
  .transform((raw): HexnodeUserGroup => ({
    id: raw.id,
    name: raw.groupname,
    description: raw.description,
    usersCount: raw.users_count,
    modifiedDate: raw.modified_date,
  }));

/** `GET /usergroups/{id}/` [C]. Members have no `total_devices`. */
export const userGroupDetailSchema = z
  .object({
    id,
    groupname: name,
    description: optionalText,
    users: z.array(userSchema),
  })
  .transform((raw): HexnodeUserGroupDetail => ({
    id: raw.id,
    name: raw.groupname,
    description: raw.description,
    users: raw.users,
  }));

/** `GET /devicegroups/` item [C]. */
export const deviceGroupSchema = z
  .object({
    id,
    groupname: name,
    description: optionalText,
    grouptype: optionalText,
    device_count: optionalCount,
    modified_date: optionalText,
  })
  .transform((raw): HexnodeDeviceGroup => ({
    id: raw.id,
    name: raw.groupname,
    description: raw.description,
    groupType: raw.grouptype,
    deviceCount: raw.device_count,
    modifiedDate: raw.modified_date,
  }));

/** `GET /devicegroups/{id}/` [C]. */
export const deviceGroupDetailSchema = z
  .object({
    id,
    groupname: name,
    description: optionalText,
    grouptype: optionalText,
    devices: z.array(
      z.object({
        id,
        name,
        user_id: id.nullish().transform((value) => value ?? null),
        user_name: optionalText,
        model_name: optionalText,
        platform: optionalText,
      }),
    ),
  })
  .transform((raw): HexnodeDeviceGroupDetail => ({
    id: raw.id,
    name: raw.groupname,
    description: raw.description,
    groupType: raw.grouptype,
    devices: raw.devices.map((device) => ({
      id: device.id,
      name: device.name,
      userId: device.user_id,
      userName: device.user_name,
      model: device.model_name,
      platform: device.platform,
    })),
  }));

/** Where a zod issue points, as `results[3].user.email`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(body)' : out;
}
