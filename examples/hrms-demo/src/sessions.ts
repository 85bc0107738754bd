/**
 * The demo HRMS's own sign-in: two demo accounts, signed session cookies (HMAC-SHA256, HttpOnly,
 * SameSite=Lax), a per-session CSRF token for sign-out, and a list of signed-out session ids so a copied
 * cookie stops working at sign-out. An HRMS plugs its real sessions in the same place: the handler only
 * ever sees `actorFor(session)`.
 *
 * The signed-out list (in memory, or in a file several instances share) is in revoked-sessions.ts.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ActionKind } from '@hexnode-offboard/core/protocol';
import { MemoryRevokedSessions, type RevokedSessions } from './revoked-sessions.js';

export type Role = 'hr_admin' | 'hr_viewer';

export interface RoleInfo {
  label: string;
  /** What this role may do to a leaver's devices (the handler's deny-by-default allowlist). */
  actions: ActionKind[];
  canReadAudit: boolean;
  /** May signal a termination (the profile's Terminate button: a signed event to the termination webhook). */
  canTerminate: boolean;
  /** May approve or reject a termination job the two-person rule holds (never one they asked for). */
  canApproveJobs: boolean;
}

export const ROLES: Record<Role, RoleInfo> = {
  hr_admin: {
    label: 'HR admin',
    actions: ['lock', 'wipe', 'disenroll', 'reassign', 'mark_disenrolled'],
    canReadAudit: true,
    canTerminate: true,
    canApproveJobs: true,
  },
  hr_viewer: {
    label: 'HR viewer',
    actions: [],
    canReadAudit: true,
    canTerminate: false,
    canApproveJobs: false,
  },
};

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  role: Role;
}

/** The demo's accounts. Their passwords are printed on the sign-in page: this is a demo, not a product. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'harriet', password: 'demo', name: 'Harriet Hughes', role: 'hr_admin' },
  // A second HR admin: a termination job Harriet asked for and the two-person rule holds needs her (or another).
  { username: 'ingrid', password: 'demo', name: 'Ingrid Iyer', role: 'hr_admin' },
  { username: 'victor', password: 'demo', name: 'Victor Vance', role: 'hr_viewer' },
];

export interface Session {
  /** Session id: random, also what the CSRF token is bound to. */
  sid: string;
  username: string;
  name: string;
  role: Role;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** What the offboard handler needs to know about the signed-in person (its `Actor`). */
export interface DemoActor {
  id: string;
  name: string;
  actions: ActionKind[];
  canReadAudit: boolean;
  canApproveJobs: boolean;
}

export function actorFor(session: Pick<Session, 'username' | 'name' | 'role'>): DemoActor {
  const role = ROLES[session.role];
  return {
    id: session.username,
    name: session.name,
    actions: [...role.actions],
    canReadAudit: role.canReadAudit,
    canApproveJobs: role.canApproveJobs,
  };
}

/** The signed-in person's actor id when they may approve held termination jobs; otherwise null. */
export function approverOf(session: Pick<Session, 'username' | 'role'>): string | null {
  return ROLES[session.role].canApproveJobs ? session.username : null;
}

/**
 * How long a session token minted now may live: `maxSeconds`, but never past the session's own end, because a
 * signed-out session's id is remembered (and its tokens refused) only until then. At least one second.
 */
export function tokenLifetime(session: Pick<Session, 'exp'>, nowSeconds: number, maxSeconds: number): number {
  return Math.max(1, Math.min(maxSeconds, session.exp - nowSeconds));
}

export const SESSION_COOKIE = 'hrms_demo_session';
const SESSION_TTL_SECONDS = 8 * 60 * 60;

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Checks a username and password against the demo accounts (constant-time per comparison). */
export function checkCredentials(username: string, password: string): DemoAccount | null {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === username.trim().toLowerCase());
  if (!account) return null;
  return sameText(account.password, password) ? account : null;
}

/** Reads one cookie's value from a Cookie header. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export interface SessionManagerOptions {
  /** At least 32 bytes of secret; sessions signed with another secret are rejected. */
  secret: Buffer;
  /** Adds `Secure` to the cookie (set when the demo is served over https). */
  secure?: boolean;
  /** Where signed-out session ids are kept. Default: in memory. */
  revoked?: RevokedSessions;
  now?: () => number;
}

export class SessionManager {
  readonly #secret: Buffer;
  readonly #secure: boolean;
  readonly #revoked: RevokedSessions;
  readonly #now: () => number;

  constructor(options: SessionManagerOptions) {
    if (options.secret.length < 32) throw new Error('The session secret must be at least 32 bytes.');
    this.#secret = options.secret;
    this.#secure = options.secure ?? false;
    this.#now = options.now ?? Date.now;
    this.#revoked = options.revoked ?? new MemoryRevokedSessions({ now: this.#now });
  }

  #sign(value: string): string {
    return createHmac('sha256', this.#secret).update(value).digest('base64url');
  }

  /** Starts a session for an account: returns it and the Set-Cookie header value. */
  signIn(account: DemoAccount): { session: Session; setCookie: string } {
    const session: Session = {
      sid: randomBytes(16).toString('base64url'),
      username: account.username,
      name: account.name,
      role: account.role,
      exp: Math.floor(this.#now() / 1000) + SESSION_TTL_SECONDS,
    };
    const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
    const value = `${payload}.${this.#sign(`session.${payload}`)}`;
    return { session, setCookie: this.#cookie(value, SESSION_TTL_SECONDS) };
  }

  /**
   * Ends a session: its id is refused from now on (every copy of the cookie, until it would have expired)
   * and the returned Set-Cookie header value clears the browser's copy. Without a session, only the latter.
   */
  signOut(session: Session | null): string {
    if (session) this.#revoked.add(session.sid, session.exp);
    return this.#cookie('', 0);
  }

  #cookie(value: string, maxAge: number): string {
    return [
      `${SESSION_COOKIE}=${value}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
      `Max-Age=${maxAge}`,
      ...(this.#secure ? ['Secure'] : []),
    ].join('; ');
  }

  /** The session in a Cookie header, or null when absent, tampered with, malformed, expired or signed out. */
  read(cookieHeader: string | null | undefined): Session | null {
    const value = readCookie(cookieHeader, SESSION_COOKIE);
    if (!value) return null;
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const payload = value.slice(0, dot);
    if (!sameText(value.slice(dot + 1), this.#sign(`session.${payload}`))) return null;
    let session: unknown;
    try {
      session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!isSession(session)) return null;
    if (session.exp * 1000 <= this.#now()) return null;
    if (this.#revoked.has(session.sid)) return null;
    return session;
  }

  /** A token bound to this session, required by the sign-out form. */
  csrfToken(session: Session): string {
    return this.#sign(`csrf.${session.sid}`);
  }

  verifyCsrfToken(session: Session, token: string | null | undefined): boolean {
    return typeof token === 'string' && sameText(token, this.csrfToken(session));
  }
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.sid === 'string' &&
    typeof v.username === 'string' &&
    typeof v.name === 'string' &&
    typeof v.exp === 'number' &&
    (v.role === 'hr_admin' || v.role === 'hr_viewer')
  );
}
