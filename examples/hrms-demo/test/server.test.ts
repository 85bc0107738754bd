import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CSRF_HEADER, CSRF_HEADER_VALUE, DEFAULT_BASE_PATH } from '@hexnode-offboard/core/protocol';
import { CONTENT_SECURITY_POLICY } from '../src/security.js';
import { SESSION_COOKIE } from '../src/sessions.js';
import { startTestDemo, type TestDemo } from './harness.js';

let t: TestDemo;

before(async () => {
  t = await startTestDemo();
});

after(async () => {
  await t?.close();
});

function get(path: string, cookie?: string): Promise<Response> {
  return fetch(new URL(path, t.origin), { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

function post(
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(new URL(path, t.origin), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.origin, ...headers },
    body: new URLSearchParams(form),
  });
}

function preview(email: string, cookie: string, origin = t.origin): Promise<Response> {
  return fetch(new URL(`${DEFAULT_BASE_PATH}/preview`, t.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin, [CSRF_HEADER]: CSRF_HEADER_VALUE },
    body: JSON.stringify({ employee: { email } }),
  });
}

const PAGES = [
  '/',
  '/?q=jane',
  '/employees/E1001',
  '/employees/E1003',
  '/offboarding',
  '/audit',
  '/audit?view=all',
];

function decodeJwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('Content-Security-Policy', () => {
  test('the policy allows only same-origin scripts and styles, with no unsafe-inline or eval', () => {
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.match(CONTENT_SECURITY_POLICY, /style-src 'self'(;|$)/);
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
  });

  test('every page, redirect, error page and asset carries the strict policy', async () => {
    const cookie = await t.signIn('harriet');
    const paths = [...PAGES, '/employees/NOPE', '/no-such-page'];
    const responses = await Promise.all([
      ...paths.map((path) => get(path, cookie)),
      get('/'),
      get('/signin'),
      get('/favicon.svg'),
    ]);
    const page = await (await get('/signin')).text();
    const asset = /(?:src|href)="(\/assets\/[^"]+)"/.exec(page)?.[1];
    assert.ok(asset, 'the sign-in page links a built asset');
    responses.push(await get(asset));
    for (const response of responses) {
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, response.url);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', response.url);
    }
  });

  test('pages contain no inline script, inline style or style attribute', async () => {
    const cookie = await t.signIn('harriet');
    for (const path of [...PAGES, '/signin']) {
      const body = await (await get(path, path === '/signin' ? undefined : cookie)).text();
      assert.match(
        body,
        /<(script type="module"|link rel="stylesheet") crossorigin (src|href)="\/assets\//,
        path,
      );
      for (const script of body.match(/<script\b[^>]*>/g) ?? [])
        assert.match(script, /\ssrc="\/assets\//, path);
      assert.doesNotMatch(body, /<style\b/, path);
      assert.doesNotMatch(body, /\sstyle=/, path);
      assert.doesNotMatch(body, /\son[a-z]+=/, path);
    }
  });

  test('pages are never cached, because profile pages carry session tokens', async () => {
    const cookie = await t.signIn('harriet');
    const response = await get('/employees/E1001', cookie);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });
});

