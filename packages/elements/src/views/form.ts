/** The dialog's form (`ready`, and locked while `submitting`): history, devices, action, reason, confirmation. */
import { html, nothing, type TemplateResult } from 'lit';
import type { PreviewResponse } from '@hexnode-offboard/core/protocol';
import { employeeOf } from '../controllers/host.js';
import { canSubmit, chosen, isDestructive } from '../intent.js';
import type { Form, WidgetState } from '../states.js';
import type { ActionChoice } from '../strings.js';
import { choiceConsequence, choiceName } from './choice-text.js';
import { deviceList, type PerDevice } from './devices.js';
import { heldJobsView } from './held-jobs.js';
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
        const done =
          h.action === 'mixed'
            ? s.mixedDone
            : (s.actionDone[(h.mode ? `wipe_${h.mode}` : h.action) as ActionChoice] ?? h.action);
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
  p: PreviewResponse,
  choices: ActionChoice[],
  chosen: ActionChoice | undefined,
  busy: boolean,
  employee: string,
): TemplateResult {
  const { s } = v;
  // Every device personal: disenroll is said as what it is for them ("remove work data and management").
  const personal = p.devices.every((d) => d.ownership === 'personal') ? p.devices[0] : undefined;
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
            <span class="name">${choiceName(s, p, c, personal)}</span>
            <span class="hint" id="consequence-${c}">${choiceConsequence(s, p, c, employee, personal)}</span>
          </span>
        </label>`,
    )}
  </fieldset>`;
}

/** The reason (when the handler requires one) and the text to type (only before erasing or removing management). */
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
  if (!isDestructive(p, form)) return html`${reason}`;
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
  const { preview: p, form } = state;
  const danger = isDestructive(p, form);
  const kinds = new Set(chosen(p, form).map((d) => d.choice));
  const only = kinds.size === 1 ? [...kinds][0] : undefined;
  const name = only ? choiceName(s, p, only) : kinds.size > 1 ? s.mixedAction : '';
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
      ${busy ? s.submitting : s.submit(name, form.selected.length)}
    </button>`;
}

/**
 * The form. `title` names the employee; `choices` is the one action list, `perDevice` each device's own when
 * their offers differ (then each device has a dropdown and the action radio group is not shown).
 */
export function formView(
  v: View,
  state: FormState,
  choices: ActionChoice[],
  title: string,
  perDevice?: Map<number, ActionChoice[]>,
): TemplateResult {
  const { preview: p, form } = state;
  const busy = state.name === 'submitting';
  // The consequence names the person: the page's name for them, else Hexnode's, else the email.
  const person = title === p.employee.email && p.user?.name ? p.user.name : title;
  const per: PerDevice | undefined =
    perDevice && form.perDevice ? { preview: p, choices: perDevice, employee: person } : undefined;
  return frame(
    v.s.dialogTitle(title),
    v.s.dialogDescription(p.devices.length),
    html`${heldJobsView(v, state)}${history(v, p, form, busy)}${deviceList(v, p.devices, form, p.maxDevicesPerAction, busy, per, p.indexedAt)}
    ${per ? nothing : actions(v, p, choices, form.choice, busy, person)}${fields(v, p, form, busy)}`,
    footer(v, state, busy),
  );
}
