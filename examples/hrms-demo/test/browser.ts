/**
 * Browser helpers for the end-to-end tests and the screenshot script: Chromium through playwright-core
 * (the system's browser, found by scripts/browser.mjs), a watch on console errors and CSP violations, and
 * the few steps every scenario repeats.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from '../../../scripts/browser.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'hrms-demo');

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findBrowser();
  if (!executablePath)
    throw new Error('No Chromium found: run `node scripts/ensure-browser.mjs` or set CHROME_PATH.');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  problems: string[];
  /**
   * Chromium's own network log line for each 403 the offboard handler answered to a preview (the way it
   * refuses a person who may take no action), kept apart so a test can expect them explicitly.
   */
  forbiddenPreviews: string[];
}

const FORBIDDEN_LOG = /^Failed to load resource: the server responded with a status of 403\b/;

/** A new page that records every console error, page error and Content-Security-Policy violation. */
export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  const forbiddenPreviews: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    if (FORBIDDEN_LOG.test(message.text()) && new URL(url).pathname === '/api/hexnode-offboard/preview') {
      forbiddenPreviews.push(url);
      return;
    }
    problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
  return { page, problems, forbiddenPreviews };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Signs in through the sign-in form. */
export async function signIn(page: Page, origin: string, username: string, password = 'demo'): Promise<void> {
  await page.goto(new URL('/signin', origin).href);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await Promise.all([
    page.waitForURL(new URL('/', origin).href),
    page.locator('.signin-form button[type=submit]').click(),
  ]);
}

/** The offboard button on a profile page (one per page) and the parts of its dialog. */
export function widget(scope: Page | Locator) {
  const host = scope.locator('hexnode-offboard-button');
  return {
    host,
    trigger: host.locator('[part=button]'),
    dialog: host.locator('dialog[part=dialog]'),
    title: host.locator('dialog [part=title]'),
    description: host.locator('dialog #desc'),
    deviceNames: host.locator('dialog [part=device-list] .name'),
    deviceBoxes: host.locator('dialog input.device'),
    actionRadios: host.locator('dialog input[name=action]'),
    confirmInput: host.locator('dialog [part=confirm-input]'),
    reasonInput: host.locator('dialog [part=reason-input]'),
    confirm: host.locator('dialog [part=confirm]'),
    close: host.locator('dialog [part=cancel]'),
    notAllowed: host.locator('[part=reason]'),
  };
}

/** Opens an employee's profile and clicks the offboard button; resolves when the dialog has content. */
export async function openProfileDialog(page: Page, origin: string, employeeId: string) {
  await page.goto(new URL(`/employees/${employeeId}`, origin).href);
  const w = widget(page);
  await w.trigger.click();
  await w.dialog.waitFor({ state: 'visible' });
  await w.title.filter({ hasNotText: /Loading/ }).waitFor();
  return w;
}
