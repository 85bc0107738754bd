/**
 * Everything this HRMS does to embed the Hexnode Offboard Kit: the handler under /api/hexnode-offboard (cookie
 * and token mode), session tokens for profile pages and the route that renews one, and the audit log for the
 * Audit page. The rest of the demo is the HRMS itself. docs/demo.md shows this file as it is.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CSRF_HEADER, CSRF_HEADER_VALUE, DEFAULT_BASE_PATH, ROUTES } from '@hexnode-offboard/core/protocol';
import {
  createOffboardHandler,
  mintSessionToken,
  type AuditRecord,
  type HexnodeConnection,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import { toNodeListener } from '@hexnode-offboard/proxy/node';
import type { Employee } from './employees.js';
import { SHARED_DEVICE_GROUPS } from './fleet.js';
import { shiftPoolTarget } from './pool.js';
import { json, plain } from './respond.js';
import { fromOrigins } from './security.js';
import type { RevokedSessions } from './revoked-sessions.js';
import { actorFor, tokenLifetime, type Session, type SessionManager } from './sessions.js';

export interface OffboardSettings {
  hexnode: HexnodeConnection; // the key never leaves the server
  origins: string[]; // where people open the HRMS: cookie-mode requests must come from one of them
  store: OffboardStore; // audit log, idempotency keys, rate limits
  sessions: SessionManager; // the HRMS's own sign-in
  revoked: RevokedSessions; // signed-out sessions: their tokens die with them
  tokenSecret: string;
  tokenTtlSeconds: number;
}

export class Offboard {
  static readonly basePath = DEFAULT_BASE_PATH;
  readonly #settings: OffboardSettings;
  readonly #handler: (request: Request) => Promise<Response>;
  /** The handler for node:http: requests under `Offboard.basePath`. */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(settings: OffboardSettings) {
    const { sessions, revoked } = (this.#settings = settings);
    this.#handler = createOffboardHandler({
      basePath: Offboard.basePath,
      // Hexnode allows 30 calls a minute: every process on the store's file spends one budget, counted there.
      hexnode: {
        ...settings.hexnode,
        budget: { ...settings.hexnode.budget, store: settings.store.budgetStore },
      },
      // Cookie mode (the Offboarding page): the HRMS session's person, with their role's actions.
      authorize: async (request) => {
        const session = sessions.read(request.headers.get('cookie'));
        return session ? actorFor(session) : null; // HR admin: lock, wipe, disenroll, reassign; HR viewer: none
      },
      // Token mode (profile pages): tokens minted below, refused once their session signs out.
      sessionTokens: {
        secret: settings.tokenSecret,
        isRevoked: (grant) => grant.sessionId === undefined || revoked.has(grant.sessionId),
      },
      allowedOrigins: settings.origins,
      actions: ['lock', 'wipe', 'disenroll', 'reassign', 'mark_disenrolled'],
      limits: { maxDevicesPerAction: 10, maxActionsPerActorPerHour: 30 },
      store: settings.store,
      sharedDeviceGroups: SHARED_DEVICE_GROUPS,
      // Shared handhelds go to the shift pool, whose Hexnode id is looked up by its email (never hard-coded).
      reassignTo: shiftPoolTarget(settings.hexnode),
    });
    this.listener = toNodeListener(this.#handler);
  }

  /** A token for the signed-in person and this one employee, for the button on the profile page. */
  mintToken(session: Session, employee: Employee): Promise<string> {
    const { id, name, actions } = actorFor(session);
    const now = Math.floor(Date.now() / 1000);
    return mintSessionToken({
      secret: this.#settings.tokenSecret,
      actor: { id, name },
      employee: { email: employee.email },
      actions,
      ttlSeconds: tokenLifetime(session, now, this.#settings.tokenTtlSeconds),
      session: session.sid, // signing out ends it
    });
  }

  /** POST /employees/{id}/session-token: a fresh token when the page's expired (the widget's fetchSessionToken). */
  async renewToken(req: IncomingMessage, res: ServerResponse, session: Session | null, employee?: Employee) {
    if (!fromOrigins(req, this.#settings.origins)) return plain(res, 403, 'Cross-site request refused.');
    if (!session) return plain(res, 401, 'Sign in first.');
    if (!employee) return plain(res, 404, 'No such employee.');
    json(res, { token: await this.mintToken(session, employee) });
  }

  /** The whole audit log, read through the handler's export (GET {base}/audit) as the signed-in person. */
  async readAudit(cookie = ''): Promise<{ records: AuditRecord[] | null; problem: string | null }> {
    const records: AuditRecord[] = [];
    for (let after: number | null = 0; after !== null;) {
      const url = new URL(`${Offboard.basePath}${ROUTES.audit}?after=${after}`, this.#settings.origins[0]);
      const headers = { cookie, [CSRF_HEADER]: CSRF_HEADER_VALUE };
      const response = await this.#handler(new Request(url, { headers }));
      if (!response.ok) {
        const problem = (await response.json().catch(() => null)) as {
          title?: string;
          detail?: string;
        } | null;
        const why = problem?.detail ?? problem?.title ?? `HTTP ${response.status}`;
        return { records: null, problem: `The audit log could not be read: ${why}` };
      }
      const page = (await response.json()) as { records: AuditRecord[]; nextAfter: number | null };
      records.push(...page.records);
      after = page.nextAfter;
    }
    return { records, problem: null };
  }
}
