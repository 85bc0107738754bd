// The contract suite against the real loopback HTTP server.
import { startSimulator } from '../src/node.js';
import { contractSuite } from './contract.js';

contractSuite('the loopback HTTP server', async (options) => {
  const running = await startSimulator(options);
  return {
    sim: running.simulator,
    baseUrl: running.url,
    origin: running.origin,
    close: () => running.close(),
  };
});
