/**
 * Session tokens: the HRMS backend mints one for one actor, one employee and a set of actions, and
 * puts it on the profile page (like Stripe's account-session client secret). The widget sends it as
 * `Authorization: Bearer <token>`, which a browser never attaches on its own, so token mode needs no
 * CSRF defence. HS256 JWTs via jose; nothing here is hand-rolled crypto.
 */
import { ACTION_KINDS, MAX_EMAIL_LENGTH, type ActionKind } from '@hexnode-offboard/core/protocol';
import { normalizeEmail } from '@hexnode-offboard/core';
// jose's CryptoKey: the runtime's Web Crypto key type, which also resolves for a Node-only TypeScript setup.
import { SignJWT, errors, jwtVerify, type CryptoKey } from 'jose';
import type { Actor } from '../options.js';
import { identityProblem } from './identity.js';

export const TOKEN_ISSUER = 'hexnode-offboard';
export const TOKEN_AUDIENCE = 'hexnode-offboard-handler';
/** Tokens live at most this long. */
export const MAX_TOKEN_TTL_SECONDS = 60 * 60;
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;
/** HS256 needs a secret at least as long as its output. */
export const MIN_SECRET_LENGTH = 32;
/**
 * How far the HRMS's clock (which mints) and the handler's (which verifies) may disagree: a token issued up to
 * this far in the handler's future, or expired up to this long ago, is accepted.
 */
export const DEFAULT_CLOCK_TOLERANCE_MS = 5000;
/** The most clock tolerance a verifier accepts. */
export const MAX_CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

export interface MintSessionTokenOptions {
  /** The same secret as the handler's `sessionTokens.secret`: at least 32 characters, from a secret store. */
  secret: string;
  /** Who will act. `employees` and `canReadAudit` are ignored: a token is always for one employee and never reads the audit log. */
  actor: Pick<Actor, 'id' | 'name' | 'tenant'> & Partial<Actor>;
  /** The one employee the token may act on: an email, or an object with one. */
  employee: string | { email: string };
  /**
   * The actions the token allows. When `actor.actions` is given, the token carries only the actions in both
   * lists; the handler then limits them further to its own `actions`.
   */
  actions: ActionKind[];
  /** Lifetime in seconds, 1 to 3600. Default 900. */
  ttlSeconds?: number;
  /**
   * The HRMS session the token is minted in (its id, 1 to 200 characters; the `sid` claim). The handler's
   * `sessionTokens.isRevoked` can then refuse the token once that session signs out.
   */
  session?: string;
  /** Clock, for tests. */
  now?: () => number;
}

/** What a verified token grants. */
export interface SessionGrant {
  actor: Actor;
  employeeEmail: string;
  actions: ActionKind[];
  /** The HRMS session it was minted in, when the HRMS named one. */
  sessionId?: string;
  /** When the token was issued and when it expires, in epoch milliseconds. */
  issuedAt: number;
  expiresAt: number;
}

function secretKey(secret: string): Uint8Array<ArrayBuffer> {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(
      `The session token secret must be a string of at least ${MIN_SECRET_LENGTH} characters.`,
    );
  }
  return new TextEncoder().encode(secret);
}

function isActionKind(value: unknown): value is ActionKind {
  return typeof value === 'string' && (ACTION_KINDS as readonly string[]).includes(value);
}

