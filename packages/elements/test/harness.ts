/**
 * The backend for the widget's browser tests: the real handler (`createOffboardHandler` with the memory
 * store) runs in the page behind msw's service worker at the widget's endpoint, and talks to the real
 * simulator, also served through msw (`createHexnodeHandlers`). Tests observe the wire: what the widget sent
 * to the handler, and what reached Hexnode (`sim.actionsSent()`).
 * Only network-edge failures (a 500 with garbage, a dead network) are answered by msw directly (`backend.use`).
 * Each test's backend hears only its own test: a request carrying a token it never minted comes from an element of
 * an earlier test (a poll aborted when that element was removed, which msw hands over only now), and is refused
 * as a network error without being recorded.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { setupWorker } from 'msw/browser';
import {
  createMemoryStore,
  createOffboardHandler,
  mintSessionToken,
  type Actor,
  type OffboardHandlerOptions,
} from '@hexnode-offboard/proxy';
import {
  createHexnodeHandlers,
  createSimulator,
  type Simulator,
  type SimulatorOptions,
} from '@hexnode-offboard/simulator';
import type { TemplateResult } from 'lit';
import '../src/index.js';
import type { HexnodeOffboardButton, OffboardState } from '../src/index.js';

export const ENDPOINT = '/api/hexnode-offboard';
export const JANE = 'jane.leaver@acme.example';
/** Hexnode's minute in the browser tests, see {@link startBackend}. */
export const TEST_MINUTE_MS = 1000;
export const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';

/** One request the widget sent to the handler. */
export interface WireRequest {
  method: string;
  path: string;
  headers: Headers;
  credentials: RequestCredentials;
  body: unknown;
  /** The handler's answer status, once it answered. */
  status?: number;
}

export interface Backend {
  sim: Simulator;
  /** Every request the widget sent to the endpoint, in order. */
  requests: WireRequest[];
  /** The `POST /actions` requests. */
  actionRequests(): WireRequest[];
  /** The handler's clock: `Date.now()` plus `advance`d time (tokens expire by it). */
  advance(ms: number): void;
  now(): number;
  /** A session token for this backend's actor and one employee (token mode). */
  mint(employee?: string, ttlSeconds?: number): Promise<string>;
  /** Answer requests directly (network-edge cases only). */
  use(...handlers: RequestHandler[]): void;
  /** The handler itself, for a test that passes its answer on with a field the handler does not send yet. */
  handle(request: Request): Promise<Response>;
  /** A button for `email` with a session token for it, pointed at the handler. */
  button(email?: string): Promise<HexnodeOffboardButton>;
}

export interface BackendOptions {
  actor?: Partial<Actor>;
  handler?: Partial<OffboardHandlerOptions>;
  simulator?: SimulatorOptions;
  /**
   * Cookie mode (`authorize`) instead of token mode. In a browser the handler cannot see the request's
   * `Origin` behind msw (the page rebuilds the request and drops forbidden headers), so cookie mode's CSRF check
   * refuses every mutating request here; the suite runs in token mode, as an HRMS embedding the widget does.
   */
  cookies?: boolean;
}

const worker = setupWorker();
let started: Promise<unknown> | undefined;

