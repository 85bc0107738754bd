// Types for the repository's browser finder (scripts/browser.mjs), which the end-to-end tests and the
// screenshot script import.
declare module '*/scripts/browser.mjs' {
  /** Flags every Chromium launch uses. */
  export const CHROMIUM_ARGS: string[];
  /** The path of a usable Chromium or Chrome, or undefined. */
  export function findBrowser(): string | undefined;
}
