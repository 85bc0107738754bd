/**
 * Session tokens between two clocks: the HRMS backend mints with its clock, the handler verifies with its
 * own. A few seconds of disagreement are accepted (5 s by default); a token from further in the future is a
 * retryable `session_not_yet_valid`, never a reason to sign in again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSessionTokenVerifier, mintSessionToken, verifySessionToken } from '@hexnode-offboard/proxy';
import {
  ACTORS,
  JANE,
  SECRET,
  browserRequest,
  makeHandler,
  problemOf,
  useSimulator,
} from './support/harness.js';

/** The handler's clock, 900 ms into a second: a clock only 250 ms ahead is already in the next second. */
const HANDLER_NOW = Date.UTC(2026, 10, 25, 9, 0, 0) + 900;

const mintAhead = (aheadMs: number) =>
  mintSessionToken({
    secret: SECRET,
    actor: ACTORS.hr,
    employee: JANE,
    actions: ['lock'],
    now: () => HANDLER_NOW + aheadMs,
  });

describe('verifying a token minted by a clock that runs ahead', () => {
  test('250 ms ahead is accepted, where no tolerance refuses it', async () => {
    const token = await mintAhead(250);
    assert.equal((await verifySessionToken(token, SECRET, HANDLER_NOW)).ok, true);
    const strict = await verifySessionToken(token, SECRET, HANDLER_NOW, { clockToleranceMs: 0 });
    assert.deepEqual(strict, { ok: false, reason: 'not_yet_valid', retryAfterMs: 100 });
  });

  test('3 s ahead is accepted', async () => {
    const token = await mintAhead(3000);
    assert.equal((await verifySessionToken(token, SECRET, HANDLER_NOW)).ok, true);
    assert.equal((await createSessionTokenVerifier(SECRET)(token, HANDLER_NOW)).ok, true);
  });

  test('10 s ahead is not valid yet, and says when it will be', async () => {
    const token = await mintAhead(10_000);
    const verdict = await verifySessionToken(token, SECRET, HANDLER_NOW);
    // Issued at the whole second 9.1 s ahead of the handler; valid from 5 s before that, 4.1 s from now.
    assert.deepEqual(verdict, { ok: false, reason: 'not_yet_valid', retryAfterMs: 4100 });
  });

  test('a forged token from the future is invalid, not "not yet valid"', async () => {
    const token = await mintSessionToken({
      secret: 'another-secret-that-is-at-least-32-characters-long',
      actor: ACTORS.hr,
      employee: JANE,
      actions: ['lock'],
      now: () => HANDLER_NOW + 60_000,
    });
    assert.deepEqual(await verifySessionToken(token, SECRET, HANDLER_NOW), { ok: false, reason: 'invalid' });
  });

  test('the tolerance must be a whole number of ms from 0 to 5 minutes', () => {
    for (const clockToleranceMs of [-1, 1.5, 300_001]) {
      assert.throws(() => createSessionTokenVerifier(SECRET, { clockToleranceMs }), RangeError);
    }
  });
});

describe('the handler between two clocks', () => {
  const sim = useSimulator();
  const handlerAt = (options = {}) => makeHandler(sim, { now: () => HANDLER_NOW, ...options });
  const preview = (handler: ReturnType<typeof makeHandler>, token: string) =>
    handler(browserRequest('/preview', { employee: { email: JANE } }, { token }));

  test('tokens minted 250 ms and 3 s ahead are accepted', async () => {
    const handler = handlerAt();
    assert.equal((await preview(handler, await mintAhead(250))).status, 200);
    assert.equal((await preview(handler, await mintAhead(3000))).status, 200);
  });

  test('a token from further ahead is 401 session_not_yet_valid with Retry-After, not "sign in again"', async () => {
    const response = await preview(handlerAt(), await mintAhead(10_000));
    const problem = await problemOf(response);
    assert.deepEqual([problem.status, problem.code], [401, 'session_not_yet_valid']);
    assert.equal(response.headers.get('retry-after'), '5');
    assert.equal(problem.body.retryAfter, 5);
  });

  test('sessionTokens.clockToleranceMs sets the tolerance', async () => {
    const handler = handlerAt({ sessionTokens: { secret: SECRET, clockToleranceMs: 15_000 } });
    assert.equal((await preview(handler, await mintAhead(10_000))).status, 200);
    assert.throws(() => handlerAt({ sessionTokens: { secret: SECRET, clockToleranceMs: -5 } }), RangeError);
  });
});
