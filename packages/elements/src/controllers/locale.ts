import type { ReactiveController } from 'lit';
import type { OffboardConfig } from '../context.js';
import { preloadedLocale } from '../locales/preloaded.js';
import { en, mergeStrings, type OffboardStrings } from '../strings.js';
import type { WidgetHost } from './host.js';

let german: Promise<OffboardStrings> | undefined;

/**
 * The widget's language: the strings on screen (German loaded on demand, the provider's on top), the `lang`
 * that names them, and dates in the locale.
 */
export class LocaleController implements ReactiveController {
  readonly #host: WidgetHost;
  readonly #config: () => OffboardConfig | undefined;
  #german?: OffboardStrings | undefined;

  constructor(host: WidgetHost, config: () => OffboardConfig | undefined) {
    (this.#host = host).addController(this);
    this.#config = config;
  }

  get locale(): string {
    return this.#config()?.locale || 'en';
  }

  hostUpdate(): void {
    if (!this.locale.startsWith('de') || this.#german) return;
    // German from the first render when the page preloaded it; otherwise it loads on demand.
    this.#german = preloadedLocale('de');
    if (this.#german) return;
    german ??= import('../locales/de.js').then((m) => m.de);
    void german.then((strings) => {
      this.#german = strings;
      this.#host.requestUpdate();
    });
  }

  get strings(): OffboardStrings {
    const base = this.locale.startsWith('de') && this.#german ? this.#german : en;
    return mergeStrings(base, this.#config()?.strings);
  }

  /**
   * The language of the text on screen, for `lang`: the locale once its strings are shown (English, German
   * after it loaded, or a host's set that replaces every English string), else English, which fills the gaps.
   */
  get lang(): string {
    const locale = this.locale;
    const own = this.#config()?.strings;
    if (locale.startsWith('en') || (own && Object.keys(en).every((key) => key in own))) return locale;
    return locale.startsWith('de') && this.#german ? locale : 'en';
  }

  /** A date and time ("25 Nov 2026, 16:02"), or what `style` asks; the text as given when it is not a date. */
  date(iso: string, style: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(this.locale, style).format(date);
  }

  /** How long ago ("5 minutes ago", "yesterday"). */
  ago(iso: string): string {
    const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60_000);
    if (Number.isNaN(minutes)) return iso;
    const rtf = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
    if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
    if (Math.abs(minutes) < 1440) return rtf.format(Math.round(minutes / 60), 'hour');
    return rtf.format(Math.round(minutes / 1440), 'day');
  }
}
