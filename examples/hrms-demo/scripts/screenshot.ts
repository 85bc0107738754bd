/**
 * `npm run screenshot -w @hexnode-offboard/hrms-demo`: starts the demo against its simulator, signs in as
 * the HR admin, opens Jane Leaver's offboarding dialog with a full wipe chosen and writes
 * docs/images/demo-dialog.png (the picture in the README and the docs).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser, openProfileDialog, REPO_ROOT, signIn } from '../test/browser.js';
import { startTestDemo } from '../test/harness.js';

const output = join(REPO_ROOT, 'docs', 'images', 'demo-dialog.png');

const demo = await startTestDemo();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 860 }, colorScheme: 'light' });
  const page = await context.newPage();
  await signIn(page, demo.origin, 'harriet');
  const dialog = await openProfileDialog(page, demo.origin, 'E1001');
  await dialog.actionRadios.and(page.locator('[value=wipe_complete]')).check();
  await dialog.confirmInput.fill('jane.leaver@acme.example');
  await mkdir(join(REPO_ROOT, 'docs', 'images'), { recursive: true });
  await page.screenshot({ path: output });
  console.log('Wrote docs/images/demo-dialog.png');
} finally {
  await browser.close();
  await demo.close();
}
