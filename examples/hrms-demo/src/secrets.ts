/**
 * The demo's signing secrets, created once per data folder: the session cookies', the session tokens' and the
 * termination webhook's (`whsec_...`, which the demo signs its own termination events with). Kept in
 * `secrets.json` so sessions survive a restart and two instances on one data folder (`npm run start:cluster`)
 * accept each other's cookies. Created with an exclusive link, so two instances starting at once agree; a file
 * from before the webhook gets a webhook secret derived from its session secret, so two instances upgrading it at
 * once write the same file.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/** The webhook secret of a folder from before the webhook: the same for every instance upgrading it. */
const derivedWebhookSecret = (session: string): string =>
  'whsec_' + createHmac('sha256', session).update('hrms-demo termination webhook').digest('base64');

export function loadSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  const existing = existsSync(file) ? read(file) : null;
  if (existing !== null && complete(existing)) return existing;
  if (existing !== null && (typeof existing.session !== 'string' || typeof existing.token !== 'string'))
    throw new Error(`${file} is incomplete: delete it and start again.`);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    if (existing !== null) {
      // A folder from before the webhook keeps its session and token secrets (signed-in people stay signed in).
      // Every instance derives the same webhook secret, so whichever atomic replace is last, all agree.
      const upgraded = { ...existing, webhook: derivedWebhookSecret(existing.session!) } as Secrets;
      writeFileSync(temporary, JSON.stringify(upgraded), { mode: 0o600 });
      renameSync(temporary, file);
      return upgraded;
    }
    const secrets: Secrets = {
      session: randomBytes(32).toString('base64url'),
      token: randomBytes(32).toString('base64url'),
      webhook: generateWebhookSecret(),
    };
    writeFileSync(temporary, JSON.stringify(secrets), { mode: 0o600 });
    // Never removes a file: one seen missing may have been created by another instance since.
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
