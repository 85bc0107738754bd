/**
 * Who is asking (a session token, or the HRMS's `authorize` hook behind cookie mode's CSRF check) and what
 * they may do: the actions of the handler ∩ the actor ∩ the token, on the employees in scope.
 */
import { normalizeEmail } from '@hexnode-offboard/core';
import { ACTION_KINDS, type ActionKind } from '@hexnode-offboard/core/protocol';
import { identityProblem } from '../auth/identity.js';
import type { SessionGrant } from '../auth/session-tokens.js';
import { checkCsrf } from '../http/csrf.js';
import { ProblemError } from '../http/problem.js';
import type { Actor } from '../options.js';
import type { HandlerConfig } from './config.js';
import { errorName, type RequestContext } from './context.js';
import { retryAfterSeconds } from './limits.js';

export interface Auth {
  mode: 'cookie' | 'token';
  actor: Actor;
  grant?: SessionGrant;
}

/**
 * Which CSRF proof cookie mode asks of a route: `mutating` (the allowed Origin and the protocol header) or
 * `read` (only that the request is not cross-site).
 */
export type CsrfMode = 'mutating' | 'read';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

/** The actor of this request, or a 401/403/500 problem. */
export async function authenticate(ctx: RequestContext, csrf: CsrfMode): Promise<Auth> {
  const { config, request } = ctx;
  const bearer = BEARER.exec(request.headers.get('authorization') ?? '')?.[1];
  if (config.tokens && bearer) return fromToken(ctx, config.tokens, bearer);
  // Cookie mode: the browser attaches the HRMS session on its own, so prove the request is the HRMS's own.
  const verdict = checkCsrf(request, config.allowedOrigins, csrf === 'mutating');
  if (!verdict.ok) throw ctx.mistake(verdict.code, verdict.detail, verdict.cause);
  if (!config.authorize)
    throw new ProblemError('unauthenticated', { detail: 'A session token is required.' });
  const actor = await config.authorize(request);
  if (actor === null || actor === undefined)
    throw new ProblemError('unauthenticated', { detail: 'Sign in to continue.' });
  if (!isValidActor(actor)) {
    ctx.log('authorize returned an invalid actor');
    throw new ProblemError('internal_error');
  }
  return { mode: 'cookie', actor };
}

async function fromToken(
  ctx: RequestContext,
  tokens: NonNullable<HandlerConfig['tokens']>,
  token: string,
): Promise<Auth> {
  const verdict = await tokens.verify(token, ctx.now());
  if (!verdict.ok && verdict.reason === 'not_yet_valid') {
    // A genuine token from a clock that runs ahead: try again shortly, no new sign-in.
    throw new ProblemError('session_not_yet_valid', {
      detail: 'The session token is not valid yet (the clocks disagree); try again in a moment.',
      retryAfter: retryAfterSeconds(verdict.retryAfterMs),
    });
  }
  if (!verdict.ok) {
    const expired = verdict.reason === 'expired';
    throw new ProblemError(expired ? 'session_expired' : 'unauthenticated', {
      detail: expired ? 'The session token has expired; fetch a new one.' : 'The session token is not valid.',
    });
  }
  if (tokens.isRevoked) {
    let revoked: boolean;
    try {
      revoked = (await tokens.isRevoked(verdict.grant)) !== false;
    } catch (error) {
      ctx.log('sessionTokens.isRevoked failed', { error: errorName(error) });
      throw new ProblemError('internal_error');
    }
    if (revoked) {
      throw new ProblemError('unauthenticated', {
        detail: 'The session this token was issued in has ended. Sign in again.',
      });
    }
  }
  if (!isValidActor(verdict.grant.actor)) {
    ctx.log('a session token names an invalid actor');
    throw new ProblemError('internal_error');
  }
  return { mode: 'token', actor: verdict.grant.actor, grant: verdict.grant };
}

function isValidActor(actor: unknown): actor is Actor {
  if (!actor || typeof actor !== 'object') return false;
  const value = actor as Partial<Actor>;
  return (
    typeof value.id === 'string' &&
    value.id !== '' &&
    identityProblem(value.id) === null &&
    typeof value.name === 'string' &&
    // "" would share keys with "no tenant" in a SQL store: a tenant is a non-empty string or absent.
    // Identity keys are checked, never altered (auth/identity.ts).
    (value.tenant === undefined ||
      (typeof value.tenant === 'string' && value.tenant !== '' && identityProblem(value.tenant) === null)) &&
    Array.isArray(value.actions) &&
    value.actions.every((action) => (ACTION_KINDS as readonly string[]).includes(action)) &&
    (value.employees === undefined ||
      (Array.isArray(value.employees) && value.employees.every((email) => typeof email === 'string')))
  );
}

/** The actions this request may take: the handler's ∩ the actor's ∩ the token's, in the handler's order. */
export function effectiveActions(config: HandlerConfig, auth: Auth): ActionKind[] {
  return config.actions.filter(
    (action) => auth.actor.actions.includes(action) && (!auth.grant || auth.grant.actions.includes(action)),
  );
}

/** Whether this request may concern this employee (normalized email). */
export function inScope(auth: Auth, email: string): boolean {
  if (auth.grant && auth.grant.employeeEmail !== email) return false;
  if (auth.actor.employees && !auth.actor.employees.some((allowed) => normalizeEmail(allowed) === email))
    return false;
  return true;
}

/** The tenant records and keys are scoped to (null: none). */
export function tenantOf(auth: Auth): string | null {
  return auth.actor.tenant === undefined ? null : auth.actor.tenant;
}

/** The actor id as records hold it. */
export function actorIdOf(auth: Auth): string {
  return auth.actor.id;
}
