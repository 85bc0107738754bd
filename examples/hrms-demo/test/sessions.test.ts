import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileRevokedSessions } from '../src/revoked-sessions.js';
import { safeNext } from '../src/server.js';
import {
  actorFor,
  approverOf,
  checkCredentials,
  DEMO_ACCOUNTS,
  readCookie,
  SessionManager,
  tokenLifetime,
} from '../src/sessions.js';

const secret = randomBytes(32);
const admin = DEMO_ACCOUNTS.find((a) => a.role === 'hr_admin')!;
const viewer = DEMO_ACCOUNTS.find((a) => a.role === 'hr_viewer')!;

function cookieValue(setCookie: string): string {
  return setCookie.split(';')[0] ?? '';
}

test('the HR admin maps to an actor who may lock, wipe, disenroll, reassign, read the audit log and approve jobs', () => {
  assert.deepEqual(actorFor(admin), {
    id: 'harriet',
    name: 'Harriet Hughes',
    actions: ['lock', 'wipe', 'disenroll', 'reassign', 'mark_disenrolled'],
    canReadAudit: true,
    canApproveJobs: true,
  });
});

test('the HR viewer maps to an actor with no actions, who approves no job', () => {
  assert.deepEqual(actorFor(viewer).actions, []);
  assert.equal(actorFor(viewer).canApproveJobs, false);
  assert.equal(approverOf(viewer), null);
  assert.equal(approverOf(admin), 'harriet');
});

test('credentials are checked per account; the username ignores case and spaces', () => {
  assert.equal(checkCredentials(' Harriet ', 'demo')?.role, 'hr_admin');
  assert.equal(checkCredentials('harriet', 'Demo'), null);
  assert.equal(checkCredentials('nobody', 'demo'), null);
});

test('a session cookie reads back as the same person and role', () => {
  const sessions = new SessionManager({ secret });
  const { session, setCookie } = sessions.signIn(admin);
  assert.deepEqual(sessions.read(`other=1; ${cookieValue(setCookie)}`), session);
});

test('a session signed with another secret is rejected', () => {
  const { setCookie } = new SessionManager({ secret: randomBytes(32) }).signIn(admin);
  assert.equal(new SessionManager({ secret }).read(cookieValue(setCookie)), null);
});

test('an expired session is rejected', () => {
  let now = Date.parse('2026-01-01T09:00:00Z');
  const sessions = new SessionManager({ secret, now: () => now });
  const { setCookie } = sessions.signIn(viewer);
  now += 8 * 60 * 60 * 1000;
  assert.equal(sessions.read(cookieValue(setCookie)), null);
});

test('a signed-out session is refused, from any copy of its cookie, while other sessions still read', () => {
  const sessions = new SessionManager({ secret });
  const signedOut = sessions.signIn(admin);
  const other = sessions.signIn(admin);
  assert.match(sessions.signOut(signedOut.session), /Max-Age=0/);
  assert.equal(sessions.read(cookieValue(signedOut.setCookie)), null);
  assert.deepEqual(sessions.read(cookieValue(other.setCookie)), other.session);
});

test('signed-out sessions kept in a file stay signed out after a restart, and are dropped once expired', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hrms-demo-revoked-'));
  try {
    const path = join(dir, 'revoked-sessions.json');
    let now = Date.parse('2026-01-01T09:00:00Z');
    const clock = () => now;
    const before = new SessionManager({
      secret,
      now: clock,
      revoked: new FileRevokedSessions({ path, now: clock }),
    });
    const { session, setCookie } = before.signIn(admin);
    before.signOut(session);

    const after = new SessionManager({
      secret,
      now: clock,
      revoked: new FileRevokedSessions({ path, now: clock }),
    });
    assert.equal(after.read(cookieValue(setCookie)), null);

    now += 8 * 60 * 60 * 1000;
    const later = new SessionManager({
      secret,
      now: clock,
      revoked: new FileRevokedSessions({ path, now: clock }),
    });
    later.signOut(later.signIn(viewer).session);
    const kept = JSON.parse(await readFile(path, 'utf8')) as Record<string, number>;
    assert.equal(session.sid in kept, false, 'an expired session id is no longer kept');
    assert.equal(Object.keys(kept).length, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('two instances on one signed-out sessions file keep both sign-outs across a restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hrms-demo-revoked-'));
  try {
    const path = join(dir, 'revoked-sessions.json');
    const instance = () => new SessionManager({ secret, revoked: new FileRevokedSessions({ path }) });
    const [first, second] = [instance(), instance()]; // both started before either sign-out
    const one = first.signIn(admin);
    const two = second.signIn(viewer);
    first.signOut(one.session);
    second.signOut(two.session); // must not write away the first instance's sign-out

    const restarted = instance();
    assert.equal(restarted.read(cookieValue(one.setCookie)), null, 'signed out on the first instance');
    assert.equal(restarted.read(cookieValue(two.setCookie)), null, 'signed out on the second instance');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a cookie signed out on one instance stops working on the other at once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hrms-demo-revoked-'));
  try {
    const path = join(dir, 'revoked-sessions.json');
    const instance = () => new SessionManager({ secret, revoked: new FileRevokedSessions({ path }) });
    const [first, second] = [instance(), instance()];
    const session = first.signIn(admin);
    assert.ok(second.read(cookieValue(session.setCookie)), 'the other instance accepts it while signed in');
    first.signOut(session.session);
    assert.equal(
      second.read(cookieValue(session.setCookie)),
      null,
      'signed out there too, without a restart',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an unreadable signed-out sessions file is an error, not an empty list', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hrms-demo-revoked-'));
  try {
    const path = join(dir, 'revoked-sessions.json');
    await writeFile(path, 'not json');
    assert.throws(() => new FileRevokedSessions({ path }), /cannot read the signed-out sessions/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the cookie is Secure when the demo is served over https', () => {
  const { setCookie } = new SessionManager({ secret, secure: true }).signIn(viewer);
  assert.match(setCookie, /; Secure$/);
});

test('the sign-out token is bound to the session', () => {
  const sessions = new SessionManager({ secret });
  const one = sessions.signIn(admin).session;
  const two = sessions.signIn(admin).session;
  assert.equal(sessions.verifyCsrfToken(one, sessions.csrfToken(one)), true);
  assert.equal(sessions.verifyCsrfToken(one, sessions.csrfToken(two)), false);
  assert.equal(sessions.verifyCsrfToken(one, undefined), false);
});

test('a short secret is refused', () => {
  assert.throws(() => new SessionManager({ secret: Buffer.from('short') }), /at least 32 bytes/);
});

test('readCookie finds one cookie among several', () => {
  assert.equal(readCookie('a=1; b=2;c=3', 'b'), '2');
  assert.equal(readCookie('a=1', 'b'), null);
  assert.equal(readCookie(undefined, 'b'), null);
});

test('only local paths are followed after sign-in', () => {
  assert.equal(safeNext('/employees/E1001?x=1'), '/employees/E1001?x=1');
  assert.equal(safeNext('https://evil.example/'), '/');
  assert.equal(safeNext('//evil.example/'), '/');
  assert.equal(safeNext('/\\evil.example/'), '/');
  assert.equal(safeNext(null), '/');
});

test('a session token never outlives its session, whose sign-out is remembered only until the session ends', () => {
  const now = 1_800_000_000;
  assert.equal(tokenLifetime({ exp: now + 8 * 3600 }, now, 900), 900);
  assert.equal(tokenLifetime({ exp: now + 300 }, now, 900), 300);
  assert.equal(tokenLifetime({ exp: now - 5 }, now, 900), 1);
});
