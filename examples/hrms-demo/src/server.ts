/**
 * The demo HRMS's HTTP server (node:http). It serves the pages, the demo's own sign-in, and mounts the
 * offboard handler from @hexnode-offboard/proxy under /api/hexnode-offboard with both authentication
 * modes: the signed session cookie (authorize hook) and per-employee session tokens.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { BudgetOptions } from '@hexnode-offboard/core';
import { CSRF_HEADER, CSRF_HEADER_VALUE, DEFAULT_BASE_PATH, ROUTES } from '@hexnode-offboard/core/protocol';
import {
  createOffboardHandler,
  mintSessionToken,
  type AuditRecord,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import { createSqliteStore, toNodeListener } from '@hexnode-offboard/proxy/node';
import type { BuiltPages, PageName } from './assets.js';
import { findEmployee, leaversThisWeek, searchEmployees, type Employee } from './employees.js';
import { SHARED_DEVICE_GROUPS } from './fleet.js';
import { escapeHtml, type SafeHtml } from './html.js';
import {
  auditPage,
  directoryPage,
  employeePage,
  layout,
  notFoundPage,
  offboardingPage,
  signinPage,
  type LayoutContext,
} from './pages.js';
import { setPageHeaders } from './security.js';
import {
  actorFor,
  checkCredentials,
  FileRevokedSessions,
  SessionManager,
  tokenLifetime,
  type Session,
} from './sessions.js';

export interface DemoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** The origin people open, when it is not this server's own (a proxy in front, another hostname). */
  publicUrl?: string | null;
  /** Where the SQLite store, the demo's secrets and the signed-out session ids live. */
  dataDir: string;
  /** Which Hexnode the handler talks to. The key never leaves this process. */
  hexnode: { baseUrl: string; apiKey: string; budget?: BudgetOptions };
  pages: BuiltPages;
  /** How long a profile page's session token lives. Default 900 s. */
  tokenTtlSeconds?: number;
  /** Where one-line diagnostics go. Default console.error. */
  logError?: (line: string) => void;
}

export interface DemoServer {
  /** The URL to open, e.g. http://localhost:8787/. */
  url: string;
  /** The origins the handler accepts cookie-mode requests from. */
  allowedOrigins: string[];
  server: Server;
  store: OffboardStore;
  close(): Promise<void>;
}

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cad"/><text x="16" y="21" font-family="sans-serif" font-size="13" font-weight="700" text-anchor="middle" fill="#fff">AP</text></svg>`;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const MAX_FORM_BYTES = 4096;

interface Secrets {
  session: string;
  token: string;
}

