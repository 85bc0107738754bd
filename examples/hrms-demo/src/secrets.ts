/**
 * The demo's signing secrets, created once per data folder: the session cookies', the session tokens' and the
 * termination webhook's (`whsec_...`, which the demo signs its own termination events with). Kept in
 * `secrets.json` so sessions survive a restart and two instances on one data folder (`npm run start:cluster`)
 * accept each other's cookies. Created with an exclusive link, so two instances starting at once agree.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWebhookSecret } from '@hexnode-offboard/proxy';

export interface Secrets {
  session: string;
  token: string;
  /** The termination webhook's secret, shared by the demo as sender and its endpoint. */
  webhook: string;
}

function read(file: string): Partial<Secrets> {
  return JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
}

const complete = (secrets: Partial<Secrets>): secrets is Secrets =>
  typeof secrets.session === 'string' &&
  typeof secrets.token === 'string' &&
  typeof secrets.webhook === 'string';

export function loadSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  const existing = existsSync(file) ? read(file) : {};
  if (complete(existing)) return existing;
  // A folder from before the webhook keeps its session and token secrets (signed-in people stay signed in).
  const secrets: Secrets = {
    session: existing.session ?? randomBytes(32).toString('base64url'),
    token: existing.token ?? randomBytes(32).toString('base64url'),
    webhook: generateWebhookSecret(),
  };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(secrets), { mode: 0o600 });
  try {
    if (existsSync(file)) rmSync(file); // an older file without the webhook secret
    linkSync(temporary, file); // fails if another instance created it meanwhile: then theirs is the one
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = read(file);
    if (!complete(theirs))
      throw new Error(`${file} is incomplete: delete it and start again.`, { cause: error });
    return theirs;
  } finally {
    rmSync(temporary, { force: true });
  }
}
