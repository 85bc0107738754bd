/**
 * `doctor`: checks a portal without touching a device. The key and base URL (one user page), the page envelope
 * and the device list and detail shapes, the throttle headers, today's budget; with `probeActions`, each action
 * path of the catalogue is sent a device id that does not exist: 400 ("does not exist") means the path is real,
 * 404 that it is not. A probe never has an empty or missing target list, and the id is first confirmed absent.
 */
import {
  HEXNODE_ACTIONS,
  HexnodeError,
  HexnodeNotFoundError,
  type HexnodeActionName,
  type HexnodeClient,
} from '@hexnode-offboard/core';
import { connect, type ConnectOptions, type Connection, type Target } from './connection.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ActionProbe {
  action: HexnodeActionName;
  path: string;
  /** What the catalogue says. */
  catalogue: 'confirmed' | 'unconfirmed';
  /** `real` (400 for the absent device), `not_real` (404), or `unclear` (anything else). */
  result: 'real' | 'not_real' | 'unclear';
  status: number | undefined;
  /** An unconfirmed guess this probe confirmed. */
  guessConfirmed: boolean;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  probes: ActionProbe[];
  calls: number;
  ok: boolean;
}

/** An id no portal hands out (the largest 31-bit integer), checked absent before any probe. */
export const ABSENT_DEVICE_ID = 2_147_483_647;

const PROBE_OPTIONS: { [N in HexnodeActionName]: unknown } = {
  lock: {},
  clearPasscode: undefined,
  wipe: { mode: 'complete' },
  // The new owner is an id no portal hands out either: nothing can move.
  changeOwner: { user: ABSENT_DEVICE_ID },
  markAsDisenrolled: undefined,
  enableLostMode: {},
  disableLostMode: undefined,
  disenroll: undefined,
  message: { message: 'hexnode-offboard doctor probe' },
};

const describe = (error: unknown): string =>
  error instanceof HexnodeError ? `${error.status ?? 'no answer'}: ${error.message}` : String(error);

/** Sends one action path the absent device: 400 means the path is real, 404 that it is not. */
async function probeAction(connection: Connection, action: HexnodeActionName): Promise<ActionProbe> {
  const definition = HEXNODE_ACTIONS[action];
  let status: number | undefined;
  try {
    await connection.client.actions.send(
      action,
      { devices: [ABSENT_DEVICE_ID] },
      PROBE_OPTIONS[action] as never,
    );
    status = 200;
  } catch (error) {
    status = error instanceof HexnodeError ? error.status : undefined;
  }
  const result = status === 400 ? 'real' : status === 404 ? 'not_real' : 'unclear';
  return {
    action,
    path: `/${definition.path}`,
    catalogue: definition.confidence,
    result,
    status,
    guessConfirmed: definition.confidence === 'unconfirmed' && result === 'real',
  };
}

type Check = (name: string, run: () => Promise<string>) => Promise<boolean>;

/** Every action path of the catalogue probed, once the probe's device id is confirmed absent. */
async function probeActions(connection: Connection, check: Check): Promise<ActionProbe[]> {
  const client = connection.client.withPriority('preview');
  const absent = await check(`device ${ABSENT_DEVICE_ID} does not exist`, async () => {
    try {
      await client.devices.get(ABSENT_DEVICE_ID);
    } catch (error) {
      if (error instanceof HexnodeNotFoundError) return 'confirmed absent (404)';
      throw error;
    }
    throw new Error('it exists: no action is probed');
  });
  const probes: ActionProbe[] = [];
  if (absent) {
    for (const action of Object.keys(HEXNODE_ACTIONS) as HexnodeActionName[])
      probes.push(await probeAction(connection, action));
  }
  return probes;
}

/** A fetch that notes the name of every rate, retry or throttle header Hexnode answers with. */
function notingThrottleHeaders(base: typeof fetch, seen: Set<string>): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    for (const name of response.headers.keys()) if (/rate|retry|throttl/i.test(name)) seen.add(name);
    return response;
  };
}

/** The device list's shape and, when the portal has a device, one device's detail. */
async function checkDeviceShapes(client: HexnodeClient, check: Check): Promise<void> {
  let first: number | undefined;
  await check('device list shape', async () => {
    const page = await client.devices.getPage(1, { perPage: 1 });
    first = page.results[0]?.id;
    return `${page.count} devices; list items as recorded`;
  });
  if (first !== undefined) {
    await check('device detail shape', async () => {
      const detail = await client.devices.get(first!);
      return `device ${detail.id}: owned_by read as ${detail.ownership}, user block as recorded`;
    });
  }
}

export async function runDoctor(
  target: Target,
  options: ConnectOptions & { probeActions?: boolean } = {},
): Promise<DoctorReport> {
  const headers = new Set<string>();
  const base = options.fetch ?? globalThis.fetch;
  const connection = connect(target, { ...options, fetch: notingThrottleHeaders(base, headers) });
  const client = connection.client.withPriority('preview');
  const checks: DoctorCheck[] = [];
  const probes: ActionProbe[] = [];
  const check: Check = async (name, run) => {
    try {
      checks.push({ name, ok: true, detail: await run() });
      return true;
    } catch (error) {
      checks.push({ name, ok: false, detail: describe(error) });
      return false;
    }
  };
  const reachable = await check('key and base URL', async () => {
    const page = await client.users.getPage(1, { perPage: 1 });
    return `${client.baseUrl} answered; ${page.count} users (page envelope count/next/results as recorded)`;
  });
  if (reachable) {
    await checkDeviceShapes(client, check);
    checks.push({
      name: 'throttle headers',
      ok: true,
      detail: headers.size
        ? `seen: ${[...headers].join(', ')}`
        : 'none sent (the kit paces itself from its own budget)',
    });
    await check("today's budget", async () => {
      const report = (await client.budget.report()) as unknown as Record<string, unknown>;
      return JSON.stringify(report);
    });
    if (options.probeActions) probes.push(...(await probeActions(connection, check)));
  }
  return {
    checks,
    probes,
    calls: connection.calls(),
    ok: checks.every((item) => item.ok) && probes.every((probe) => probe.result === 'real'),
  };
}
