/** The dialog's form (`ready`, and locked while `submitting`): history, devices, action, reason, confirmation. */
import { html, nothing, type TemplateResult } from 'lit';
import { DESTRUCTIVE_ACTIONS, type PreviewResponse } from '@hexnode-offboard/core/protocol';
import { choiceAction } from '../choices.js';
import { employeeOf } from '../controllers/host.js';
import { canSubmit } from '../intent.js';
import type { Form, WidgetState } from '../states.js';
import type { ActionChoice } from '../strings.js';
import { deviceList } from './devices.js';
import { frame, type View } from './view.js';

type FormState = Extract<WidgetState, { name: 'ready' | 'submitting' }>;

const value = (e: Event) => (e.target as HTMLInputElement | HTMLTextAreaElement).value;

/** Earlier offboardings of this employee, and the tick that acting again needs. */
function history(v: View, p: PreviewResponse, form: Form, busy: boolean): TemplateResult | typeof nothing {
  const { s } = v;
  if (!p.history.length) return nothing;
  return html`<div class="history" part="history">
    <strong>${s.historyTitle}</strong>
    <ul>
      ${p.history.map((h) => {
        const done = s.actionDone[(h.mode ? `wipe_${h.mode}` : h.action) as ActionChoice] ?? h.action;
        return html`<li>${s.historyEntry(done, v.locale.date(h.at), h.actor.name, h.deviceIds.length)}</li>`;
      })}
    </ul>
    <label class="row">
      <input
        class="repeat"
        type="checkbox"
        .checked=${form.repeatAck}
        ?disabled=${busy}
        @change=${(e: Event) =>
          v.apply({ type: 'edit', form: { repeatAck: (e.target as HTMLInputElement).checked } })}
      />
      <span>${s.repeatConfirm}</span>
    </label>
  </div>`;
}

/** The action radio group; each choice's consequence is its description. */
function actions(
  v: View,
  choices: ActionChoice[],
  chosen: ActionChoice | undefined,
  busy: boolean,
): TemplateResult {
  const { s } = v;
  return html`<fieldset part="actions" ?disabled=${busy}>
    <legend>${s.actionLegend}</legend>
    ${choices.map(
      (c) =>
        html`<label class="row">
          <input
            type="radio"
            class="choice"
            name="action"
            value=${c}
            aria-describedby="consequence-${c}"
            .checked=${c === chosen}
            @change=${() => v.apply({ type: 'edit', form: { choice: c } })}
          />
          <span>
            <span class="name">${s.actionNames[c]}</span>
            <span class="hint" id="consequence-${c}">${s.consequences[c]}</span>
          </span>
        </label>`,
    )}
  </fieldset>`;
}

/** The reason (when the handler requires one) and the text to type. */
function fields(v: View, p: PreviewResponse, form: Form, busy: boolean): TemplateResult {
  const { s } = v;
  const reason = p.requireReason
    ? html`<label class="field"
        >${s.reasonLabel}
        <textarea
          part="reason-input"
          class="reason-input"
          rows="2"
          required
          .value=${form.reason}
          ?disabled=${busy}
          @input=${(e: Event) => v.apply({ type: 'edit', form: { reason: value(e) } })}
        ></textarea>
      </label>`
    : nothing;
  return html`${reason}<label class="field"
      >${s.confirmLabel(p.confirmText)}
      <input
        part="confirm-input"
        class="confirm-input"
        autocomplete="off"
        spellcheck="false"
        .value=${form.confirmation}
        ?disabled=${busy}
        @input=${(e: Event) => v.apply({ type: 'edit', form: { confirmation: value(e) } })}
      />
    </label>`;
}

/** Cancel, and the confirm button: danger colour for destructive actions, disabled until the form is complete. */
function footer(v: View, state: FormState, busy: boolean): TemplateResult {
  const { s } = v;
  const { choice, selected } = state.form;
  const action = choice && choiceAction(choice)[0];
  const danger = action !== undefined && DESTRUCTIVE_ACTIONS.includes(action);
  return html`<button part="cancel" class="cancel" type="button" ?disabled=${busy} @click=${v.close}>
      ${s.cancel}
    </button>
    <button
      part="confirm"
      class="submit ${danger ? 'danger' : 'primary'}"
      type="button"
      ?disabled=${!busy && !canSubmit(state.preview, state.form)}
      aria-disabled=${busy ? 'true' : nothing}
      @click=${() => v.apply({ type: 'confirm', employee: employeeOf(v.host) })}
    >
      ${busy ? s.submitting : s.submit(choice ? s.actionNames[choice] : '', selected.length)}
    </button>`;
}

/** The form. `title` names the employee. */
export function formView(v: View, state: FormState, choices: ActionChoice[], title: string): TemplateResult {
  const { preview: p, form } = state;
  const busy = state.name === 'submitting';
  return frame(
    v.s.dialogTitle(title),
    v.s.dialogDescription(p.devices.length),
    html`${history(v, p, form, busy)}${deviceList(v, p.devices, form, p.maxDevicesPerAction, busy)}
    ${actions(v, choices, form.choice, busy)}${fields(v, p, form, busy)}`,
    footer(v, state, busy),
  );
}
