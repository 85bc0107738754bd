/**
 * The demo's settings, read from environment variables. Every mistake becomes a ConfigError with a
 * one-line message that says which variable to fix (main.ts prints it without a stack trace).
 */
import { fileURLToPath } from 'node:url';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Which Hexnode the demo talks to. */
export type HexnodeTarget =
  /** `windowMs`: the simulated throttle's minute (and the handler's budget window), when not a real minute. */
  | { kind: 'simulator'; port: number; checkinMs: number; windowMs?: number }
  | { kind: 'portal'; portal: string; baseUrl: string; apiKey: string }
  /** `windowMs`: a simulator you run yourself with a shortened minute (start:cluster's): the budget's window. */
  | { kind: 'base_url'; baseUrl: string; apiKey: string; windowMs?: number };

/** The PostgreSQL database the store, the budget and the job queue live in (`DATABASE_URL`), instead of SQLite. */
export interface DatabaseTarget {
  url: string;
  /** The schema holding the kit's tables. Default the store's own (`hexnode_offboard`). */
  schema?: string;
}

export interface DemoConfig {
  host: string;
  port: number;
  /** The origin people open in a browser; the handler's Origin allowlist is built from it. */
  publicUrl: string | null;
  dataDir: string;
  hexnode: HexnodeTarget;
  /** PostgreSQL when set; otherwise the SQLite store in `dataDir`. */
  database: DatabaseTarget | null;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.data/', import.meta.url));
/** Long enough to watch the devices go from "pending" to "done", short enough not to wait. */
export const DEFAULT_CHECKIN_MS = 4000;

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535, not "${value}".`);
  }
  return n;
}

function nonNegativeInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number of milliseconds.`);
  return n;
}

/** `acme`, `acme.hexnodemdm.com` or `https://acme.hexnodemdm.com/` -> `https://acme.hexnodemdm.com/api/v1/`. */
export function portalBaseUrl(portal: string): string {
  let host = portal
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  if (/^[a-z0-9-]+$/.test(host)) host = `${host}.hexnodemdm.com`;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) {
    throw new ConfigError(
      `HEXNODE_PORTAL must be your portal's name (acme) or host (acme.hexnodemdm.com), not "${portal}".`,
    );
  }
  return `https://${host}/api/v1/`;
}

function baseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(`HEXNODE_BASE_URL must be an absolute http(s) URL, not "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`HEXNODE_BASE_URL must be an http(s) URL, not "${value}".`);
  }
  if (url.username || url.password) throw new ConfigError('HEXNODE_BASE_URL must not contain credentials.');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url.href;
}

function publicUrl(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    return url.origin;
  } catch {
    throw new ConfigError(`PUBLIC_URL must be the http(s) origin people open, e.g. https://hr.example.com.`);
  }
}

function database(env: NodeJS.ProcessEnv): DatabaseTarget | null {
  const url = env.DATABASE_URL?.trim();
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL must be a postgresql:// URL.');
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:')
    throw new ConfigError(`DATABASE_URL must be a postgresql:// URL, not ${parsed.protocol}//...`);
  const schema = env.DATABASE_SCHEMA?.trim();
  if (schema !== undefined && schema !== '' && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new ConfigError('DATABASE_SCHEMA must be a lower-case SQL name (letters, digits, _).');
  return schema ? { url, schema } : { url };
}

function windowMs(env: NodeJS.ProcessEnv): number | undefined {
  const ms = nonNegativeInt(env.SIMULATOR_WINDOW_MS, 'SIMULATOR_WINDOW_MS', 60_000);
  if (ms === 0) throw new ConfigError('SIMULATOR_WINDOW_MS must be a whole number of milliseconds above 0.');
  return ms === 60_000 ? undefined : ms;
}

/** Reads the demo's configuration from an environment (process.env by default). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const apiKey = env.HEXNODE_API_KEY?.trim() || undefined;
  const portal = env.HEXNODE_PORTAL?.trim() || undefined;
  const base = env.HEXNODE_BASE_URL?.trim() || undefined;

  let hexnode: HexnodeTarget;
  if (portal && base) {
    throw new ConfigError('Set either HEXNODE_PORTAL or HEXNODE_BASE_URL, not both.');
  } else if (portal || base) {
    if (!apiKey) {
      throw new ConfigError(
        `${portal ? 'HEXNODE_PORTAL' : 'HEXNODE_BASE_URL'} is set but HEXNODE_API_KEY is not.`,
      );
    }
    if (portal) hexnode = { kind: 'portal', portal, baseUrl: portalBaseUrl(portal), apiKey };
    else {
      hexnode = { kind: 'base_url', baseUrl: baseUrl(base ?? ''), apiKey };
      const shortened = windowMs(env);
      if (shortened !== undefined) hexnode.windowMs = shortened;
    }
  } else if (apiKey) {
    throw new ConfigError('HEXNODE_API_KEY is set but neither HEXNODE_PORTAL nor HEXNODE_BASE_URL is.');
  } else {
    hexnode = {
      kind: 'simulator',
      port: port(env.SIMULATOR_PORT, 'SIMULATOR_PORT', 0),
      checkinMs: nonNegativeInt(env.SIMULATOR_CHECKIN_MS, 'SIMULATOR_CHECKIN_MS', DEFAULT_CHECKIN_MS),
    };
    const shortened = windowMs(env);
    if (shortened !== undefined) hexnode.windowMs = shortened;
  }

  const host = env.HOST?.trim() || DEFAULT_HOST;
  return {
    host,
    port: port(env.PORT, 'PORT', DEFAULT_PORT),
    publicUrl: publicUrl(env.PUBLIC_URL),
    dataDir: env.HRMS_DEMO_DATA_DIR?.trim() || DEFAULT_DATA_DIR,
    hexnode,
    database: database(env),
  };
}
