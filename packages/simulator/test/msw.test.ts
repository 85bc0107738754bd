// The contract suite against the msw handlers (msw/node setupServer + the global fetch).
import { after, before } from 'node:test';
import { setupServer } from 'msw/node';
import { createHexnodeHandlers, createSimulator } from '../src/index.js';
import { contractSuite } from './contract.js';

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());

contractSuite('msw handlers', async (options) => {
  const sim = createSimulator(options);
  server.resetHandlers(...createHexnodeHandlers(sim));
  return {
    sim,
    baseUrl: sim.baseUrl,
    origin: new URL(sim.baseUrl).origin,
    async close() {
      server.resetHandlers();
    },
  };
});
