/** After the action was sent: each device's action and progress, IT's follow-up, the outcome, "still waiting". */
import { html, nothing, type TemplateResult } from 'lit';
import { employeeOf } from '../controllers/host.js';
import type { ProgressDevice, WidgetState } from '../states.js';
import { choiceName } from './choice-text.js';
import { closeButton, frame, type View } from './view.js';

type ProgressState = Extract<WidgetState, { name: 'sent' | 'done' | 'partial' | 'failed' }>;

/** One device: its name, its own action, its status, and "Mark as disenrolled" when its disenroll stays pending. */
function deviceRow(v: View, state: ProgressState, d: ProgressDevice): TemplateResult {
  const { s } = v;
  const device = state.preview.devices.find((p) => p.id === d.id);
  const action = d.action ?? state.intent.body.action;
  return html`<li data-device=${d.id}>
    <span class="name">${device?.name ?? `#${d.id}`}</span>
    ${
      action
        ? html`<span class="meta device-action" data-action=${action}
            >${choiceName(s, state.preview, action, device)}</span
          >`
        : nothing
    }
    <span class="meta status-${d.status}">${s.deviceStatus[d.status]}</span>
    ${
      d.followUp === 'mark_disenrolled'
        ? html`<span class="hint">${s.followUpHint}</span>
            <button
              part="follow-up"
              class="follow-up"
              type="button"
              data-device=${d.id}
              @click=${() => v.apply({ type: 'follow-up', device: d.id, employee: employeeOf(v.host) })}
            >
              ${s.actionNames.mark_disenrolled}
            </button>`
        : nothing
    }
  </li>`;
}

export function progressView(v: View, state: ProgressState): TemplateResult {
  const { s } = v;
  const { devices, timedOut } = state.progress;
  const total = devices.length;
  const done = devices.filter((d) => d.status === 'done').length;
  const failed = devices.filter((d) => d.status === 'failed').length;
  const title = { sent: s.sentTitle, done: s.doneTitle, partial: s.partialTitle, failed: s.failedTitle }[
    state.name
  ];
  return frame(
    title,
    failed ? s.partial(failed, total) : s.progress(done, total),
    html`<ul part="device-list" class="progress">
        ${devices.map((d) => deviceRow(v, state, d))}
      </ul>
      ${timedOut ? html`<p class="timed-out">${s.timedOut}</p>` : nothing}`,
    closeButton(v, s.close, 'close primary'),
  );
}
