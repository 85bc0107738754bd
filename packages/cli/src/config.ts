/**
 * The CLI's settings from, in rising precedence: a JSON config file (`--config`, else
 * `hexnode-offboard.config.json` in the working directory), the environment, the flags. The API key and the plan
 * key come from the environment only, never from a file or a flag (which shells keep in their history).
 */
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { BudgetOptions } from '@hexnode-offboard/core';
import type { Target } from './connection.js';
import { OffboardError } from './errors.js';

export interface FileConfig {
  portal?: string;
  baseUrl?: string;
  callsPerMinute?: number;
  windowMs?: number;
  share?: number;
  journalDir?: string;
  approvalThreshold?: number;
  author?: string;
  /** Device groups whose members are shared devices. */
  sharedDeviceGroups?: string[];
}

export interface Flags {
  config?: string;
  portal?: string;
  baseUrl?: string;
  callsPerMinute?: string;
  windowMs?: string;
  share?: string;
  journalDir?: string;
  approvalThreshold?: string;
  as?: string;
  /** Comma-separated device group names. */
  sharedDeviceGroups?: string;
}

export interface Settings {
  target: Target;
  budget: BudgetOptions;
  journalDir: string;
  approvalThreshold: number;
  author: string;
  planKey: string | undefined;
  sharedDeviceGroups: string[];
}

export const CONFIG_FILE = 'hexnode-offboard.config.json';
/** Plans acting on more devices than this need a second person's approval. */
export const DEFAULT_APPROVAL_THRESHOLD = 20;

function readConfig(file: string | undefined): FileConfig {
  const path = file ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  if (!path) return {};
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected a JSON object');
    if ('apiKey' in data) throw new Error('the API key belongs in HEXNODE_API_KEY, not in a file');
    return data as FileConfig;
  } catch (error) {
    throw new OffboardError('bad_config', `${path}: ${(error as Error).message}`);
  }
}

function number(
  value: string | number | undefined,
  name: string,
  check: (n: number) => boolean,
): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || !check(parsed))
    throw new OffboardError('bad_config', `${name}: ${JSON.stringify(value)} is not valid.`);
  return parsed;
}

/** The OS user's name, or '' where there is none (then plans need --as). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

export function resolveSettings(flags: Flags, env: NodeJS.ProcessEnv = process.env): Settings {
  const file = readConfig(flags.config ?? env.HEXNODE_OFFBOARD_CONFIG);
  const baseUrl = flags.baseUrl ?? env.HEXNODE_BASE_URL ?? file.baseUrl;
  const portal = flags.portal ?? env.HEXNODE_PORTAL ?? file.portal;
  const calls = number(
    flags.callsPerMinute ?? env.HEXNODE_CALLS_PER_MINUTE ?? file.callsPerMinute,
    '--calls-per-minute',
    (n) => Number.isInteger(n) && n > 0,
  );
  const windowMs = number(
    flags.windowMs ?? env.HEXNODE_WINDOW_MS ?? file.windowMs,
    '--window-ms',
    (n) => Number.isInteger(n) && n >= 100,
  );
  const share = number(
    flags.share ?? env.HEXNODE_BUDGET_SHARE ?? file.share,
    '--share',
    (n) => n > 0 && n <= 1,
  );
  const threshold = number(
    flags.approvalThreshold ?? env.HEXNODE_OFFBOARD_APPROVAL_THRESHOLD ?? file.approvalThreshold,
    '--approval-threshold',
    (n) => Number.isInteger(n) && n >= 0,
  );
  const author = flags.as ?? env.HEXNODE_OFFBOARD_USER ?? file.author ?? osUser();
  return {
    target: {
      ...(baseUrl ? { baseUrl } : {}),
      ...(portal && !baseUrl ? { portal } : {}),
      apiKey: env.HEXNODE_API_KEY ?? '',
    },
    budget: {
      ...(calls !== undefined ? { callsPerWindow: calls } : {}),
      ...(windowMs !== undefined ? { windowMs } : {}),
      ...(share !== undefined ? { share } : {}),
    },
    journalDir:
      flags.journalDir ?? env.HEXNODE_OFFBOARD_JOURNAL_DIR ?? file.journalDir ?? '.hexnode-offboard',
    approvalThreshold: threshold ?? DEFAULT_APPROVAL_THRESHOLD,
    author,
    planKey: env.HEXNODE_OFFBOARD_PLAN_KEY,
    sharedDeviceGroups:
      flags.sharedDeviceGroups !== undefined
        ? namesOf(flags.sharedDeviceGroups)
        : (file.sharedDeviceGroups ?? []),
  };
}

/** A comma-separated flag (group names) as names, trimmed, empty ones dropped. */
export const namesOf = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
