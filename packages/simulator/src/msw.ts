/** msw request handlers serving a simulator, for `setupServer` (Node) and `setupWorker` (browsers, Storybook). */
import { http, type RequestHandler } from 'msw';
import { CONTROL_PREFIX } from './simulator.js';
import type { Simulator } from './types.js';

/**
 * Handlers for everything under the simulator's base URL (`https://acme.hexnodemdm.com/api/v1/*` by default)
 * and its control surface (`https://acme.hexnodemdm.com/__simulator/*`). Other requests are left alone.
 */
export function createHexnodeHandlers(sim: Simulator): RequestHandler[] {
  const base = new URL(sim.baseUrl);
  const resolver = ({ request }: { request: Request }) => sim.handle(request);
  return [
    http.all(`${base.origin}${base.pathname}*`, resolver),
    http.all(`${base.origin}${CONTROL_PREFIX}*`, resolver),
  ];
}