/** Starts (once per page) the service worker and routes the endpoint to a fresh handler and simulator. */
export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  started ??= worker.start({
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  await started;
  // Hexnode's minute runs in one second here, for the simulated portal and the handler's budget alike: a test's
  // flow (a cold preview of three devices is 10 calls, an action 5 more, then status polls) would spend more than
  // the kit's 24 calls of a real minute and wait it out. Tests that are about the throttle pass their own.
  const throttle = options.simulator?.throttle ?? { windowMs: TEST_MINUTE_MS };
  const sim = createSimulator({ checkinMs: 40, ...options.simulator, throttle });
  let offset = 0;
  const now = () => Date.now() + offset;
  const actor: Actor = { id: 'hr-1', name: 'Ada Admin', actions: ['lock', 'wipe'], ...options.actor };
  const handler = createOffboardHandler({
    basePath: ENDPOINT,
    // The handler's request budget keeps the simulated portal's window, as a real deployment keeps Hexnode's.
    hexnode: {
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      ...(throttle ? { budget: { windowMs: throttle.windowMs } } : {}),
    },
    store: createMemoryStore(),
    sharedDeviceGroups: ['Warehouse Handhelds'],
    now,
    logger: { error: () => undefined },
    ...(options.cookies
      ? { authorize: async () => actor, allowedOrigins: [location.origin] }
      : { sessionTokens: { secret: SECRET } }),
    ...options.handler,
  });
  const requests: WireRequest[] = [];
  const minted = new Set<string>();
  worker.resetHandlers(
    ...createHexnodeHandlers(sim),
    http.all(`${ENDPOINT}/*`, async ({ request }) => {
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
      if (token && !minted.has(token)) return HttpResponse.error();
      const text = await request.clone().text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      const wire: WireRequest = {
        method: request.method,
        path: new URL(request.url).pathname.slice(ENDPOINT.length),
        headers: request.headers,
        credentials: request.credentials,
        body,
      };
      requests.push(wire);
      const response = await handler(request);
      wire.status = response.status;
      return response;
    }),
  );
  const mint = async (employee = JANE, ttlSeconds = 300) => {
    const token = await mintSessionToken({
      secret: SECRET,
      actor,
      employee,
      actions: actor.actions,
      ttlSeconds,
      now,
    });
    minted.add(token);
    return token;
  };
  return {
    sim,
    requests,
    actionRequests: () => requests.filter((r) => r.method === 'POST' && r.path === '/actions'),
    advance: (ms) => (offset += ms),
    now,
    mint,
    use: (...handlers) => worker.use(...handlers),
    handle: (request) => handler(request),
    button: async (email = JANE) =>
      mount(
        html`<hexnode-offboard-button
          endpoint=${ENDPOINT}
          employee-email=${email}
          session-token=${await mint(email)}
          poll-interval="20"
        ></hexnode-offboard-button>`,
      ),
  };
}

// ---------------------------------------------------------------------------------------------
// Widget helpers
// ---------------------------------------------------------------------------------------------

export async function mount(template: TemplateResult): Promise<HexnodeOffboardButton> {
  const root = await fixture<HTMLElement>(template);
  const button =
    root.localName === 'hexnode-offboard-button'
      ? (root as HexnodeOffboardButton)
      : root.querySelector('hexnode-offboard-button')!;
  await button.updateComplete;
  return button;
}

export const $ = <T extends Element = HTMLElement>(el: HexnodeOffboardButton, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: HexnodeOffboardButton, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(selector),
];
export const trigger = (el: HexnodeOffboardButton) => $<HTMLButtonElement>(el, '[part=button]')!;
export const dialog = (el: HexnodeOffboardButton) => $<HTMLDialogElement>(el, 'dialog')!;
export const submitButton = (el: HexnodeOffboardButton) => $<HTMLButtonElement>(el, '.submit')!;
/** The focused element inside the widget, described by its class (chai cannot print DOM nodes safely). */
export async function focused(el: HexnodeOffboardButton): Promise<string> {
  await el.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const active = el.shadowRoot!.activeElement;
  return active ? `${active.localName}.${[...active.classList].join('.')}` : 'nothing';
}
export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

export async function waitForState(el: HexnodeOffboardButton, ...states: OffboardState[]): Promise<void> {
  await waitUntil(
    () => states.includes(el.state),
    `state stayed ${el.state}, expected ${states.join(' or ')}`,
    { timeout: 8000 },
  );
  await el.updateComplete;
}

/** Clicks the button and waits for the dialog (or another answer) to show. */
export async function open(el: HexnodeOffboardButton): Promise<void> {
  trigger(el).click();
  await waitUntil(() => el.state !== 'loading' && el.state !== 'idle', 'the preview never came', {
    timeout: 8000,
  });
  await el.updateComplete;
}

/** Types into an input of the dialog the way a user does (value + input event). */
export async function type(el: HexnodeOffboardButton, selector: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(el, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/**
 * Types the confirmation text shown in the dialog. The field is there only before an erase or a disenroll: with
 * a lock (the default choice) there is nothing to type, and the tests' flows go on as HR's would.
 */
export async function confirmText(el: HexnodeOffboardButton, value = JANE): Promise<void> {
  await el.updateComplete;
  if ($(el, '.confirm-input')) await type(el, '.confirm-input', value);
}
