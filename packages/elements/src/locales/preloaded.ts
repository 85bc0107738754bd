import type { OffboardStrings } from '../strings.js';

/**
 * Locales loaded ahead of the first render (`@hexnode-offboard/elements/locales/de/preload`, or the prebuilt
 * German bundle). A button whose locale is here renders in it at once; any other locale loads on demand.
 */
const preloaded = new Map<string, OffboardStrings>();

export function preloadLocale(language: string, strings: OffboardStrings): void {
  preloaded.set(language, strings);
}

export function preloadedLocale(language: string): OffboardStrings | undefined {
  return preloaded.get(language);
}
