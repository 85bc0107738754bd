import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SignJWT } from 'jose';
import {
  createSessionTokenVerifier,
  mintSessionToken,
  verifySessionToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from '@hexnode-offboard/proxy';

const secret = 'test-secret-that-is-long-enough-0123456789';
const actor = { id: 'hr-1', name: 'Hanna HR', tenant: 'acme', actions: ['lock' as const, 'wipe' as const] };
const now = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('session tokens', () => {
  test('a minted token verifies to its actor, one normalized employee and its actions', async () => {
    const token = await mintSessionToken({
      secret,
      actor,
      employee: ' Jane.Leaver@ACME.example ',
      actions: ['wipe'],
      ttlSeconds: 300,
      now: () => now,
    });
    const result = await verifySessionToken(token, secret, now + 1000);
    assert.equal(result.ok, true);
    assert.deepEqual(result.ok && result.grant, {
      actor: {
        id: 'hr-1',
        name: 'Hanna HR',
        tenant: 'acme',
        actions: ['wipe'],
        employees: ['jane.leaver@acme.example'],
      },
      employeeEmail: 'jane.leaver@acme.example',
      actions: ['wipe'],
      issuedAt: now,
      expiresAt: now + 300_000,
    });
  });

  test("a token never grants more than the actor's own actions", async () => {
    const lockOnly = { id: 'hr-4', name: 'Lee Lock', tenant: 'acme', actions: ['lock' as const] };
    const token = await mintSessionToken({
      secret,
      actor: lockOnly,
      employee: 'jane.leaver@acme.example',
      actions: ['lock', 'wipe'],
      now: () => now,
    });
    const result = await verifySessionToken(token, secret, now + 1000);
    assert.equal(result.ok, true);
    assert.deepEqual(result.ok && result.grant.actions, ['lock']);
  });

  test('an expired token is refused as expired', async () => {
    const token = await mintSessionToken({
      secret,
      actor,
      employee: 'jane.leaver@acme.example',
      actions: ['wipe'],
      ttlSeconds: 60,
      now: () => now,
    });
    // Expired 5 s ago or more: the default clock tolerance no longer covers it.
    assert.deepEqual(await verifySessionToken(token, secret, now + 65_000), { ok: false, reason: 'expired' });
  });

  test('a token signed with another secret, altered, unsigned or for another audience is refused as invalid', async () => {
    const forged = await mintSessionToken({
      secret: `${secret}-other`,
      actor,
      employee: 'jane.leaver@acme.example',
      actions: ['wipe'],
      now: () => now,
    });
    assert.deepEqual(await verifySessionToken(forged, secret, now), { ok: false, reason: 'invalid' });

    const genuine = await mintSessionToken({
      secret,
      actor,
      employee: 'jane.leaver@acme.example',
      actions: ['lock'],
      now: () => now,
    });
    const [header, , signature] = genuine.split('.');
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'hr-1',
        name: 'x',
        emp: 'ceo@acme.example',
        actions: ['wipe'],
        iss: TOKEN_ISSUER,
        aud: TOKEN_AUDIENCE,
        iat: now / 1000,
        exp: now / 1000 + 60,
      }),
    ).toString('base64url');
    assert.deepEqual(await verifySessionToken(`${header}.${payload}.${signature}`, secret, now), {
      ok: false,
      reason: 'invalid',
    });

    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    assert.deepEqual(await verifySessionToken(unsigned, secret, now), { ok: false, reason: 'invalid' });

    const otherAudience = await new SignJWT({ name: 'x', emp: 'jane.leaver@acme.example', actions: ['wipe'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience('someone-else')
      .setSubject('hr-1')
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 60)
      .sign(new TextEncoder().encode(secret));
    assert.deepEqual(await verifySessionToken(otherAudience, secret, now), { ok: false, reason: 'invalid' });
    assert.deepEqual(await verifySessionToken('not-a-token', secret, now), { ok: false, reason: 'invalid' });
  });

  test('a validly signed token living longer than an hour is refused', async () => {
    const longLived = await new SignJWT({ name: 'x', emp: 'jane.leaver@acme.example', actions: ['wipe'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject('hr-1')
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 24 * 3600)
      .sign(new TextEncoder().encode(secret));
    assert.deepEqual(await verifySessionToken(longLived, secret, now + 1000), {
      ok: false,
      reason: 'invalid',
    });
  });

  test('minting refuses a short secret, a long lifetime, unknown actions and a non-email employee', async () => {
    await assert.rejects(
      mintSessionToken({ secret: 'short', actor, employee: 'a@b', actions: ['wipe'] }),
      TypeError,
    );
    await assert.rejects(
      mintSessionToken({ secret, actor, employee: 'a@b', actions: ['wipe'], ttlSeconds: 3601 }),
      RangeError,
    );
    await assert.rejects(
      mintSessionToken({ secret, actor, employee: 'a@b', actions: ['format_c' as 'wipe'] }),
      TypeError,
    );
    await assert.rejects(
      mintSessionToken({ secret, actor, employee: 'nobody', actions: ['wipe'] }),
      TypeError,
    );
  });
});

describe('session ids in tokens', () => {
  test('a token minted in an HRMS session carries its id; one without carries none', async () => {
    const withSession = await mintSessionToken({
      secret,
      actor,
      employee: 'jane.leaver@acme.example',
      actions: ['lock'],
      session: 'sess-42',
      now: () => now,
    });
    const verified = await verifySessionToken(withSession, secret, now);
    assert.equal(verified.ok && verified.grant.sessionId, 'sess-42');
    const without = await mintSessionToken({
      secret,
      actor,
      employee: 'jane.leaver@acme.example',
      actions: ['lock'],
      now: () => now,
    });
    const plain = await verifySessionToken(without, secret, now);
    assert.equal(plain.ok, true);
    assert.equal(plain.ok && 'sessionId' in plain.grant, false);
  });

  test('an empty or overlong session id is refused at minting', async () => {
    for (const session of ['', 'x'.repeat(201)]) {
      await assert.rejects(
        mintSessionToken({ secret, actor, employee: 'jane.leaver@acme.example', actions: ['lock'], session }),
        TypeError,
      );
    }
  });
});

describe('session token verifier (the handler keeps one per secret)', () => {
  const mint = (ttlSeconds = 60, employee = 'jane.leaver@acme.example') =>
    mintSessionToken({ secret, actor, employee, actions: ['lock'], ttlSeconds, now: () => now });

  test('a token it has verified is accepted again with the same grant until it expires, then refused as expired', async () => {
    const verify = createSessionTokenVerifier(secret);
    const token = await mint(60);
    const first = await verify(token, now + 1000);
    assert.equal(first.ok, true);
    assert.deepEqual(await verify(token, now + 59_999), first);
    // The clock tolerance (5 s by default) holds on both sides of the token's lifetime, and no further.
    assert.deepEqual(await verify(token, now + 64_999), first);
    assert.deepEqual(await verify(token, now + 65_000), { ok: false, reason: 'expired' });
    // Before its issue time (beyond the tolerance) the remembered grant is not used: the token is checked
    // again and is not valid yet.
    assert.deepEqual(await verify(token, now - 5001), {
      ok: false,
      reason: 'not_yet_valid',
      retryAfterMs: 1,
    });
  });

  test('a forged or other-secret token is refused even after a valid one was remembered', async () => {
    const verify = createSessionTokenVerifier(secret);
    const token = await mint(60);
    assert.equal((await verify(token, now)).ok, true);
    const [header, , signature] = token.split('.');
    const otherPayload = (await mint(60, 'sam.shift@acme.example')).split('.')[1];
    assert.deepEqual(await verify(`${header}.${otherPayload}.${signature}`, now), {
      ok: false,
      reason: 'invalid',
    });
    const otherSecret = await mintSessionToken({
      secret: 'another-secret-that-is-long-enough-012345',
      actor,
      employee: 'jane.leaver@acme.example',
      actions: ['lock'],
      now: () => now,
    });
    assert.deepEqual(await verify(otherSecret, now), { ok: false, reason: 'invalid' });
    // The remembered token still works: a refusal does not disturb it.
    assert.equal((await verify(token, now + 1000)).ok, true);
  });

  test('a token seen before is answered from memory (the same grant); at most 1,000 are remembered', async () => {
    const verify = createSessionTokenVerifier(secret);
    const first = await mint(600);
    const checked = await verify(first, now);
    assert.equal(checked.ok, true);
    const remembered = await verify(first, now + 1000);
    // A signature check builds a new grant; a remembered token returns the very same object.
    assert.equal(remembered.ok && checked.ok && remembered.grant === checked.grant, true);
    const fresh = await verifySessionToken(first, secret, now + 1000);
    assert.equal(fresh.ok && checked.ok && fresh.grant === checked.grant, false);
    for (let index = 0; index < 1000; index++) {
      assert.equal((await verify(await mint(600, `leaver.${index}@acme.example`), now)).ok, true);
    }
    // 1,000 newer tokens pushed it out: it is checked again (a new grant), and still valid.
    const again = await verify(first, now + 2000);
    assert.equal(again.ok, true);
    assert.equal(again.ok && checked.ok && again.grant === checked.grant, false);
  });

  test('a grant cannot be widened: it is frozen, its actions are its own arrays', async () => {
    const verify = createSessionTokenVerifier(secret);
    const verdict = await verify(await mint(60), now);
    assert.equal(verdict.ok, true);
    if (!verdict.ok) return;
    assert.throws(() => (verdict.grant.actor.actions as string[]).push('wipe'), TypeError);
    assert.throws(() => (verdict.grant.actions as string[]).push('wipe'), TypeError);
    assert.throws(() => {
      (verdict.grant as { employeeEmail: string }).employeeEmail = 'sam.shift@acme.example';
    }, TypeError);
    assert.notEqual(verdict.grant.actions, verdict.grant.actor.actions);
    assert.deepEqual((await verify(await mint(60), now)).ok && verdict.grant.actions, ['lock']);
  });
});
