import { LitElement, css, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { offboardContext, type OffboardConfig } from './context.js';
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

  /** The handler's base URL. Default `/api/hexnode-offboard`. */
  @property() endpoint?: string;
  /** A session token minted by the HRMS backend (token mode). */
  @property({ attribute: 'session-token' }) sessionToken?: string;
  /** Returns a fresh session token; called when there is none and again when the handler says it expired. */
  @property({ attribute: false }) fetchSessionToken?: () => Promise<string>;
  /** Extra headers for every request. */
  @property({ attribute: false }) headers?: Record<string, string>;
  /** `fetch` credentials mode: `same-origin` (default), `include` or `omit`. */
  @property() credentials?: RequestCredentials;
  /** Language for dates and the built-in strings: `en` (default) or `de`. */
  @property() locale?: string;
  /** Replacements for any of the strings; a group (`errors`, `actionNames`, ...) may be given in part. */
  @property({ attribute: false }) strings?: OffboardStringsOverrides;

  @provide({ context: offboardContext })
  protected config: OffboardConfig = {};

  protected override willUpdate(): void {
    this.config = {
      endpoint: this.endpoint,
      sessionToken: this.sessionToken,
      fetchSessionToken: this.fetchSessionToken,
      headers: this.headers,
      credentials: this.credentials,
      locale: this.locale,
      strings: this.strings,
    };
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
