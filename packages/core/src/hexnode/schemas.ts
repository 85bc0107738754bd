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
  HexnodeOwnership,
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

/** A text the kit only shows: anything but a non-empty string (or a number, as text) reads as `null`. */
function readText(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}
/** A field that may be missing or of any type; `read` turns whatever came into the kit's value. */
const lenient = <T>(read: (value: unknown) => T) =>
  z
    .unknown()
    .optional()
    .transform((value) => read(value));
const lenientText = lenient(readText);
/** A flag the kit only shows: anything but a boolean reads as `null`. */
const lenientFlag = lenient((value): boolean | null => (typeof value === 'boolean' ? value : null));

/**
 * `owned_by` [C]: an integer, 1 personal, 2 corporate (there is no "shared"). Read leniently: the same
 * numbers as text, and the console's words, are understood; anything else is `unknown`, never corporate.
 */
export function parseOwnership(value: unknown): HexnodeOwnership {
  const text =
    typeof value === 'number' || typeof value === 'string' ? String(value).trim().toLowerCase() : '';
  if (text === '1' || text === 'personal') return 'personal';
  if (text === '2' || text === 'corporate') return 'corporate';
  return 'unknown';
}

/**
 * `GET /devices/{id}/` [C]: nested, and `lastreported` has no underscore. Parsed leniently: only what the
 * ownership re-check before an action needs is required (`id`, `enrollment_status`, and `user` with `id` and
 * `email`, which may be `null`); every other field may be missing or of another type and reads as `null`.
 * `user.alternate_email` can hold a real address while `email` is `null` [C]: it is kept, never matched on.
 */
export const deviceDetailSchema = z
  .object({
    id,
    udid: lenientText,
    platform: lenientText,
    owned_by: lenient(parseOwnership),
    enrollment_status: z.string(),
    enrolled_time: lenientText,
    lastreported: lenientText,
    lostmode: lenientFlag,
    user: z
      .object({
        id,
        name: lenientText,
        email: nullableText,
        phoneno: lenientText,
        alternate_email: lenientText,
      })
      .nullable(),
    device: lenient((value) => {
      const block = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
      const text = (key: string) => readText(block[key]);
      return {
        name: text('device_name') ?? '',
        os: text('os_name'),
        osVersion: text('os_version'),
        model: text('model_name'),
        serial: text('serial_number'),
        imei: text('imei_1'),
      };
    }),
  })
  .transform((raw): HexnodeDeviceDetail => ({
    id: raw.id,
    name: raw.device.name,
    model: raw.device.model,
    os: raw.device.os,
    osVersion: raw.device.osVersion,
    serial: raw.device.serial,
    platform: raw.platform,
    lastReported: raw.lastreported,
    enrolledTime: raw.enrolled_time,
    enrollmentStatus: raw.enrollment_status,
    udid: raw.udid,
    imei: raw.device.imei,
    ownership: raw.owned_by,
    lostMode: raw.lostmode,
    user: raw.user && {
      id: raw.user.id,
      name: raw.user.name ?? '',
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
