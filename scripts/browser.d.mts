/** Flags every Chromium launch in the repo uses (root needs --no-sandbox; the rest stop background traffic). */
export const CHROMIUM_ARGS: string[];
/** The path of a usable Chromium or Chrome (CHROME_PATH, the PATH, Playwright's cache), or undefined. */
export function findBrowser(): string | undefined;
/** Like findBrowser; on Debian/Ubuntu as root installs Debian's chromium when there is none, else exits with advice. */
export function ensureBrowser(): string;
