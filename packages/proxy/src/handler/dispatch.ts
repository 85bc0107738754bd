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
import { MistakeLog } from './mistakes.js';
import { RequestContext, errorName } from './context.js';
import { allowOrigin, corsOrigin, preflight } from './cors.js';
import { readIdempotencyKey } from './idempotency.js';
import { HOUR_MS } from './limits.js';
import { ROUTE_TABLE, matchRoute, type Route, type RouteInput } from './routes.js';
import { TrackingRunner } from '../tracking/runner.js';

export type OffboardHandler = (request: Request) => Promise<Response>;

export class Dispatcher {
  readonly #config: HandlerConfig;
  readonly #audit: AuditLog;
  readonly #mistakes: MistakeLog;
  /** Reads Hexnode for the action trackers, on its timer (started by the first request) or `checkDue()`. */
  readonly tracking: TrackingRunner;
  #lastPrune = 0;

  constructor(config: HandlerConfig) {
    this.#config = config;
    this.#audit = new AuditLog(config);
    this.#mistakes = new MistakeLog(config.logger);
    this.tracking = new TrackingRunner(config);
  }

  /** The handler: every request, every answer. */
  readonly dispatch: OffboardHandler = async (request) => {
    const ctx = new RequestContext(request, this.#config, this.#audit, this.#mistakes);
    this.#pruneNow();
    this.tracking.start();
    await this.#audit.flushRefusals(ctx);
    const origin = corsOrigin(ctx);
    let response: Response;
    try {
      response =
        origin !== null && request.method === 'OPTIONS'
          ? preflight(ctx, this.#methodOf(ctx))
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

  /** The route this request names; null for no such route, `outside` for a path outside the base path. */
  #find(ctx: RequestContext): { route: Route; id: string | null } | 'outside' | null {
    const { basePath } = this.#config;
    const path = ctx.url.pathname;
    if (path !== basePath && !path.startsWith(`${basePath}/`)) return 'outside';
    const match = matchRoute(path.slice(basePath.length));
    return match && { route: ROUTE_TABLE[match.name], id: match.id };
  }

  async #run(ctx: RequestContext): Promise<Response> {
    // 1. method and route
    const found = this.#find(ctx);
    if (found === 'outside') throw this.#outside(ctx);
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

  #methodOf(ctx: RequestContext): string | null {
    const found = this.#find(ctx);
    return found && found !== 'outside' ? found.route.method : null;
  }

  /** The framework routed a path outside `basePath` here: the handler is mounted somewhere else. */
  #outside(ctx: RequestContext): ProblemError {
    const { basePath } = this.#config;
    const path = sanitizeText(ctx.url.pathname, 200);
    return ctx.mistake(
      'base_path_mismatch',
      `This handler serves ${basePath || '/'}; the request was for ${path}.`,
      `a request for ${path} reached the handler, whose basePath is ${basePath || '/'}: mount it there or set basePath to where it is mounted`,
    );
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
