/**
 * Shared fixtures for the client tests: an msw server for targeted edge-case handlers (the network
 * edge), Hexnode-shaped payloads, and a client wired to record every request it sends.
 */
import { http, HttpResponse, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { after, afterEach, before } from 'node:test';
import { HexnodeClient, type HexnodeClientOptions } from '@hexnode-offboard/core';

export const BASE = 'https://acme.hexnodemdm.com/api/v1/';
export const API_KEY = 'sk-test-9f8e7d6c5b4a-very-secret';

export const server = setupServer();

/** Starts the msw server for this test file and clears per-test handlers after each test. */
export function useMswServer(): void {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  after(() => server.close());
}

export interface Recorded {
  method: string;
  url: URL;
  authorization: string | null;
  body: unknown;
}

/** Every request that reached msw, in order. */
export function recordRequests(): Recorded[] {
  const requests: Recorded[] = [];
  server.events.removeAllListeners('request:start');
  server.events.on('request:start', ({ request }) => {
    const clone = request.clone();
    const entry: Recorded = {
      method: request.method,
      url: new URL(request.url),
      authorization: request.headers.get('authorization'),
      body: undefined,
    };
    requests.push(entry);
    void clone
      .text()
      .then((text) => {
        entry.body = text ? JSON.parse(text) : undefined;
      })
      .catch(() => undefined);
  });
  return requests;
}

export function use(...handlers: RequestHandler[]): void {
  server.use(...handlers);
}

/** Waits recorded by the client instead of real sleeps. */
export function recordingWait(): { waits: number[]; wait: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, wait: async (ms) => void waits.push(ms) };
}

/** A clock for the request budget that moves only when the budget sleeps, recording each sleep. */
export function fakeClock(start = Date.parse('2026-03-02T09:00:00.000Z')) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => void (now += ms),
  };
}

export function makeClient(options: Partial<HexnodeClientOptions> = {}): HexnodeClient {
  return new HexnodeClient({ baseUrl: BASE, apiKey: API_KEY, retry: { wait: async () => {} }, ...options });
}

export const rawUser = (id: number, email: string | null, extra: Record<string, unknown> = {}) => ({
  id,
  name: `User ${id}`,
  email,
  phoneno: '',
  domain: 'local',
  total_devices: 0,
  ...extra,
});

export const rawDevice = (id: number, userId: number | null, extra: Record<string, unknown> = {}) => ({
  id,
  device_name: `Device ${id}`,
  model_name: 'Pixel 8',
  os_name: 'Android',
  os_version: '15',
  enrolled_time: '2026-01-04T07:09:25.362338Z',
  last_reported: '2026-11-20T12:04:09.609Z',
  compliant: true,
  serial_number: `SER${id}`,
  udid: `udid-${id}`,
  enrollment_status: 'enrolled',
  user: userId === null ? null : { id: userId, name: `User ${userId}` },
  imei: '290562302172824',
  ...extra,
});

/** A list endpoint that serves `items` as DRF pages with absolute `next`/`previous` links. */
export function pagedList(path: string, items: unknown[]) {
  return http.get(`${BASE}${path}`, ({ request }) => {
    const url = new URL(request.url);
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 100), 250);
    const page = Number(url.searchParams.get('page') ?? 1);
    const start = (page - 1) * perPage;
    if (page > 1 && start >= items.length)
      return HttpResponse.json({ detail: 'Invalid page.' }, { status: 404 });
    const link = (n: number) => {
      const next = new URL(`${BASE}${path}`);
      next.searchParams.set('page', String(n));
      next.searchParams.set('per_page', String(perPage));
      return next.href;
    };
    return HttpResponse.json({
      count: items.length,
      next: start + perPage < items.length ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: items.slice(start, start + perPage),
    });
  });
}
