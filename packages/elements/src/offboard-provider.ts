import { LitElement, css, html, type TemplateResult } from 'lit';
import { ContextProvider } from '@lit/context';
import { offboardContext } from './context.js';
import type { OffboardStringsOverrides } from './strings.js';

/**
 * @tagname hexnode-offboard-provider
 * @summary Shares the endpoint, authentication, locale and strings with every `<hexnode-offboard-button>` inside it.
 *
 * @slot - The page content holding the buttons.
 */
export class HexnodeOffboardProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;
  static override properties = {
    endpoint: {},
    sessionToken: { attribute: 'session-token' },
    fetchSessionToken: { attribute: false },
    headers: { attribute: false },
    credentials: {},
    locale: {},
    strings: { attribute: false },
  };

  /** The handler's base URL. Default `/api/hexnode-offboard`. */
  endpoint?: string;
  /** A session token minted by the HRMS backend (token mode). */
  sessionToken?: string;
  /** Returns a fresh session token; called when there is none and again when the handler says it expired. */
  fetchSessionToken?: () => Promise<string>;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** `fetch` credentials mode: `same-origin` (default), `include` or `omit`. */
  credentials?: RequestCredentials;
  /** Language for dates and the built-in strings: `en` (default) or `de`. */
  locale?: string;
  /** Replacements for any of the strings; a group (`errors`, `actionNames`, ...) may be given in part. */
  strings?: OffboardStringsOverrides;

  readonly #context = new ContextProvider(this, { context: offboardContext, initialValue: {} });

  protected override willUpdate(): void {
    this.#context.setValue({
      endpoint: this.endpoint,
      sessionToken: this.sessionToken,
      fetchSessionToken: this.fetchSessionToken,
      headers: this.headers,
      credentials: this.credentials,
      locale: this.locale,
      strings: this.strings,
    });
  }

  override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hexnode-offboard-provider': HexnodeOffboardProvider;
  }
}
