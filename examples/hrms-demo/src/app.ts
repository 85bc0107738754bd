/**
 * The demo HRMS's requests: the offboard handler under its base path, and the HRMS's own pages, sign-in and
 * sign-out through one route table (routes.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BuiltPages, PageName } from './assets.js';
import { findEmployee, leaversThisWeek, searchEmployees, type Employee } from './employees.js';
import type { SafeHtml } from './html.js';
import { Offboard } from './offboard.js';
import { auditPage } from './views/audit.js';
import { directoryPage } from './views/directory.js';
import { layout, type LayoutContext } from './views/layout.js';
import { notFoundPage } from './views/not-found.js';
import { offboardingPage } from './views/offboarding.js';
import { employeePage } from './views/profile.js';
import { signinPage } from './views/sign-in.js';
import { plain, readForm, redirect, sendPage, serveAsset } from './respond.js';
import { allowed, handlerFor, matchRoute, type Route, type RouteRequest } from './routes.js';
import { fromOrigins, setPageHeaders } from './security.js';
import { approverOf, checkCredentials, type SessionManager } from './sessions.js';
import type { TerminationRoutes } from './termination-routes.js';
import { Terminations } from './terminations.js';
import type { TerminationNotice } from './views/termination.js';

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cad"/><text x="16" y="21" font-family="sans-serif" font-size="13" font-weight="700" text-anchor="middle" fill="#fff">AP</text></svg>`;
const EMPLOYEE_ID = '([A-Za-z0-9-]+)';

/** A local path to go to after sign-in; anything else (another site, `//host`) becomes `/`. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export interface DemoAppOptions {
  pages: BuiltPages;
  sessions: SessionManager;
  offboard: Offboard;
  /** The termination webhook endpoint and the job queue. */
  terminations: Terminations;
  /** The profile's Terminate form and card. */
  terminationRoutes: TerminationRoutes;
  /** The HRMS's own origins: sign-in and sign-out are accepted only from them. */
  origins: string[];
  logError: (line: string) => void;
}

export class DemoApp {
  readonly #pages: BuiltPages;
  readonly #sessions: SessionManager;
  readonly #offboard: Offboard;
  readonly #terminations: Terminations;
  readonly #terminationRoutes: TerminationRoutes;
  readonly #origins: string[];
  readonly #logError: (line: string) => void;

