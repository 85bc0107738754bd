/**
 * `@hexnode-offboard/elements/locales/de/preload`: German strings loaded with the page, so that a button with
 * `locale="de"` shows German from its first render instead of English until the strings arrive. Import it
 * before or with the elements (the same bundle or module graph).
 */
import { de } from './de.js';
import { preloadLocale } from './preloaded.js';

preloadLocale('de', de);

export { de };
