// The release check's browser part: the app's pages in Chromium, failing on any console error, page error or
// Content-Security-Policy violation (collected by a listener that Chromium injects before the page's own code).
const END_STATES = ['done', 'partial', 'failed', 'error'];
const PREVIEW_STATES = ['ready', 'not-found', 'no-devices', 'ambiguous', 'not-allowed', 'error'];

function expect(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function openPage(browser, url) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'}`),
    );
  });
  const page = await context.newPage();
  const problems = [];
  const scripts = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  const response = await page.goto(url);
  expect(response?.status(), 200, `GET ${url}`);
  const csp = response.headers()['content-security-policy'] ?? '';
  if (!csp.includes("script-src 'self'") || !csp.includes("style-src 'self'")) {
    throw new Error(`${url} is not served under the strict CSP: "${csp}"`);
  }
  return {
    page,
    scripts,
    async finish() {
      const violations = await page.evaluate(() => window.__cspViolations);
      await context.close();
      const all = [...problems, ...violations.map((v) => `CSP: ${v}`)];
      if (all.length) throw new Error(`${url}:\n  ${all.join('\n  ')}`);
    },
  };
}

async function waitForState(page, states) {
  const handle = await page.waitForFunction(
    (wanted) => {
      const state = document.querySelector('hexnode-offboard-button')?.getAttribute('state');
      return wanted.includes(state) ? state : false;
    },
    states,
    { timeout: 30_000 },
  );
  return handle.jsonValue();
}

/** Opens the dialog, confirms the default action (lock) and waits until every device is done. */
export async function clickThrough(browser, url, { email, label }) {
  const { page, scripts, finish } = await openPage(browser, url);
  const host = page.locator('hexnode-offboard-button');
  const trigger = host.locator('[part=button]');
  await trigger.waitFor();
  expect((await trigger.textContent())?.trim(), label, `${url}: the button's label`);
  await trigger.click();
  expect(await waitForState(page, PREVIEW_STATES), 'ready', `${url}: the state after the preview`);
  const confirmInput = host.locator('dialog [part=confirm-input]');
  if (await confirmInput.count()) await confirmInput.fill(email);
  await host.locator('dialog [part=confirm]').click();
  expect(await waitForState(page, END_STATES), 'done', `${url}: the state after the action`);
  if (scripts.some((path) => path.endsWith('/locales/de.js'))) {
    throw new Error(`${url} fetched the lazy German strings although it had them or did not need them`);
  }
  await finish();
}

/** The prebuilt German bundle: German on screen, with nothing loaded but the one file. */
export async function openGerman(browser, url) {
  const { page, scripts, finish } = await openPage(browser, url);
  const trigger = page.locator('hexnode-offboard-button [part=button]');
  await trigger.waitFor();
  expect((await trigger.textContent())?.trim(), 'Geräte offboarden', `${url}: the button's label`);
  expect(await trigger.getAttribute('lang'), 'de', `${url}: the button's lang`);
  expect(scripts.join(' '), '/bundle/hexnode-offboard-elements.de.js', `${url}: the scripts it loaded`);
  await finish();
}
