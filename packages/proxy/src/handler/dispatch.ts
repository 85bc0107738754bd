/**
 * The pipeline every request runs (docs/handler.md, steps 1–6), in one place for every route: route and
 * method, JSON content type, body size, schema, idempotency key, CSRF and authentication. Then the route's
 * own steps. CORS preflights are answered from the same route table, and every problem becomes one answer.
 */
import { isJsonContentType, readJsonBody } from '../http/body.js';
import { ProblemError, problemResponse } from '../http/problem.js';
import { sanitizeText } from '../audit/sanitize.js';
import { AuditLog } from './audit-log.js';
import { authenticate } from './auth.js';
import type { HandlerConfig } from './config.js';
import { RequestContext, errorName } from './context.js';
import { allowOrigin, corsOrigin, preflight } from './cors.js';
import { readIdempotencyKey } from './idempotency.js';
import { HOUR_MS } from './limits.js';
import { ROUTE_TABLE, matchRoute, type Route, type RouteInput } from './routes.js';

export type OffboardHandler = (request: Request) => Promise<Response>;

export class Dispatcher {
  readonly #config: HandlerConfig;
  readonly #audit: AuditLog;
  #lastPrune = 0;

  constructor(config: HandlerConfig) {
    this.#config = config;
    this.#audit = new AuditLog(config);
  }

  /** The handler: every request, every answer. */
  readonly dispatch: OffboardHandler = async (request) => {
    const ctx = new RequestContext(request, this.#config, this.#audit);
    this.#pruneNow();
    await this.#audit.flushRefusals(ctx);
    const origin = corsOrigin(ctx);
    let response: Response;
    try {
      response =
        origin !== null && request.method === 'OPTIONS'
          ? preflight(ctx, this.#find(ctx)?.route.method ?? null)
          : await this.#run(ctx);
    } catch (error) {
      if (error instanceof ProblemError) {
        response = problemResponse(error.code, ctx.requestId, error.extras);
      } else {
        ctx.log('unexpected error', { error: errorName(error) });
        response = problemResponse('internal_error', ctx.requestId);
      }
    }
    if (this.#config.serverTiming) response.headers.set('Server-Timing', ctx.timing.header());
    if (origin !== null) allowOrigin(response, origin);
    return response;
  };

  /** The route this request names, or null (outside the base path, or no such route). */
  #find(ctx: RequestContext): { route: Route; id: string | null; name: string } | null {
    const { basePath } = this.#config;
    const path = ctx.url.pathname;
    if (!path.startsWith(`${basePath}/`)) return null;
    const match = matchRoute(path.slice(basePath.length));
    return match && { route: ROUTE_TABLE[match.name], id: match.id, name: match.name };
  }

  async #run(ctx: RequestContext): Promise<Response> {
    // 1. method and route
    const found = this.#find(ctx);
    if (!found) throw new ProblemError('not_found');
    const { route } = found;
    if (ctx.request.method !== route.method) {
      throw new ProblemError('method_not_allowed', { headers: { Allow: route.method } });
    }
    // 2–4. JSON content type, body size, schema (and the idempotency key of routes that take one)
    const input: RouteInput<unknown> = {
      body: undefined,
      raw: undefined,
      id: found.id,
      idempotencyKey: null,
    };
    if (route.body) {
      input.raw = await readBody(ctx.request);
      const parsed = route.body.schema.safeParse(input.raw);
      if (!parsed.success)
        throw new ProblemError('invalid_request', { errors: zodErrors(parsed.error.issues) });
      route.body.refine?.(parsed.data);
      input.body = parsed.data;
    }
    if (route.idempotency) input.idempotencyKey = readIdempotencyKey(ctx.request);
    // 5–6. CSRF (cookie mode) and authentication; the route authorizes. An actor held for a flood of
    // refusals is refused here, before anything is read or recorded.
    const auth = await authenticate(ctx, route.csrf);
    this.#audit.gate(ctx, auth);
    return route.run(ctx, auth, input);
  }

  /** Expired idempotency records, locks and old rate events are dropped at most once an hour, in the background. */
  #pruneNow(): void {
    const { store, now, logger } = this.#config;
    const at = now();
    if (!store.prune || at - this.#lastPrune < HOUR_MS) return;
    this.#lastPrune = at;
    store.prune(at).catch((error: unknown) => {
      logger.error('store prune failed', { error: errorName(error) });
    });
  }
}

async function readBody(request: Request): Promise<unknown> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new ProblemError('unsupported_media_type', { detail: 'Send the body as application/json.' });
  }
  return readJsonBody(request);
}

function zodErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map((part) => String(part)).join('.') || '(body)',
    message: sanitizeText(issue.message, 200),
  }));
}
