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
import { ApproveJobRequest, RejectJobRequest, runJobApprove, runJobReject } from './routes/job-decision.js';
import { runJobList } from './routes/jobs.js';
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
  jobs: route({ method: 'GET', csrf: 'read', idempotency: false, run: runJobList }),
  // Idempotent by themselves: repeating one's own decision answers the same and changes nothing.
  jobApprove: route({
    method: 'POST',
    body: { schema: ApproveJobRequest },
    csrf: 'mutating',
    idempotency: false,
    run: runJobApprove,
  }),
  jobReject: route({
    method: 'POST',
    body: { schema: RejectJobRequest },
    csrf: 'mutating',
    idempotency: false,
    run: runJobReject,
  }),
};

const PARAM = '__param__';

/**
 * Each route's path under the base path: exact, or a prefix, one encoded segment and a suffix
 * (`/actions/{id}`, `/jobs/{id}/approve`).
 */
const PATHS = (Object.keys(ROUTES) as RouteName[]).map((name) => {
  const path = ROUTES[name];
  if (typeof path === 'string') return { name, exact: path, prefix: '', suffix: '' };
  const template = path(PARAM);
  const at = template.indexOf(PARAM);
  if (at < 0 || template.indexOf(PARAM, at + 1) >= 0)
    throw new Error(`Route ${name} must hold its parameter once.`);
  return { name, exact: null, prefix: template.slice(0, at), suffix: template.slice(at + PARAM.length) };
});

/** The route a path under the base path names (`sub` is the part after the base path), or null. */
export function matchRoute(sub: string): { name: RouteName; id: string | null } | null {
  for (const path of PATHS) {
    if (path.exact !== null) {
      if (sub === path.exact) return { name: path.name, id: null };
      continue;
    }
    const fits =
      sub.length > path.prefix.length + path.suffix.length &&
      sub.startsWith(path.prefix) &&
      sub.endsWith(path.suffix);
    const rest = fits ? sub.slice(path.prefix.length, sub.length - path.suffix.length) : '';
    if (rest === '' || rest.includes('/')) continue;
    try {
      return { name: path.name, id: decodeURIComponent(rest) };
    } catch {
      throw new ProblemError('not_found');
    }
  }
  return null;
}
