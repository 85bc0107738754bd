/** The demo's secrets.json: instances starting at once on one data folder (`npm run start:cluster`) agree. */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadSecrets, type Secrets } from '../src/secrets.js';

const RACER = fileURLToPath(new URL('./secrets-racer.ts', import.meta.url));
const RACERS = 4;
const ROUNDS = 8;

/** Runs RACERS processes calling `loadSecrets` at once on each folder; the secrets each got, per folder. */
async function race(dirs: string[]): Promise<Map<string, Secrets[]>> {
  const got = new Map<string, Secrets[]>(dirs.map((dir) => [dir, []]));
  const ready = new Map<string, number>(dirs.map((dir) => [dir, 0]));
  const racers = Array.from({ length: RACERS }, () =>
    fork(RACER, dirs, { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const exits = racers.map(
    (racer) =>
      new Promise<void>((resolve, reject) =>
        racer.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`racer exited ${code}`)))),
      ),
  );
  for (const racer of racers) {
    racer.on('message', (message: { ready?: string; dir?: string; secrets?: Secrets }) => {
      if (message.ready !== undefined) {
        ready.set(message.ready, ready.get(message.ready)! + 1);
        if (ready.get(message.ready) === RACERS) writeFileSync(join(message.ready, 'go'), '');
      } else got.get(message.dir!)!.push(message.secrets!);
    });
  }
  await Promise.all(exits);
  return got;
}

function folders(prepare: (dir: string) => void): string[] {
  return Array.from({ length: ROUNDS }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'hrms-demo-secrets-'));
    prepare(dir);
    return dir;
  });
}

test('instances creating secrets.json at once all get the secrets the file holds', async () => {
  const dirs = folders(() => undefined);
  try {
    for (const [dir, results] of await race(dirs)) {
      assert.equal(results.length, RACERS);
      const file = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Secrets;
      for (const secrets of results)
        assert.deepEqual(secrets, file, 'every instance signs with the same secrets');
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

test('instances upgrading a secrets.json from before the webhook at once keep its secrets and agree on the new one', async () => {
  const old = { session: 'old-session-secret', token: 'old-token-secret' };
  const dirs = folders((dir) => writeFileSync(join(dir, 'secrets.json'), JSON.stringify(old)));
  try {
    for (const [dir, results] of await race(dirs)) {
      const file = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Secrets;
      assert.equal(file.session, old.session);
      assert.equal(file.token, old.token);
      assert.match(file.webhook, /^whsec_/);
      for (const secrets of results) assert.deepEqual(secrets, file);
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

test('a secrets.json without its session or token secret is one clear error, and left as it is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hrms-demo-secrets-'));
  try {
    writeFileSync(join(dir, 'secrets.json'), '{}');
    assert.throws(() => loadSecrets(dir), /secrets\.json is incomplete: delete it and start again/);
    assert.equal(readFileSync(join(dir, 'secrets.json'), 'utf8'), '{}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
