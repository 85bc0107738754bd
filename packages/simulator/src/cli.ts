/** `hexnode-simulator`: serves a simulated Hexnode portal on loopback until Ctrl-C. */
import { parseArgs } from 'node:util';
import { DEFAULT_API_KEY } from './simulator.js';
import { startSimulator, type StartSimulatorOptions } from './node.js';

export const USAGE = `Usage: hexnode-simulator [options]

Serves a simulated Hexnode MDM portal at http://<host>:<port>/api/v1/ (for local development and tests only).

Options:
  --port <n>          port to listen on (default 4010; 0 picks a free port)
  --host <addr>       interface to bind (default 127.0.0.1)
  --api-key <key>     the key clients must send as Authorization (default ${DEFAULT_API_KEY})
  --seed <n>          fleet seed (default 1)
  --users <n>         seeded users (default 60; 2 hard-case users follow)
  --devices <n>       seeded devices (default 90; 3 hard-case devices follow)
  --checkin-ms <n>    ms before an online device checks in and finishes a command (default 1500)
  --fail-rate <r>     0..1 share of commands that end Failed (default 0)
  --latency-ms <n>    fixed delay before every answer (default 0)
  --jitter-ms <n>     extra random delay, 0..n ms (default 0)
  --rate-per-minute <n>   Hexnode's throttle: calls per window per API key (default 30; 0 = no window)
  --daily-per-device <n>  Hexnode's throttle: calls per managed device per day (default 10; 0 = no daily limit)
  --window-ms <ms>    the throttle's minute, shortened for tests and benchmarks (default 60000); the day is
                      always 1440 windows, so it shortens in proportion
  --no-throttle       turn Hexnode's throttle off
  --rate-limit <n>    fault: requests per second before 429 + Retry-After (default 0 = off)
  --error-rate <r>    0..1 share of requests answered with a 5xx (default 0)
  -h, --help          show this help

Control surface (no key needed, local use only): GET|DELETE /__simulator/log, POST /__simulator/reset,
GET|POST /__simulator/faults, POST /__simulator/checkin, GET /__simulator/fleet, GET|DELETE /__simulator/budget`;

type Parsed = { options: StartSimulatorOptions } | { help: true };

/**
 * Parses the command line; throws an Error with one clear line on bad input.
 * Long for a reason: the flag table parseArgs needs, two number readers and the options they fill, read top
 * to bottom with no branching worth a function of its own.
 */
export function parseCli(argv: string[]): Parsed {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      seed: { type: 'string' },
      users: { type: 'string' },
      devices: { type: 'string' },
      'checkin-ms': { type: 'string' },
      'fail-rate': { type: 'string' },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      'rate-limit': { type: 'string' },
      'rate-per-minute': { type: 'string' },
      'daily-per-device': { type: 'string' },
      'window-ms': { type: 'string' },
      'no-throttle': { type: 'boolean' },
      'error-rate': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const whole = (flag: keyof typeof values, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) > max) {
      throw new Error(
        `--${flag} must be a whole number from 0 to ${max === Number.MAX_SAFE_INTEGER ? 'up' : max}, got "${String(raw)}"`.replace(
          ' to up',
          ' up',
        ),
      );
    }
    return Number(raw);
  };
  const number = (flag: keyof typeof values, max?: number): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(value) || value < 0 || (max !== undefined && value > max)) {
      throw new Error(
        `--${flag} must be a number ${max === undefined ? '>= 0' : `from 0 to ${max}`}, got "${String(raw)}"`,
      );
    }
    return value;
  };
  if (values['api-key'] !== undefined && values['api-key'].trim() === '')
    throw new Error('--api-key must not be empty');
  if (values.host !== undefined && values.host.trim() === '') throw new Error('--host must not be empty');
  const throttleFlags = (['rate-per-minute', 'daily-per-device', 'window-ms'] as const).filter(
    (flag) => values[flag] !== undefined,
  );
  if (values['no-throttle'] && throttleFlags.length > 0) {
    throw new Error(`--no-throttle cannot be combined with --${throttleFlags.join(', --')}`);
  }
  const windowMs = whole('window-ms');
  if (windowMs === 0) throw new Error('--window-ms must be a whole number from 1 up, got "0"');
  const options: StartSimulatorOptions = {
    port: whole('port', 65535) ?? 4010,
    host: values.host ?? '127.0.0.1',
    apiKey: values['api-key'],
    seed: whole('seed'),
    users: whole('users'),
    devices: whole('devices'),
    checkinMs: number('checkin-ms'),
    failRate: number('fail-rate', 1),
    throttle: values['no-throttle']
      ? false
      : throttleFlags.length > 0
        ? {
            ratePerMinute: whole('rate-per-minute'),
            dailyPerDevice: whole('daily-per-device'),
            windowMs,
          }
        : undefined,
    faults: {
      latencyMs: number('latency-ms') ?? 0,
      jitterMs: number('jitter-ms') ?? 0,
      rateLimit: number('rate-limit') ?? 0,
      errorRate: number('error-rate', 1) ?? 0,
    },
  };
  for (const key of Object.keys(options) as (keyof StartSimulatorOptions)[]) {
    if (options[key] === undefined) delete options[key];
  }
  const throttle = options.throttle;
  if (throttle) {
    for (const key of Object.keys(throttle) as (keyof typeof throttle)[]) {
      if (throttle[key] === undefined) delete throttle[key];
    }
  }
  return { options };
}

export async function main(argv: string[]): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    // One line: node:util parseArgs adds hints on further lines.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    console.error(`hexnode-simulator: ${message} (see --help)`);
    return 2;
  }
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  let running;
  try {
    running = await startSimulator(parsed.options);
  } catch (error) {
    console.error(`hexnode-simulator: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const { simulator } = running;
  console.log(`Hexnode simulator listening on ${running.url}`);
  console.log(
    `  ${simulator.users.length} users, ${simulator.devices.length} devices; Authorization: ${parsed.options.apiKey === undefined ? `${DEFAULT_API_KEY} (default)` : 'the --api-key value'}`,
  );
  const { throttle } = simulator.budget();
  console.log(
    throttle
      ? `  throttle: ${throttle.ratePerMinute || 'no limit'} calls per ${throttle.windowMs} ms, ${throttle.dailyPerDevice || 'no limit'} per managed device per ${throttle.dayMs} ms`
      : '  throttle: off',
  );
  console.log(`  control surface (local use only): ${running.origin}/__simulator/`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}
