/**
 * End to end, in Chromium: the demo HRMS with the simulator behind it, driven the way HR would use it.
 * Screenshots of each step go to test-artifacts/hrms-demo/.
 *
 * Over 300 lines: one browser and one demo serve every HR flow; a file per flow would start them again each time.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchBrowser,
  openProfileDialog,
  screenshot,
  signIn,
  watchedPage,
  widget,
  type WatchedPage,
} from './browser.js';
import { startTestDemo, type TestDemo } from './harness.js';

const require = createRequire(import.meta.url);

let t: TestDemo;
let browser: Browser;
const contexts: BrowserContext[] = [];
const watched: WatchedPage[] = [];

before(async () => {
  // The suite runs one flow after another on one portal: more Hexnode calls than a real minute allows, so
  // Hexnode's minute (the simulator's and the handler's budget's) lasts one second here.
  t = await startTestDemo({ checkinMs: 300, windowMs: 1000 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await t?.close();
});

afterEach(async () => {
  const problems = watched.flatMap((w) => w.problems);
  const forbidden = watched.flatMap((w) => w.forbiddenPreviews);
  const expected = expectForbiddenPreviews;
  watched.length = 0;
  expectForbiddenPreviews = false;
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  assert.deepEqual(problems, [], 'no console error, page error or CSP violation on any page');
  if (!expected) assert.deepEqual(forbidden, [], 'no preview was refused');
});

/** Set by the viewer's test: the handler refuses the viewer's previews with 403, which Chromium logs. */
let expectForbiddenPreviews = false;

async function newPage(): Promise<Page> {
  return (await newWatchedPage()).page;
}

async function newWatchedPage(): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const w = await watchedPage(context);
  watched.push(w);
  return w;
}

async function asAdmin(): Promise<Page> {
  const page = await newPage();
  await signIn(page, t.origin, 'harriet');
  return page;
}

const sorted = (values: string[]) => [...values].sort();

function actionsSent(path: string) {
  return t.simulator.actionsSent().filter((entry) => entry.path === path);
}

function targetDevices(body: unknown): number[] {
  const target = (Array.isArray(body) ? body[0] : body) as { devices?: number[] };
  return [...(target.devices ?? [])].sort((a, b) => a - b);
}

