/** What every piece of the dialog is rendered with: the strings, the locale's formats, and the way to act. */
import { html, type TemplateResult } from 'lit';
import type { WidgetHost } from '../controllers/host.js';
import type { WidgetEvent } from '../states.js';
import type { OffboardStrings } from '../strings.js';

export interface View {
  s: OffboardStrings;
  /** The language of the text (`lang`) and dates in the widget's locale. */
  locale: {
    lang: string;
    date(iso: string, style?: Intl.DateTimeFormatOptions): string;
    ago(iso: string): string;
  };
  /** The element: its attributes (the employee, `label`, `preload`, `actions`, ...). */
  host: WidgetHost & { disabled: boolean; label?: string | undefined; preload: boolean };
  /** Tells the state machine (a toggle, an edit, confirm, retry, ...). */
  apply: (event: WidgetEvent) => void;
  /** Closes the dialog (the state machine hears of it through the dialog's close event). */
  close: () => void;
  /** Seconds left of a wait for Hexnode's rate limit (`waiting`). */
  left: number;
}

/** Every screen of the dialog: the same heading and live description ids, a body, the buttons. */
export const frame = (
  title: string,
  description: string | TemplateResult,
  body: unknown,
  footer: unknown,
): TemplateResult => html`
  <h2 id="title" part="title">${title}</h2>
  <p id="desc" aria-live="polite">${description}</p>
  ${body}
  <div class="footer" part="footer">${footer}</div>
`;

export const closeButton = (v: View, label = v.s.close, cls = 'cancel'): TemplateResult =>
  html`<button part="cancel" class=${cls} type="button" @click=${v.close}>${label}</button>`;