  readonly #routes: Route[] = [
    { path: /^\/assets\//, GET: ({ res, url }) => serveAsset(res, this.#pages.assetsDir, url.pathname) },
    { path: '/favicon.svg', GET: ({ res }) => favicon(res) },
    { path: '/favicon.ico', GET: ({ res }) => redirect(res, '/favicon.svg') },
    { path: '/signin', GET: (r) => this.#signinPage(r), POST: (r) => this.#signIn(r) },
    { path: '/signout', POST: (r) => this.#signOut(r) },
    {
      path: new RegExp(`^/employees/${EMPLOYEE_ID}/session-token$`),
      POST: ({ req, res, session, params }) =>
        this.#offboard.renewToken(req, res, session, findEmployee(params[0] ?? '')),
    },
    {
      path: new RegExp(`^/employees/${EMPLOYEE_ID}/terminate$`),
      POST: (r) =>
        this.#terminationRoutes.terminate(r, findEmployee(r.params[0] ?? ''), (employee, notice) =>
          this.#profile(r, employee, notice),
        ),
    },
    { path: '/', signedIn: true, GET: (r) => this.#directory(r) },
    { path: new RegExp(`^/employees/${EMPLOYEE_ID}$`), signedIn: true, GET: (r) => this.#profile(r) },
    { path: '/offboarding', signedIn: true, GET: (r) => this.#offboarding(r) },
    { path: '/audit', signedIn: true, GET: (r) => this.#audit(r) },
    { path: /^/, signedIn: true, GET: (r) => this.#notFound(r) },
  ];

  constructor(options: DemoAppOptions) {
    this.#pages = options.pages;
    this.#sessions = options.sessions;
    this.#offboard = options.offboard;
    this.#terminations = options.terminations;
    this.#terminationRoutes = options.terminationRoutes;
    this.#origins = options.origins;
    this.#logError = options.logError;
  }

  /** The node:http request listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.#handle(req, res).catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      this.#logError(`Request ${req.method} ${req.url?.split('?')[0]} failed: ${why}`);
      if (!res.headersSent) plain(res, 500, 'Something went wrong.');
      else res.destroy();
    });
  };

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const base = Offboard.basePath;
    if (url.pathname === base || url.pathname.startsWith(`${base}/`))
      return this.#offboard.listener(req, res);
    // The termination webhook: signed by the sender, no session (the kit checks the signature).
    if (url.pathname === Terminations.path) return this.#terminations.listener(req, res);
    const { route, params } = matchRoute(this.#routes, url.pathname)!; // the last route matches every path
    const handle = handlerFor(route, req.method ?? 'GET');
    if (!handle) return plain(res, 405, 'Method not allowed', { Allow: allowed(route) });
    const session = this.#sessions.read(req.headers.cookie);
    if (route.signedIn && !session)
      return redirect(res, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
    await handle({ req, res, url, session, params });
  }

  #page(
    r: RouteRequest,
    page: PageName,
    title: string,
    current: LayoutContext['current'],
    main: SafeHtml,
    status = 200,
  ) {
    const session = r.session!;
    const ctx = { session, csrfToken: this.#sessions.csrfToken(session), current };
    sendPage(r.res, this.#pages, page, title, layout(ctx, main), status);
  }

  #directory(r: RouteRequest): void {
    const query = r.url.searchParams.get('q') ?? '';
    this.#page(
      r,
      'directory',
      'Directory',
      'directory',
      directoryPage(query, searchEmployees(query), new Date()),
    );
  }

  /** A profile; after a failed Terminate, with its reason (and a 502: the endpoint did not store it). */
  async #profile(r: RouteRequest, failed?: Employee, notice?: TerminationNotice): Promise<void> {
    const employee = failed ?? findEmployee(r.params[0] ?? '');
    if (!employee) return this.#notFound(r);
    const sessionToken = await this.#offboard.mintToken(r.session!, employee);
    const termination = await this.#terminationRoutes.card(r, employee, notice ?? null);
    this.#page(
      r,
      'employee',
      employee.name,
      'directory',
      employeePage({ employee, sessionToken, now: new Date(), termination }),
      notice ? 502 : 200,
    );
  }

  async #offboarding(r: RouteRequest): Promise<void> {
    const jobs = await this.#terminations.listJobs();
    this.#page(
      r,
      'offboarding',
      'Offboarding',
      'offboarding',
      offboardingPage(leaversThisWeek(), new Date(), jobs, approverOf(r.session!)),
    );
  }

  async #audit(r: RouteRequest): Promise<void> {
    const { records, problem } = await this.#offboard.readAudit(r.req.headers.cookie);
    const showAll = r.url.searchParams.get('view') === 'all';
    this.#page(r, 'audit', 'Audit log', 'audit', auditPage(records, showAll, problem));
  }

  #notFound(r: RouteRequest): void {
    this.#page(r, 'directory', 'Not found', null, notFoundPage(), 404);
  }

  #signinPage({ res, url, session }: RouteRequest): void {
    const next = safeNext(url.searchParams.get('next'));
    if (session) return redirect(res, next);
    sendPage(res, this.#pages, 'signin', 'Sign in', signinPage({ error: null, next, username: '' }));
  }

  async #signIn({ req, res }: RouteRequest): Promise<void> {
    if (!fromOrigins(req, this.#origins)) return plain(res, 403, 'Cross-site sign-in refused.');
    const form = await readForm(req);
    if (!form) return plain(res, 400, 'Expected a sign-in form.');
    const next = safeNext(form.get('next'));
    const username = form.get('username') ?? '';
    const account = checkCredentials(username, form.get('password') ?? '');
    if (!account) {
      const page = signinPage({ error: 'Wrong username or password.', next, username });
      return sendPage(res, this.#pages, 'signin', 'Sign in', page, 401);
    }
    redirect(res, next, { 'Set-Cookie': this.#sessions.signIn(account).setCookie });
  }

  async #signOut({ req, res, session }: RouteRequest): Promise<void> {
    if (!fromOrigins(req, this.#origins)) return plain(res, 403, 'Cross-site sign-out refused.');
    const form = await readForm(req);
    if (session && !this.#sessions.verifyCsrfToken(session, form?.get('csrf'))) {
      return plain(res, 403, 'Sign-out refused: the form is stale. Reload the page and try again.');
    }
    redirect(res, '/signin', { 'Set-Cookie': this.#sessions.signOut(session) });
  }
}

function favicon(res: ServerResponse): void {
  setPageHeaders(res);
  res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' });
  res.end(FAVICON);
}