describe('sign-in and sign-out', () => {
  test('a page without a session redirects to the sign-in page and remembers where to go', async () => {
    const response = await get('/employees/E1001');
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/signin?next=%2Femployees%2FE1001');
  });

  test('the right password sets an HttpOnly, SameSite=Lax session cookie and goes to the next page', async () => {
    const response = await post('/signin', { username: 'harriet', password: 'demo', next: '/offboarding' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/offboarding');
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=[^;]+`));
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; Path=\//);
    const page = await get('/offboarding', cookie.split(';')[0]);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Harriet Hughes/);
  });

  test('a wrong password is refused with a message and no cookie', async () => {
    const response = await post('/signin', { username: 'harriet', password: 'guess', next: '/' });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('set-cookie'), null);
    assert.match(await response.text(), /Wrong username or password/);
  });

  test('a sign-in posted from another origin is refused', async () => {
    const response = await post(
      '/signin',
      { username: 'harriet', password: 'demo', next: '/' },
      { origin: 'https://evil.example' },
    );
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('set-cookie'), null);
  });

  test('after sign-in, a next pointing at another site goes to the directory instead', async () => {
    const response = await post('/signin', {
      username: 'victor',
      password: 'demo',
      next: '//evil.example/x',
    });
    assert.equal(response.headers.get('location'), '/');
  });

  test('a tampered session cookie counts as signed out', async () => {
    const cookie = await t.signIn('victor');
    const [name, value = ''] = cookie.split('=');
    const [payload = '', signature] = value.split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    forged.role = 'hr_admin';
    const tampered = `${name}=${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    const response = await get('/', tampered);
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /^\/signin/);
  });

  test('sign-out without the form token is refused and the session stays', async () => {
    const cookie = await t.signIn('harriet');
    const response = await post('/signout', {}, { cookie });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('set-cookie'), null);
    assert.equal((await get('/', cookie)).status, 200);
  });

  test('sign-out from another origin is refused', async () => {
    const cookie = await t.signIn('harriet');
    const page = await (await get('/', cookie)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const response = await post('/signout', { csrf }, { cookie, origin: 'https://evil.example' });
    assert.equal(response.status, 403);
  });

  test('sign-out with the page form token clears the cookie', async () => {
    const cookie = await t.signIn('harriet');
    const page = await (await get('/', cookie)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(csrf);
    const response = await post('/signout', { csrf }, { cookie });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/signin');
    assert.match(response.headers.get('set-cookie') ?? '', new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`));
  });

  test('a session cookie copied before sign-out is refused everywhere after it', async () => {
    const cookie = await t.signIn('harriet');
    const page = await (await get('/', cookie)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(csrf);
    const mint = () => post('/employees/E1001/session-token', {}, { cookie });
    const minted = await mint();
    assert.equal(minted.status, 200, 'the copy works before sign-out');
    const { token } = (await minted.json()) as { token: string };
    const tokenPreview = () =>
      fetch(new URL(`${DEFAULT_BASE_PATH}/preview`, t.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ employee: { email: decodeJwtPayload(token).emp } }),
      });
    assert.equal((await tokenPreview()).status, 200, 'the session token works before sign-out');
    assert.equal((await get('/audit', cookie)).status, 200);

    assert.equal((await post('/signout', { csrf }, { cookie })).status, 303);

    const afterSignOut = await tokenPreview();
    assert.equal(afterSignOut.status, 401, 'a session token minted before sign-out dies with its session');
    assert.equal(((await afterSignOut.json()) as { code: string }).code, 'unauthenticated');

    const audit = await get('/audit', cookie);
    assert.equal(audit.status, 303);
    assert.match(audit.headers.get('location') ?? '', /^\/signin/);
    assert.equal((await mint()).status, 401, 'no session token is minted for a signed-out session');
    assert.equal((await preview('jane.leaver@acme.example', cookie)).status, 401);
    const other = await t.signIn('harriet');
    assert.equal(
      (await get('/audit', other)).status,
      200,
      'other sessions of the same person stay signed in',
    );
  });

  test('sign-out by GET does nothing', async () => {
    const response = await get('/signout');
    assert.equal(response.status, 405);
  });
});

describe('roles reach the offboard handler', () => {
  test('the HR admin may lock, wipe, disenroll and reassign a leaver (cookie mode)', async () => {
    const response = await preview('jane.leaver@acme.example', await t.signIn('harriet'));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; actions: string[]; devices: { id: number }[] };
    assert.equal(body.status, 'ready');
    // The mark-as-disenrolled follow-up is offered in the status view only, never in the preview.
    assert.deepEqual([...body.actions].sort(), ['disenroll', 'lock', 'reassign', 'wipe']);
    assert.deepEqual(body.devices.map((d) => d.id).sort(), [101, 102, 103]);
  });

  test("Rosa's devices each get their own offers: the scanner reassign to the shift pool (found by email), the personal phone no wipe", async () => {
    const response = await preview('rosa.frontline@acme.example', await t.signIn('harriet'));
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      devices: { id: number; name: string; offers?: string[] }[];
      reassignTargets?: { id: number; label: string }[];
    };
    const offers = new Map(body.devices.map((d) => [d.name, d.offers ?? []]));
    assert.equal(offers.get('WH-DC-N-TC21-R01')?.[0], 'reassign');
    assert.ok(offers.get('ACME-LT-0733')?.includes('wipe'));
    assert.ok(!offers.get("Rosa's Galaxy A54")?.includes('wipe'));
    assert.ok(offers.get("Rosa's Galaxy A54")?.includes('disenroll'));
    const pool = t.simulator.users.find((u) => u.email === 'shift.pool@acme.example');
    assert.deepEqual(body.reassignTargets, [{ id: pool!.id, label: 'Shift pool, north warehouse' }]);
  });

  test('the HR viewer may take no action: the handler refuses even the preview (cookie mode)', async () => {
    const response = await preview('jane.leaver@acme.example', await t.signIn('victor'));
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'forbidden');
  });

  test('without a session the handler answers unauthenticated', async () => {
    const response = await preview('jane.leaver@acme.example', '');
    assert.equal(response.status, 401);
  });

  test('a cookie-mode request from an origin outside the allowlist is refused', async () => {
    const response = await preview(
      'jane.leaver@acme.example',
      await t.signIn('harriet'),
      'https://evil.example',
    );
    assert.equal(response.status, 403);
  });

  test('a profile page carries a session token for that employee and the signed-in role only', async () => {
    for (const [username, actions] of [
      ['harriet', ['lock', 'wipe', 'disenroll', 'reassign', 'mark_disenrolled']],
      ['victor', []],
    ] as const) {
      const body = await (await get('/employees/E1001', await t.signIn(username))).text();
      const token = /session-token="([^"]+)"/.exec(body)?.[1];
      assert.ok(token, `a token on ${username}'s page`);
      const claims = decodeJwtPayload(token);
      assert.equal(claims.sub, username);
      assert.equal(claims.emp, 'jane.leaver@acme.example');
      assert.deepEqual(claims.actions, actions);
    }
  });

  test('the session token on a profile page works for that employee and not for another', async () => {
    const body = await (await get('/employees/E1001', await t.signIn('harriet'))).text();
    const token = /session-token="([^"]+)"/.exec(body)?.[1] ?? '';
    const ask = (email: string) =>
      fetch(new URL(`${DEFAULT_BASE_PATH}/preview`, t.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ employee: { email } }),
      });
    assert.equal((await ask('jane.leaver@acme.example')).status, 200);
    assert.equal((await ask('tom.baker@acme.example')).status, 403);
  });

  test('a profile can fetch a fresh session token for its employee when the first one expires', async () => {
    const cookie = await t.signIn('harriet');
    const response = await post('/employees/E1002/session-token', {}, { cookie });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const { token } = (await response.json()) as { token: string };
    const claims = decodeJwtPayload(token);
    assert.equal(claims.emp, 'sam.shift@acme.example');
    assert.equal(claims.sub, 'harriet');
  });

  test('a fresh session token needs a session and a request from an allowed origin', async () => {
    assert.equal((await post('/employees/E1002/session-token', {})).status, 401);
    const cookie = await t.signIn('harriet');
    const foreign = await post(
      '/employees/E1002/session-token',
      {},
      { cookie, origin: 'https://evil.example' },
    );
    assert.equal(foreign.status, 403);
    assert.equal((await post('/employees/E9999/session-token', {}, { cookie })).status, 404);
  });

  test('the audit page shows what the handler recorded', async () => {
    const cookie = await t.signIn('harriet');
    await preview('tom.baker@acme.example', cookie);
    const body = await (await get('/audit?view=all', cookie)).text();
    assert.match(body, /data-event="preview"/);
    assert.match(body, /Harriet Hughes/);
  });
});

