/** `@hexnode-offboard/simulator/node`: the simulator as a real HTTP server on loopback (node:http). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestListener } from '@remix-run/node-fetch-server';
import { checkOptions, createSimulator } from './simulator.js';
import type { Simulator, SimulatorOptions } from './types.js';

export interface StartSimulatorOptions extends Omit<SimulatorOptions, 'baseUrl'> {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (loopback only). */
  host?: string;
}

export interface RunningSimulator {
  /** The API base URL, e.g. `http://127.0.0.1:4010/api/v1/`. */
  url: string;
  /** e.g. `http://127.0.0.1:4010`; the control surface is under `${origin}/__simulator/`. */
  origin: string;
  simulator: Simulator;
  /** Stops listening and closes every open connection (hanging requests included). */
  close(): Promise<void>;
}

/** Starts the simulator on `host:port`; its base URL is its own loopback URL so `next` links work. */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const { port = 0, host = '127.0.0.1', ...simulatorOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError('port must be a whole number from 0 to 65535');
  }
  checkOptions(simulatorOptions);
  let simulator: Simulator | undefined;
  const listener = createRequestListener(async (request) => {
    if (!simulator) return new Response('Starting', { status: 503 });
    try {
      return await simulator.handle(request);
    } catch (error) {
      // A request the client gave up on (a hang or a delay the client aborted): nobody is left to answer.
      if (request.signal.aborted) return new Response(null, { status: 499 });
      throw error;
    }
  });
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${hostname}:${address.port}`;
  const url = `${origin}/api/v1/`;
  try {
    simulator = createSimulator({ ...simulatorOptions, baseUrl: url });
  } catch (error) {
    server.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    origin,
    simulator,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