/** The demo's signing secrets, created once per data folder (so sessions survive a restart). */
function loadSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
    if (typeof parsed.session === 'string' && typeof parsed.token === 'string') return parsed as Secrets;
  }
  const secrets = {
    session: randomBytes(32).toString('base64url'),
    token: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** A local path to go to after sign-in; anything else (another site, `//host`) becomes `/`. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const logError = options.logError ?? ((line: string) => console.error(line));
  await mkdir(options.dataDir, { recursive: true });
  const secrets = loadSecrets(options.dataDir);
  // Signed-out session ids, kept in the data folder so a restart does not bring a signed-out cookie back.
  const revoked = new FileRevokedSessions({ path: join(options.dataDir, 'revoked-sessions.json') });
  const { pages } = options;
  const basePath = DEFAULT_BASE_PATH;
  const storePath = join(options.dataDir, 'offboard.sqlite');
  let store: OffboardStore;
  try {
    store = createSqliteStore({ path: storePath });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot open the store ${storePath} (${why}): move the data folder away or set HRMS_DEMO_DATA_DIR to start afresh.`,
      { cause: error },
    );
  }

  const publicUrl = options.publicUrl ?? null;
  const sessions = new SessionManager({
    secret: Buffer.from(secrets.session),
    secure: publicUrl?.startsWith('https:') ?? false,
    revoked,
  });

  // Filled in once the server listens (the port may be 0).
  let allowedOrigins: string[] = [];
  let ownOrigin = '';
  let offboardHandler: ((request: Request) => Promise<Response>) | null = null;
  let apiListener: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;

  function fromAllowedOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (typeof origin === 'string') return allowedOrigins.includes(origin);
    // No Origin header: only a same-origin navigation from a browser that says so.
    return req.headers['sec-fetch-site'] === 'same-origin';
  }

  function sendPage(res: ServerResponse, page: PageName, title: string, body: SafeHtml, status = 200): void {
    const document = pages.templates[page]
      .replace('<!--title-->', () => escapeHtml(`${title} · Acme People`))
      .replace('<!--body-->', () => body.value);
    setPageHeaders(res);
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(document);
  }

  function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
    setPageHeaders(res);
    res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', ...headers });
    res.end();
  }

  function plain(
    res: ServerResponse,
    status: number,
    text: string,
    headers: Record<string, string> = {},
  ): void {
    setPageHeaders(res);
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    });
    res.end(text);
  }

  async function serveAsset(res: ServerResponse, pathname: string): Promise<void> {
    const relative = normalize(decodeURIComponent(pathname.slice('/assets/'.length)));
    const file = join(pages.assetsDir, relative);
    const type = CONTENT_TYPES[extname(file)];
    if (!type || relative.startsWith('..') || !file.startsWith(pages.assetsDir + sep)) {
      plain(res, 404, 'Not found');
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      plain(res, 404, 'Not found');
      return;
    }
    setPageHeaders(res);
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
    res.end(body);
  }

  /** Reads the whole audit log through the handler's export (GET {base}/audit), as the signed-in person. */
  async function readAudit(
    cookie: string | undefined,
  ): Promise<{ records: AuditRecord[] | null; problem: string | null }> {
    if (!offboardHandler) throw new Error('The offboard handler is not ready.');
    const records: AuditRecord[] = [];
    let after = 0;
    for (;;) {
      const url = new URL(`${basePath}${ROUTES.audit}?after=${after}`, ownOrigin);
      const response = await offboardHandler(
        new Request(url, { headers: { cookie: cookie ?? '', [CSRF_HEADER]: CSRF_HEADER_VALUE } }),
      );
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
      if (page.nextAfter === null) return { records, problem: null };
      after = page.nextAfter;
    }
  }

  /**
   * Token mode: a short-lived token for the signed-in person, this one employee and the role's actions.
   * Profile pages carry one, and the widget asks POST /employees/{id}/session-token for a fresh one when it expires.
   */
  function mintToken(session: Session, employee: Employee): Promise<string> {
    const actor = actorFor(session);
    return mintSessionToken({
      secret: secrets.token,
      actor: { id: actor.id, name: actor.name },
      employee: { email: employee.email },
      actions: actor.actions,
      ttlSeconds: tokenLifetime(session, Math.floor(Date.now() / 1000), options.tokenTtlSeconds ?? 900),
      // Signing out ends the tokens minted in this session too (see isRevoked below).
      session: session.sid,
    });
  }

  async function handlePage(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    session: Session,
  ): Promise<void> {
    const ctx = (current: LayoutContext['current']): LayoutContext => ({
      session,
      csrfToken: sessions.csrfToken(session),
      current,
    });
    const now = new Date();
    if (url.pathname === '/') {
      const query = url.searchParams.get('q') ?? '';
      sendPage(
        res,
        'directory',
        'Directory',
        layout(ctx('directory'), directoryPage(query, searchEmployees(query), now)),
      );
      return;
    }
    const profile = /^\/employees\/([A-Za-z0-9-]+)$/.exec(url.pathname);
    if (profile) {
      const employee = findEmployee(profile[1] ?? '');
      if (!employee) {
        sendPage(res, 'directory', 'Not found', layout(ctx(null), notFoundPage()), 404);
        return;
      }
      const sessionToken = await mintToken(session, employee);
      sendPage(
        res,
        'employee',
        employee.name,
        layout(ctx('directory'), employeePage({ employee, sessionToken, now })),
      );
      return;
    }
    if (url.pathname === '/offboarding') {
      sendPage(
        res,
        'offboarding',
        'Offboarding',
        layout(ctx('offboarding'), offboardingPage(leaversThisWeek(), now)),
      );
      return;
    }
    if (url.pathname === '/audit') {
      const { records, problem } = await readAudit(req.headers.cookie);
      const showAll = url.searchParams.get('view') === 'all';
      sendPage(res, 'audit', 'Audit log', layout(ctx('audit'), auditPage(records, showAll, problem)));
      return;
    }
    sendPage(res, 'directory', 'Not found', layout(ctx(null), notFoundPage()), 404);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const method = req.method ?? 'GET';

    if (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)) {
      if (apiListener) apiListener(req, res);
      else plain(res, 503, 'Starting.');
      return;
    }
    const session = sessions.read(req.headers.cookie);
    const isRead = method === 'GET' || method === 'HEAD';

    if (isRead && url.pathname.startsWith('/assets/')) return serveAsset(res, url.pathname);
    if (isRead && url.pathname === '/favicon.svg') {
      setPageHeaders(res);
      res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' });
      res.end(FAVICON);
      return;
    }
    if (isRead && url.pathname === '/favicon.ico') {
      redirect(res, '/favicon.svg');
      return;
    }

    if (url.pathname === '/signin') {
      if (isRead) {
        const next = safeNext(url.searchParams.get('next'));
        if (session) return redirect(res, next);
        sendPage(res, 'signin', 'Sign in', signinPage({ error: null, next, username: '' }));
        return;
      }
      if (method !== 'POST') return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD, POST' });
      if (!fromAllowedOrigin(req)) return plain(res, 403, 'Cross-site sign-in refused.');
      const form = await readForm(req);
      if (!form) return plain(res, 400, 'Expected a sign-in form.');
      const next = safeNext(form.get('next'));
      const account = checkCredentials(form.get('username') ?? '', form.get('password') ?? '');
      if (!account) {
        sendPage(
          res,
          'signin',
          'Sign in',
          signinPage({ error: 'Wrong username or password.', next, username: form.get('username') ?? '' }),
          401,
        );
        return;
      }
      const { setCookie } = sessions.signIn(account);
      return redirect(res, next, { 'Set-Cookie': setCookie });
    }

    if (url.pathname === '/signout') {
      if (method !== 'POST') return plain(res, 405, 'Method not allowed', { Allow: 'POST' });
      if (!fromAllowedOrigin(req)) return plain(res, 403, 'Cross-site sign-out refused.');
      const form = await readForm(req);
      if (session && !sessions.verifyCsrfToken(session, form?.get('csrf'))) {
        return plain(res, 403, 'Sign-out refused: the form is stale. Reload the page and try again.');
      }
      return redirect(res, '/signin', { 'Set-Cookie': sessions.signOut(session) });
    }

    const tokenRoute = /^\/employees\/([A-Za-z0-9-]+)\/session-token$/.exec(url.pathname);
    if (tokenRoute) {
      if (method !== 'POST') return plain(res, 405, 'Method not allowed', { Allow: 'POST' });
      if (!fromAllowedOrigin(req)) return plain(res, 403, 'Cross-site request refused.');
      if (!session) return plain(res, 401, 'Sign in first.');
      const employee = findEmployee(tokenRoute[1] ?? '');
      if (!employee) return plain(res, 404, 'No such employee.');
      setPageHeaders(res);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ token: await mintToken(session, employee) }));
      return;
    }

    if (!isRead) return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    if (!session) return redirect(res, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
    await handlePage(req, res, url, session);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logError(
        `Request ${req.method} ${req.url?.split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent) plain(res, 500, 'Something went wrong.');
      else res.destroy();
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8787, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await store.close?.();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const localOrigins = isLoopback(host)
    ? [`http://localhost:${port}`, `http://127.0.0.1:${port}`]
    : [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  allowedOrigins = publicUrl ? [publicUrl, ...localOrigins] : localOrigins;
  ownOrigin = allowedOrigins[0] ?? `http://127.0.0.1:${port}`;
  offboardHandler = createOffboardHandler({
    basePath,
    hexnode: { ...options.hexnode },
    // Cookie mode: the Offboarding page's buttons send the demo's own session cookie.
    authorize: async (request) => {
      const session = sessions.read(request.headers.get('cookie'));
      return session ? actorFor(session) : null;
    },
    // Token mode: profile pages carry a token minted for one employee (see handlePage); a token dies with the
    // session it was minted in.
    sessionTokens: {
      secret: secrets.token,
      isRevoked: (grant) => grant.sessionId === undefined || revoked.has(grant.sessionId),
    },
    allowedOrigins,
    actions: ['lock', 'wipe'],
    limits: { maxDevicesPerAction: 10, maxActionsPerActorPerHour: 30 },
    store,
    sharedDeviceGroups: SHARED_DEVICE_GROUPS,
  });
  apiListener = toNodeListener(offboardHandler);

  return {
    url: `${publicUrl ?? (isLoopback(host) ? `http://localhost:${port}` : ownOrigin)}/`,
    allowedOrigins,
    server,
    store,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close?.();
    },
  };
}