/**
 * Runs axe on a page. axe is injected as a script tag, which the demo's CSP rightly blocks, so this page
 * lives in its own context that bypasses CSP; every other page in these tests runs under the real policy.
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
}

describe('the demo HRMS in a browser', () => {
  test("an HR admin wipes exactly a leaver's devices from the profile, and Hexnode receives exactly one wipe naming them", async () => {
    const page = await newPage();
    await page.goto(t.origin);
    await screenshot(page, '01-sign-in');
    await signIn(page, t.origin, 'harriet');
    await page.locator('#q').fill('jane');
    assert.equal(await page.locator('#people > li:not([hidden])').count(), 1);
    await screenshot(page, '02-directory-search');

    await page.locator('#people a', { hasText: 'Jane Leaver' }).click();
    await page.waitForURL(/\/employees\/E1001$/);
    await screenshot(page, '03-profile');

    const w = await openProfileDialog(page, t.origin, 'E1001');
    assert.equal(await w.title.textContent(), 'Offboard Jane Leaver');
    assert.deepEqual(
      sorted(await w.deviceNames.allTextContents()),
      sorted(["Jane's iPhone", 'JANE-THINKPAD', "Jane's MacBook Pro"]),
    );
    const ids = (
      await w.deviceBoxes.evaluateAll((boxes) => boxes.map((b) => Number((b as HTMLElement).dataset.device)))
    ).sort((a, b) => a - b);
    assert.deepEqual(ids, [101, 102, 103]);
    await screenshot(page, '04-dialog-open');

    const axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    contexts.push(axeContext);
    const axePage = await axeContext.newPage();
    await signIn(axePage, t.origin, 'harriet');
    await openProfileDialog(axePage, t.origin, 'E1001');
    assert.deepEqual(await axeViolations(axePage), [], 'axe finds nothing on the page with the dialog open');

    const wipe = w.actionRadios.and(page.locator('[value^=wipe]'));
    await wipe.last().check();
    assert.equal(await w.confirm.isDisabled(), true, 'a wipe waits for the typed confirmation');
    await w.confirmInput.fill('jane.leaver');
    assert.equal(await w.confirm.isDisabled(), true, 'confirm stays disabled while the text does not match');
    await w.confirmInput.fill('jane.leaver@acme.example');
    assert.equal(await w.confirm.isDisabled(), false, 'confirm is enabled once the text matches');
    if (await w.reasonInput.count()) await w.reasonInput.fill('Leaving the company');
    await screenshot(page, '05-confirm-typed');

    await w.confirm.click();
    await w.title.filter({ hasText: 'Sent to Hexnode' }).waitFor();
    await screenshot(page, '06-sent');
    await w.title.filter({ hasText: 'Done' }).waitFor();
    const statuses = await w.host
      .locator('dialog [part=device-list] li .meta[class*="status-"]')
      .allTextContents();
    assert.deepEqual(statuses, ['Done', 'Done', 'Done']);
    await page
      .locator('#offboard-status', { hasText: "All 3 of Jane Leaver's devices have acknowledged." })
      .waitFor();
    await screenshot(page, '07-devices-acknowledged');

    const wipes = actionsSent('/actions/wipe_device/');
    assert.equal(wipes.length, 1, 'exactly one wipe reached Hexnode');
    assert.deepEqual(targetDevices(wipes[0]?.body), [101, 102, 103]);
    const target = (Array.isArray(wipes[0]?.body) ? wipes[0]?.body[0] : wipes[0]?.body) as Record<
      string,
      unknown
    >;
    assert.equal(target.users, undefined, 'the wipe names devices, not the user');
    assert.equal(target.devicegroups, undefined);

    await page.goto(new URL('/audit', t.origin).href);
    const row = page.locator('tr[data-event="action"]', { hasText: 'wipe' });
    assert.match((await row.textContent()) ?? '', /Harriet Hughes[\s\S]*Jane Leaver[\s\S]*101, 102, 103/);
    await screenshot(page, '08-audit');
  });

  test("the Offboarding page counts each leaver's devices and locks a shift worker's shared handheld in one click", async () => {
    const page = await asAdmin();
    await page.goto(new URL('/offboarding', t.origin).href);
    const row = (id: string) => page.locator(`tr[data-employee-id="${id}"]`);
    await widget(row('E1001')).trigger.filter({ hasText: 'Offboard devices (3)' }).waitFor();
    await widget(row('E1002')).trigger.filter({ hasText: 'Offboard devices (1)' }).waitFor();
    await widget(row('E1006')).trigger.filter({ hasText: 'Offboard devices (2)' }).waitFor();
    await screenshot(page, '10-offboarding-list');

    const sam = widget(row('E1002'));
    await sam.trigger.click();
    await sam.dialog.waitFor({ state: 'visible' });
    assert.deepEqual(await sam.deviceNames.allTextContents(), ['LDS-HH-07']);
    assert.equal(
      await sam.host.locator('dialog [data-warning=shared_device]').count(),
      1,
      'the shared handheld is flagged',
    );
    await sam.actionRadios.and(page.locator('[value=lock]')).check();
    assert.equal(await sam.confirmInput.count(), 0, 'a lock asks for no typed confirmation');
    await screenshot(page, '11-offboarding-lock-dialog');
    await sam.confirm.click();
    await sam.title.filter({ hasText: 'Done' }).waitFor();
    await screenshot(page, '12-offboarding-locked');

    const locks = actionsSent('/actions/lock_devices/');
    assert.equal(locks.length, 1);
    assert.deepEqual(targetDevices(locks[0]?.body), [201]);
    assert.equal(actionsSent('/actions/wipe_device/').length, 1, 'still exactly the one wipe from before');
  });

  test("Rosa's scanner is reassigned to the shift pool, her laptop wiped and her personal phone disenrolled, in one confirmed intent", async () => {
    const page = await asAdmin();
    const w = await openProfileDialog(page, t.origin, 'E1013');
    const id = (name: string) => t.simulator.devices.find((d) => d.name === name)!.id;
    const scanner = id('WH-DC-N-TC21-R01');
    const laptop = id('ACME-LT-0733');
    const phone = id("Rosa's Galaxy A54");
    const select = (device: number) => w.host.locator(`dialog select.device-choice[data-device="${device}"]`);
    assert.equal(
      await select(scanner).inputValue(),
      'reassign',
      'the shared scanner is offered reassign first',
    );
    assert.match(
      (await w.host.locator(`dialog #consequence-device-${scanner}`).textContent()) ?? '',
      /Stays in service; Rosa Frontline’s data and policies are removed; Shift pool, north warehouse owns it\./,
    );
    const phoneOffers = await select(phone)
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    assert.ok(!phoneOffers.some((o) => o.startsWith('wipe')), 'the personal phone is never offered an erase');
    await select(laptop).selectOption('wipe_complete');
    await select(phone).selectOption('disenroll');
    await w.confirmInput.fill('rosa.frontline@acme.example');
    if (await w.reasonInput.count()) await w.reasonInput.fill('Leaving the company');
    await screenshot(page, '13-mixed-dialog');
    await w.confirm.click();
    await w.title.filter({ hasText: /Sent to Hexnode|Done/ }).waitFor();
    await screenshot(page, '14-mixed-sent');

    const [pool] = t.simulator.findUsersByEmail('shift.pool@acme.example');
    const changes = actionsSent('/actions/change_owner/');
    assert.equal(changes.length, 1, 'one change of owner');
    assert.deepEqual(targetDevices(changes[0]?.body), [scanner]);
    const wipes = actionsSent('/actions/wipe_device/').filter((e) => targetDevices(e.body).includes(laptop));
    assert.equal(wipes.length, 1, 'one wipe, for the laptop');
    assert.deepEqual(targetDevices(wipes[0]?.body), [laptop]);
    assert.ok(
      actionsSent('/actions/wipe_device/').every((e) => !targetDevices(e.body).includes(phone)),
      'the phone is never wiped',
    );
    const disenrolls = actionsSent('/actions/disenroll_device/');
    assert.equal(disenrolls.length, 1, 'one disenroll, for the phone');
    assert.deepEqual(targetDevices(disenrolls[0]?.body), [phone]);
    assert.equal(
      t.simulator.devices.find((d) => d.id === scanner)!.userId,
      pool!.id,
      'the pool owns the scanner',
    );
  });

  test('Terminate on a profile stores a scheduled job, shown there and on the Offboarding page', async () => {
    const before = t.simulator.actionsSent().length;
    const page = await asAdmin();
    await page.goto(new URL('/employees/E1012', t.origin).href);
    await page.locator('#termination-type').selectOption('voluntary');
    await page.locator('#effective-date').fill('2099-05-04');
    await page.locator('#effective-time').fill('10:30');
    await Promise.all([
      page.waitForURL(/\/employees\/E1012\?termination=scheduled&job=job_/),
      page.getByRole('button', { name: 'Terminate' }).click(),
    ]);
    const notice = (await page.locator('#termination-notice').textContent()) ?? '';
    assert.match(notice, /stored as job job_\S+, scheduled for 4 May 2099, 09:30 UTC/);
    assert.equal(await page.locator('#termination tr[data-state="scheduled"]').count(), 1);
    await screenshot(page, '30-terminate-scheduled');

    await page.goto(new URL('/offboarding', t.origin).href);
    const row = page.locator('#jobs tr[data-state="scheduled"]', { hasText: 'Ben Ortiz' });
    assert.equal(await row.count(), 1);
    assert.match((await row.textContent()) ?? '', /lock/);
    await screenshot(page, '31-offboarding-jobs');
    assert.equal(
      t.simulator.actionsSent().length,
      before,
      'a termination effective in 2099 sends nothing yet',
    );
  });

  test('the HR viewer cannot act, on a profile or on the Offboarding page, and signs out', async () => {
    const before = t.simulator.actionsSent().length;
    expectForbiddenPreviews = true;
    const { page, forbiddenPreviews } = await newWatchedPage();
    await signIn(page, t.origin, 'victor');
    await page.goto(new URL('/employees/E1006', t.origin).href);
    const w = widget(page);
    await w.trigger.click();
    await w.notAllowed.waitFor();
    assert.match((await w.notAllowed.textContent()) ?? '', /not allowed/);
    assert.equal(await w.confirm.count(), 0, 'no confirm button is ever shown');
    await screenshot(page, '20-viewer-profile');

    await page.goto(new URL('/offboarding', t.origin).href);
    const leavers = await page.locator('hexnode-offboard-button').count();
    assert.equal(leavers, 7);
    await page.waitForFunction(
      (n) => document.querySelectorAll('hexnode-offboard-button[state="not-allowed"]').length === n,
      leavers,
    );
    await screenshot(page, '21-viewer-offboarding');
    assert.equal(t.simulator.actionsSent().length, before, 'nothing reached Hexnode');
    assert.ok(forbiddenPreviews.length > 0, 'the handler refused the viewer');

    await Promise.all([page.waitForURL(/\/signin$/), page.getByRole('button', { name: 'Sign out' }).click()]);
    await page.goto(new URL('/offboarding', t.origin).href);
    assert.match(page.url(), /\/signin\?next=%2Foffboarding$/, 'signed out: pages ask to sign in again');
  });

  test('a profile whose session token is gone fetches a fresh one from the HRMS and works', async () => {
    const page = await asAdmin();
    await page.goto(new URL('/employees/E1008', t.origin).href);
    const w = widget(page);
    await w.host.evaluate((el) => el.removeAttribute('session-token'));
    const refreshed = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url().endsWith('/employees/E1008/session-token'),
    );
    await w.trigger.click();
    await refreshed;
    await w.title.filter({ hasText: 'Offboard Tom Baker' }).waitFor();
    assert.deepEqual(await w.deviceNames.allTextContents(), ["Tom's Galaxy"]);
    await w.close.click();
  });

  test('not in Hexnode, no devices and a shared email each show their own message and offer no action', async () => {
    const page = await asAdmin();
    const cases = [
      [
        'E1003',
        'Not in Hexnode',
        /No Hexnode user has the email priya\.nair@acme\.example/,
        '30-not-in-hexnode',
      ],
      ['E1004', 'No devices', /has no devices/, '31-no-devices'],
      [
        'E1005',
        'Several Hexnode users',
        /2 Hexnode users share the email reception@acme\.example/,
        '32-shared-email',
      ],
    ] as const;
    for (const [id, title, message, shot] of cases) {
      const w = await openProfileDialog(page, t.origin, id);
      assert.equal(await w.title.textContent(), title);
      assert.match((await w.description.textContent()) ?? '', message);
      assert.equal(await w.confirm.count(), 0);
      await screenshot(page, shot);
      await w.close.click();
    }
  });
});
