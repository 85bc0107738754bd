/** The route table of the simulated API under `/api/v1/`: one pattern per resource, its methods and handlers. */
import { ACTIONS } from '../guesses.js';
import { action } from './actions.js';
import { actionStatus } from './action-status.js';
import type { Handler } from './context.js';
import { deviceGroups } from './device-groups.js';
import { getDevice, listDevices } from './devices.js';
import { userGroups } from './user-groups.js';
import { createUser, deleteUser, getUser, listUsers, updateUser } from './users.js';

export type { ApiContext } from './context.js';

export interface Route {
  pattern: RegExp;
  methods: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Handler>>;
}

export const ROUTES: Route[] = [
  { pattern: /^users\/$/, methods: { GET: listUsers, POST: createUser } },
  { pattern: /^users\/(\d+)\/$/, methods: { GET: getUser, PUT: updateUser, DELETE: deleteUser } },
  { pattern: /^devices\/$/, methods: { GET: listDevices } },
  { pattern: /^devices\/(\d+)\/$/, methods: { GET: getDevice } },
  { pattern: /^devices\/(\d+)\/action_status\/$/, methods: { GET: actionStatus } },
  { pattern: /^usergroups\/$/, methods: { GET: userGroups.list, POST: userGroups.create } },
  {
    pattern: /^usergroups\/(\d+)\/$/,
    methods: {
      GET: userGroups.get,
      PUT: userGroups.update,
      DELETE: userGroups.remove,
      POST: userGroups.change,
    },
  },
  { pattern: /^devicegroups\/$/, methods: { GET: deviceGroups.list, POST: deviceGroups.create } },
  {
    pattern: /^devicegroups\/(\d+)\/$/,
    methods: {
      GET: deviceGroups.get,
      PUT: deviceGroups.update,
      DELETE: deviceGroups.remove,
      POST: deviceGroups.change,
    },
  },
  { pattern: /^actions\/([a-z_]+)\/$/, methods: { POST: action } },
];

/** Finds the route for a path; action routes only match actions in the catalogue. */
export function matchRoute(path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const params = match.slice(1).map(String);
    if (path.startsWith('actions/') && !(params[0]! in ACTIONS)) return undefined;
    return { route, params };
  }
  return undefined;
}

/** The `Allow` header DRF sends: the view's methods, HEAD with GET, and OPTIONS. */
export function allowHeader(route: Route): string {
  const methods: string[] = Object.keys(route.methods);
  if (methods.includes('GET')) methods.push('HEAD');
  methods.push('OPTIONS');
  return methods.join(', ');
}