describe('pages', () => {
  test('the directory search narrows the list on the server too (works without script)', async () => {
    const body = await (await get('/?q=warehouse', await t.signIn('victor'))).text();
    assert.match(body, /4 of 14 employees/);
  });

  test('an unknown employee is a 404 page', async () => {
    const response = await get('/employees/E9999', await t.signIn('victor'));
    assert.equal(response.status, 404);
  });

  test("the Offboarding page lists this week's leavers with a preloaded button each (cookie mode)", async () => {
    const body = await (await get('/offboarding', await t.signIn('harriet'))).text();
    const buttons = body.match(/<hexnode-offboard-button\s+preload/g) ?? [];
    assert.equal(buttons.length, 7);
    assert.doesNotMatch(body, /session-token=/);
    assert.match(
      body,
      /<hexnode-offboard-provider endpoint="\/api\/hexnode-offboard" credentials="same-origin">/,
    );
  });
});

describe('the simulated fleet matches the employees', () => {
  interface Preview {
    status: string;
    devices: { id: number; name: string; warnings: { code: string; days?: number }[] }[];
    candidates?: unknown[];
  }

  async function previewOf(email: string): Promise<Preview> {
    const response = await preview(email, await t.signIn('harriet'));
    assert.equal(response.status, 200, email);
    return (await response.json()) as Preview;
  }

  test('each hard case resolves the way the README describes', async () => {
    const [jane, sam, priya, noah, alex, oliver, mia] = await Promise.all(
      [
        'jane.leaver@acme.example',
        'sam.shift@acme.example',
        'priya.nair@acme.example',
        'noah.brooks@acme.example',
        'reception@acme.example',
        'oliver.grant@acme.example',
        'mia.chen@acme.example',
      ].map(previewOf),
    );
    assert.equal(jane?.devices.length, 3);
    assert.deepEqual(
      sam?.devices.map((d) => [d.name, d.warnings.map((w) => w.code)]),
      [['LDS-HH-07', ['shared_device']]],
    );
    assert.equal(priya?.status, 'not_found');
    assert.equal(noah?.status, 'no_devices');
    assert.equal(alex?.status, 'ambiguous');
    assert.equal(alex?.candidates?.length, 2);
    const offline = oliver?.devices.find((d) => d.name === 'OG-SURFACE');
    assert.deepEqual(offline?.warnings, [{ code: 'offline', days: 45 }]);
    assert.deepEqual(
      mia?.devices.map((d) => d.name),
      ["Mia's iPad Pro"],
    );
  });
});
