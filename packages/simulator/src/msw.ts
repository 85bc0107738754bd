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
  const resolver = async ({ request }: { request: Request }) => {
    try {
      return await sim.handle(request);
    } catch (error) {
      // The client aborted a hanging or delayed request: its fetch has already rejected, nobody reads this.
      if (request.signal.aborted) return new Response(null, { status: 499 });
      throw error;
    }
  };
  return [
    http.all(`${base.origin}${base.pathname}*`, resolver),
    http.all(`${base.origin}${CONTROL_PREFIX}*`, resolver),
  ];
}
