/** The control surface under `/__simulator/`: log, reset, faults, check-in, fleet summary and budget. */
import { HARD_CASES } from './fleet/hard-cases.js';
import { MESSAGES } from './guesses.js';
import { detail, json, noContent } from './http.js';
import type { ControlContext } from './portal.js';
import { CONTROL_PREFIX } from './options.js';
import type { Faults } from './types.js';

type ControlRoutes = Record<string, Record<string, (body: unknown) => Response>>;

/** Answers one request to the control surface (never faulted, never throttled). */
export async function control(
  { portal, simulator, seed }: ControlContext,
  request: Request,
  url: URL,
): Promise<Response> {
  const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
  const method = request.method.toUpperCase();
  const routes = controlRoutes({ portal, simulator, seed });
  const methods = routes[path];
  if (!methods) return detail(404, MESSAGES.notFound);
  const handler = methods[method];
  if (!handler)
    return detail(405, MESSAGES.methodNotAllowed(method), { Allow: Object.keys(methods).join(', ') });
  const text = method === 'GET' ? '' : await request.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    return detail(400, 'The body is not valid JSON.');
  }
  try {
    return handler(body);
  } catch (error) {
    if (error instanceof TypeError) return detail(400, error.message);
    throw error;
  }
}

/** The control routes: path, then method, then what it does with the parsed JSON body. */
function controlRoutes({ portal, simulator, seed }: ControlContext): ControlRoutes {
  const { log } = portal;
  return {
    log: {
      GET: () => json(200, log),
      DELETE: () => {
        log.length = 0;
        return noContent();
      },
    },
    reset: {
      POST: () => {
        simulator.reset();
        return noContent();
      },
    },
    faults: {
      GET: () => json(200, simulator.faults),
      POST: (body) => {
        simulator.setFaults(body as Partial<Faults>);
        return json(200, simulator.faults);
      },
    },
    checkin: {
      POST: (body) => {
        const ids = (body ?? {}) as { deviceIds?: unknown };
        if (
          typeof ids !== 'object' ||
          (ids.deviceIds !== undefined &&
            !(Array.isArray(ids.deviceIds) && ids.deviceIds.every(Number.isInteger)))
        ) {
          return detail(400, 'deviceIds must be a list of device ids');
        }
        simulator.checkIn(ids.deviceIds as number[] | undefined);
        return noContent();
      },
    },
    fleet: { GET: () => json(200, fleetSummary({ portal, simulator, seed })) },
    budget: {
      GET: () => json(200, simulator.budget()),
      DELETE: () => {
        simulator.resetBudget();
        return noContent();
      },
    },
  };
}

function fleetSummary({ portal, simulator, seed }: ControlContext) {
  const { state, now } = portal;
  state.advance(now());
  const fixture = (email: string) => {
    const users = simulator.findUsersByEmail(email);
    return {
      email,
      userIds: users.map((u) => u.id),
      deviceIds: users.flatMap((u) => [...state.deviceIdsOf(u.id)]),
    };
  };
  return {
    seed,
    users: state.users.length,
    devices: state.devices.length,
    userGroups: state.userGroups.map((g) => ({
      id: g.id,
      groupname: g.groupname,
      users: g.userIds.length,
    })),
    deviceGroups: state.deviceGroups.map((g) => ({
      id: g.id,
      groupname: g.groupname,
      devices: g.deviceIds.length,
    })),
    hardCases:
      seed === null
        ? []
        : [
            HARD_CASES.manager.email,
            HARD_CASES.shiftWorker.email,
            HARD_CASES.shiftTeamA.email,
            HARD_CASES.shiftTeamB.email,
            HARD_CASES.noDevices.email,
            HARD_CASES.sharedEmail.email,
            HARD_CASES.mixedCase.email,
            HARD_CASES.offline.email,
            HARD_CASES.shiftPool.email,
            HARD_CASES.frontlineLeaver.email,
          ].map(fixture),
  };
}