/** Mints a short-lived HS256 token scoped to one actor, one employee and some actions. */
export async function mintSessionToken(options: MintSessionTokenOptions): Promise<string> {
  const key = secretKey(options.secret);
  const ttl = options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be an integer from 1 to ${MAX_TOKEN_TTL_SECONDS}.`);
  }
  const { actor } = options;
  if (typeof actor?.id !== 'string' || actor.id === '' || typeof actor.name !== 'string') {
    throw new TypeError('actor needs a non-empty id and a name.');
  }
  const idProblem = identityProblem(actor.id);
  if (idProblem) throw new TypeError(`actor.id is ${idProblem}.`);
  const tenantProblem =
    actor.tenant === undefined
      ? null
      : typeof actor.tenant === 'string'
        ? identityProblem(actor.tenant)
        : 'not a string';
  if (tenantProblem) throw new TypeError(`actor.tenant is ${tenantProblem}.`);
  const given = typeof options.employee === 'string' ? options.employee : options.employee?.email;
  if (typeof given === 'string' && given.trim().length > MAX_EMAIL_LENGTH) {
    throw new TypeError(`employee must be an email address of at most ${MAX_EMAIL_LENGTH} characters.`);
  }
  const email = normalizeEmail(given);
  if (!email.includes('@') || identityProblem(email, MAX_EMAIL_LENGTH) !== null) {
    throw new TypeError('employee must be an email address without control or formatting characters.');
  }
  if (!Array.isArray(options.actions) || !options.actions.every(isActionKind)) {
    throw new TypeError(`actions must be a list of ${ACTION_KINDS.join(', ')}.`);
  }
  if (actor.actions !== undefined && (!Array.isArray(actor.actions) || !actor.actions.every(isActionKind))) {
    throw new TypeError(`actor.actions must be a list of ${ACTION_KINDS.join(', ')}.`);
  }
  if (
    options.session !== undefined &&
    (typeof options.session !== 'string' || options.session.length < 1 || options.session.length > 200)
  ) {
    throw new TypeError('session must be a session id of 1 to 200 characters.');
  }
  const granted = options.actions.filter((action) => actor.actions?.includes(action) ?? true);
  const nowSeconds = Math.floor((options.now?.() ?? Date.now()) / 1000);
  return new SignJWT({
    name: actor.name,
    ...(actor.tenant !== undefined ? { tenant: actor.tenant } : {}),
    emp: email,
    actions: [...new Set(granted)],
    ...(options.session !== undefined ? { sid: options.session } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(actor.id)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ttl)
    .setJti(crypto.randomUUID())
    .sign(key);
}

/**
 * A token's verdict. `not_yet_valid`: signed correctly but issued further in the future than the clock
 * tolerance allows (the HRMS's clock is ahead): retry after `retryAfterMs`, no new sign-in needed.
 */
export type TokenVerification =
  | { ok: true; grant: SessionGrant }
  | { ok: false; reason: 'expired' | 'invalid' }
  | { ok: false; reason: 'not_yet_valid'; retryAfterMs: number };

export interface TokenVerifyOptions {
  /** How far the minting and verifying clocks may disagree, in ms. Default {@link DEFAULT_CLOCK_TOLERANCE_MS}. */
  clockToleranceMs?: number;
}

function toleranceOf(options: TokenVerifyOptions | undefined): number {
  const tolerance = options?.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS;
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > MAX_CLOCK_TOLERANCE_MS) {
    throw new RangeError(`clockToleranceMs must be an integer from 0 to ${MAX_CLOCK_TOLERANCE_MS}.`);
  }
  return tolerance;
}

/** How many verified tokens a verifier remembers. */
export const VERIFIED_TOKEN_CACHE_SIZE = 1000;

/**
 * A verifier for one secret, as the handler keeps it. The widget sends the same token with its preview,
 * its action and every status poll, so the verifier remembers the grant of each token it has verified
 * (at most {@link VERIFIED_TOKEN_CACHE_SIZE}, oldest forgotten first) until the token expires: the exact
 * same string needs no second signature check, which on Node is a thread-pool round trip with a slow tail.
 * Only verified tokens are remembered, so a forged token is checked every time. Grants are frozen, so no
 * request (nor an `isRevoked` hook) can widen one for the next. The key is imported once.
 */
export function createSessionTokenVerifier(
  secret: string,
  options: TokenVerifyOptions = {},
): (token: string, now: number) => Promise<TokenVerification> {
  const tolerance = toleranceOf(options);
  const key = crypto.subtle.importKey('raw', secretKey(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  const verified = new Map<string, SessionGrant>();
  return async (token, now) => {
    const grant = verified.get(token);
    if (grant && now >= grant.issuedAt - tolerance && now < grant.expiresAt + tolerance) {
      return { ok: true, grant };
    }
    const verdict = await verifySessionToken(token, await key, now, { clockToleranceMs: tolerance });
    if (verdict.ok) {
      if (verified.size >= VERIFIED_TOKEN_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(token, verdict.grant);
    }
    return verdict;
  };
}

/**
 * Verifies a token's signature, issuer, audience, lifetime and claims, allowing `clockToleranceMs` of clock
 * skew (default 5 s) on its issue and expiry times. `secret` is the shared secret, or an HMAC key imported
 * from it. Throws only for a bad `clockToleranceMs`.
 */
export async function verifySessionToken(
  token: string,
  secret: string | CryptoKey,
  now: number,
  options: TokenVerifyOptions = {},
): Promise<TokenVerification> {
  const tolerance = toleranceOf(options);
  try {
    const key = typeof secret === 'string' ? secretKey(secret) : secret;
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: new Date(now),
      clockTolerance: tolerance / 1000,
      requiredClaims: ['sub', 'exp', 'iat', 'emp', 'actions'],
      maxTokenAge: MAX_TOKEN_TTL_SECONDS,
    });
    const grant = grantOf(payload);
    return grant ? { ok: true, grant } : { ok: false, reason: 'invalid' };
  } catch (error) {
    return refusalOf(error, tolerance, now);
  }
}

/** The grant a signed token's claims make, once each is checked (shape, length, lifetime); null if one is not. */
function grantOf(payload: Record<string, unknown>): SessionGrant | null {
  const { sub, exp, iat, emp, actions, name, tenant, sid } = payload;
  if (
    typeof sub !== 'string' ||
    sub === '' ||
    typeof exp !== 'number' ||
    typeof iat !== 'number' ||
    exp - iat > MAX_TOKEN_TTL_SECONDS ||
    identityProblem(sub) !== null ||
    typeof emp !== 'string' ||
    normalizeEmail(emp) !== emp ||
    !emp.includes('@') ||
    identityProblem(emp, MAX_EMAIL_LENGTH) !== null ||
    typeof name !== 'string' ||
    (tenant !== undefined && (typeof tenant !== 'string' || identityProblem(tenant) !== null)) ||
    (sid !== undefined && (typeof sid !== 'string' || sid === '')) ||
    !Array.isArray(actions) ||
    !actions.every(isActionKind)
  ) {
    return null;
  }
  // Frozen all the way down: a verifier hands the same grant to every request with this token.
  const actor: Actor = Object.freeze({
    id: sub,
    name,
    ...(typeof tenant === 'string' ? { tenant } : {}),
    actions: Object.freeze([...actions]) as ActionKind[],
    employees: Object.freeze([emp]) as string[],
  });
  return Object.freeze({
    actor,
    employeeEmail: emp,
    actions: Object.freeze([...actions]) as ActionKind[],
    ...(typeof sid === 'string' ? { sessionId: sid } : {}),
    issuedAt: iat * 1000,
    expiresAt: exp * 1000,
  });
}

/** Why verifying threw, as a refusal: expired, not yet valid (with how long until it is), or invalid. */
function refusalOf(error: unknown, tolerance: number, now: number): TokenVerification {
  if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
  // Claims are checked only once the signature holds, so this is a genuine token from a clock that runs ahead.
  if (error instanceof errors.JWTClaimValidationFailed && (error.claim === 'iat' || error.claim === 'nbf')) {
    const validFrom = Number(error.payload[error.claim]) * 1000 - tolerance;
    return { ok: false, reason: 'not_yet_valid', retryAfterMs: Math.max(0, validFrom - now) };
  }
  return { ok: false, reason: 'invalid' };
}
