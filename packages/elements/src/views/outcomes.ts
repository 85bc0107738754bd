/** The dialog's short screens: loading, the three preview outcomes that offer nothing, and a failed request. */
import { html, nothing, type TemplateResult } from 'lit';
import type { EmailNote, HexnodeUserSummary } from '@hexnode-offboard/core/protocol';
import type { WidgetState } from '../states.js';
import { closeButton, frame, type View } from './view.js';

/** Loading; `p`: the handler is building its first index of the portal (how far), and is asked again shortly. */
export const loadingView = (v: View, p?: { pagesRead: number; pagesTotal: number }): TemplateResult =>
  frame(v.s.loading, p ? v.s.indexing(p.pagesRead, p.pagesTotal) : '', nothing, closeButton(v, v.s.cancel));

/** No Hexnode user has the email; `note` says why a lookalike address matched nobody. */
export const notFoundView = (v: View, email: string, note?: EmailNote): TemplateResult =>
  frame(
    v.s.notFoundTitle,
    v.s.notFound(email),
    note ? html`<p class="hint email-note" data-note=${note.code}>${v.s.emailNotes[note.code]}</p>` : nothing,
    closeButton(v),
  );

export const noDevicesView = (v: View, email: string): TemplateResult =>
  frame(v.s.noDevicesTitle, v.s.noDevices(email), nothing, closeButton(v));

export const ambiguousView = (v: View, email: string, candidates?: HexnodeUserSummary[]): TemplateResult =>
  frame(
    v.s.ambiguousTitle,
    v.s.ambiguous(email, candidates?.length ?? 2),
    candidates?.length
      ? html`<ul part="candidates">
          ${candidates.map((c) => html`<li>${c.name} (${c.email ?? '—'}, #${c.id})</li>`)}
        </ul>`
      : nothing,
    closeButton(v),
  );

/**
 * A confirmed action waiting for Hexnode's rate limit: why, and a countdown. The seconds shown change every
 * second; screen readers hear them (a polite live region) only on entry and every 15 s, exact when heard.
 */
export function waitingView(v: View, state: Extract<WidgetState, { name: 'waiting' }>): TemplateResult {
  const { seconds, reason } = state.wait;
  // A reason this widget does not know (a newer handler) reads as the window's.
  const say = v.s.waiting[reason] ?? v.s.waiting.window;
  const left = Math.min(v.left, seconds);
  return frame(
    v.s.waitingTitle,
    html`<span aria-hidden="true">${say(left)}</span
      ><span class="sr">${say(Math.min(seconds, Math.ceil(left / 15) * 15))}</span>`,
    html`<p class="meta">${v.s.notSentYet}</p>`,
    closeButton(v, v.s.cancel),
  );
}

/** A failed request: its message, a short support code, Close, Try again, and Back after a failed action. */
export function errorView(v: View, state: Extract<WidgetState, { name: 'error' }>): TemplateResult {
  const { s } = v;
  const { error } = state;
  const support = error.requestId?.slice(-8);
  const names = new Map(state.preview?.devices.map((d) => [d.id, d.name]));
  const refusals = error.refusals?.length
    ? html`<ul part="refusals" class="refusals">
        ${error.refusals.map(
          (r) =>
            html`<li data-device=${r.deviceId} data-reason=${r.reason}>
              ${s.refusal(names.get(r.deviceId) ?? `#${r.deviceId}`, s.actionNames[r.action], s.notOffered[r.reason])}
            </li>`,
        )}
      </ul>`
    : nothing;
  const wait =
    error.retryAfter !== undefined
      ? html`<p class="meta retry-after">${s.retryIn(Math.ceil(error.retryAfter))}</p>`
      : nothing;
  return frame(
    s.errorTitle,
    s.errors[error.code] || s.errorGeneric,
    html`${refusals}${wait}${support ? html`<p class="meta support">${s.supportCode(support)}</p>` : nothing}`,
    html`${closeButton(v)}
      ${
        state.during === 'action'
          ? html`<button part="back" class="back" type="button" @click=${() => v.apply({ type: 'back' })}>
              ${s.back}
            </button>`
          : nothing
      }
      <button part="retry" class="retry primary" type="button" @click=${() => v.apply({ type: 'retry' })}>
        ${s.retry}
      </button>`,
  );
}
