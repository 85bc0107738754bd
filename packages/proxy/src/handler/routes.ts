/**
 * The route table, keyed on the protocol's `ROUTES`: one row per route says its method, body schema, CSRF
 * mode and whether it takes an idempotency key. The dispatcher runs the same pipeline for every row, and CORS
 * preflights read the same rows. Adding a route is one row and one file in `routes/`.
 */
import { ActionRequest, PreviewRequest, ROUTES } from '@hexnode-offboard/core/protocol';
import { ProblemError } from '../http/problem.js';
import type { Auth, CsrfMode } from './auth.js';
import type { RequestContext } from './context.js';
import { runAction } from './routes/action.js';
import { checkActionOptions } from './routes/action-options.js';
import { runActionStatus } from './routes/action-status.js';
import { runAuditExport } from './routes/audit-export.js';
import { runPreview } from './routes/preview.js';

export type RouteName = keyof typeof ROUTES;

/** What the pipeline hands a route once steps 1–6 of docs/handler.md passed. */
export interface RouteInput<Body> {
  /** The body, parsed with the route's schema (undefined for routes without one). */
  body: Body;
  /** The body's JSON as sent, for the idempotency fingerprint. */
  raw: unknown;
  /** The path parameter (`actions/{id}`), decoded. */
  id: string | null;
  /** The `Idempotency-Key`, for routes that take one. */
  idempotencyKey: string | null;
}

interface Schema<Body> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: Body }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface Route<Body = unknown> {
  method: 'GET' | 'POST';
  /** A JSON body and its strict schema; `refine` adds rules a schema cannot say. */
  body?: { schema: Schema<Body>; refine?(body: Body): void };
  csrf: CsrfMode;
  idempotency: boolean;
  run(ctx: RequestContext, auth: Auth, input: RouteInput<Body>): Promise<Response>;
}

const route = <Body>(spec: Route<Body>): Route => spec as unknown as Route;

export const ROUTE_TABLE: Record<RouteName, Route> = {
  preview: route({
    method: 'POST',
    body: { schema: PreviewRequest },
    csrf: 'mutating',
    idempotency: false,
    run: runPreview,
  }),
  actions: route({
    method: 'POST',
    body: { schema: ActionRequest, refine: checkActionOptions },
    csrf: 'mutating',
    idempotency: true,
    run: runAction,
  }),
  action: route({ method: 'GET', csrf: 'read', idempotency: false, run: runActionStatus }),
  audit: route({ method: 'GET', csrf: 'read', idempotency: false, run: runAuditExport }),
};

const PARAM = '__param__';

/** Each route's path under the base path: exact, or a prefix followed by one encoded segment. */
const PATHS = (Object.keys(ROUTES) as RouteName[]).map((name) => {
  const path = ROUTES[name];
  if (typeof path === 'string') return { name, exact: path, prefix: null };
  const template = path(PARAM);
  if (!template.endsWith(PARAM)) throw new Error(`Route ${name} must end with its parameter.`);
  return { name, exact: null, prefix: template.slice(0, -PARAM.length) };
});

/** The route a path under the base path names (`sub` is the part after the base path), or null. */
export function matchRoute(sub: string): { name: RouteName; id: string | null } | null {
  for (const path of PATHS) {
    if (path.exact !== null) {
      if (sub === path.exact) return { name: path.name, id: null };
      continue;
    }
    const rest = sub.startsWith(path.prefix) ? sub.slice(path.prefix.length) : '';
    if (rest === '' || rest.includes('/')) continue;
    try {
      return { name: path.name, id: decodeURIComponent(rest) };
    } catch {
      throw new ProblemError('not_found');
    }
  }
  return null;
}
