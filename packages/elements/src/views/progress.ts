/** After the action was sent: each device's progress, the outcome, and "still waiting" after the time limit. */
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetState } from '../states.js';
import { closeButton, frame, type View } from './view.js';

export function progressView(
  v: View,
  state: Extract<WidgetState, { name: 'sent' | 'done' | 'partial' | 'failed' }>,
): TemplateResult {
  const { s } = v;
  const { devices, timedOut } = state.progress;
  const total = devices.length;
  const done = devices.filter((d) => d.status === 'done').length;
  const failed = devices.filter((d) => d.status === 'failed').length;
  const names = new Map(state.preview.devices.map((d) => [d.id, d.name]));
  const title = { sent: s.sentTitle, done: s.doneTitle, partial: s.partialTitle, failed: s.failedTitle }[
    state.name
  ];
  return frame(
    title,
    failed ? s.partial(failed, total) : s.progress(done, total),
    html`<ul part="device-list" class="progress">
        ${devices.map(
          (d) =>
            html`<li data-device=${d.id}>
              <span class="name">${names.get(d.id) ?? `#${d.id}`}</span>
              <span class="meta status-${d.status}">${s.deviceStatus[d.status]}</span>
            </li>`,
        )}
      </ul>
      ${timedOut ? html`<p class="timed-out">${s.timedOut}</p>` : nothing}`,
    closeButton(v, s.close, 'close primary'),
  );
}
