/** The button on the page, and why it is disabled when this actor may not act. */
import { html, nothing, type TemplateResult } from 'lit';
import { offerOf } from '../controllers/host.js';
import type { WidgetState } from '../states.js';
import type { View } from './view.js';

export function triggerView(v: View, state: WidgetState): TemplateResult {
  const { s, host } = v;
  const { lang } = v.locale;
  const disabled = host.disabled || !host.employeeEmail;
  const count = host.preload && state.preview?.status === 'ready' ? state.preview.devices.length : undefined;
  const notAllowed = state.name === 'not-allowed';
  const loading = state.name === 'loading' && !state.inDialog;
  const click = () => disabled || v.apply({ type: 'click', at: performance.now(), offer: offerOf(host) });
  return html`
    <button
      part="button"
      class="trigger"
      type="button"
      aria-haspopup="dialog"
      ?disabled=${disabled}
      aria-disabled=${notAllowed || loading ? 'true' : nothing}
      aria-busy=${loading ? 'true' : nothing}
      aria-describedby=${notAllowed ? 'not-allowed' : nothing}
      lang=${lang}
      @click=${click}
    >
      ${loading ? s.loading : (host.label ?? (count === undefined ? s.buttonLabel : s.buttonLabelWithCount(count)))}
    </button>
    ${notAllowed ? html`<span id="not-allowed" part="reason" class="reason" lang=${lang}>${s.notAllowed}</span>` : nothing}
  `;
}
