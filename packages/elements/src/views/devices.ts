/** The device checklist of the form: each device with its model, OS, serial, last check-in, owner and warnings. */
import { html, nothing, type TemplateResult } from 'lit';
import type { DeviceWarning, PreviewDevice, PreviewResponse } from '@hexnode-offboard/core/protocol';
import type { Form } from '../states.js';
import type { ActionChoice, OffboardStrings } from '../strings.js';
import { choiceConsequence, choiceName } from './choice-text.js';
import type { View } from './view.js';

const warningText = (s: OffboardStrings, w: DeviceWarning): string =>
  w.code === 'offline'
    ? s.warningOffline(w.days ?? 0)
    : w.code === 'shared_device'
      ? s.warningShared
      : w.code === 'pending_action'
        ? s.warningPending(s.actionNames[w.action as ActionChoice] ?? w.action ?? '')
        : s.warningNotEnrolled;

/** What the list needs to offer each device its own action (when the devices' offers differ). */
export interface PerDevice {
  preview: PreviewResponse;
  choices: Map<number, ActionChoice[]>;
  employee: string;
}

/** A device's own action: a dropdown of its offers (best first) and the chosen one's consequence. */
// "devices as of 12:03" today; an older index (served while it refreshes, or while Hexnode is down) says its date.
const asOfStyle = (iso: string): Intl.DateTimeFormatOptions =>
  new Date(iso).toDateString() === new Date().toDateString()
    ? { timeStyle: 'short' }
    : { dateStyle: 'medium', timeStyle: 'short' };

function actionSelect(v: View, d: PreviewDevice, form: Form, per: PerDevice): TemplateResult {
  const { s } = v;
  const choices = per.choices.get(d.id) ?? [];
  const chosen = form.perDevice?.[d.id];
  if (!choices.length) return html`<span class="hint">${s.notOffered.not_enabled}</span>`;
  return html`<span class="device-action">
    <select
      class="device-choice"
      data-device=${d.id}
      aria-label=${s.deviceAction(d.name)}
      aria-describedby="consequence-device-${d.id}"
      @change=${(e: Event) => {
        const c = (e.target as HTMLSelectElement).value as ActionChoice;
        v.apply({ type: 'edit', form: { perDevice: { ...form.perDevice, [d.id]: c } } });
      }}
    >
      ${choices.map(
        (c) =>
          html`<option value=${c} ?selected=${c === chosen}>${choiceName(s, per.preview, c, d)}</option>`,
      )}
    </select>
    <span class="hint" id="consequence-device-${d.id}"
      >${chosen ? choiceConsequence(s, per.preview, chosen, per.employee, d) : ''}</span
    >
  </span>`;
}

/** One device: everything about it is inside its checkbox's label, so it is the checkbox's accessible name. */
function deviceItem(v: View, d: PreviewDevice, form: Form, per?: PerDevice): TemplateResult {
  const { s } = v;
  const checked = form.selected.includes(d.id);
  const ownership = d.ownership ?? 'unknown';
  const specs = [d.model, [d.os, d.osVersion].filter(Boolean).join(' '), d.serial && s.serial(d.serial)];
  return html`<li>
    <label class="row">
      <input
        type="checkbox"
        class="device"
        data-device=${d.id}
        .checked=${checked}
        ?disabled=${!!per && !per.choices.get(d.id)?.length}
        @change=${() => v.apply({ type: 'toggle', device: d.id })}
      />
      <span>
        <span class="name">${d.name}</span>
        <span class="meta">${specs.filter(Boolean).join(' · ')}</span>
        <span class="meta">${d.lastSeen ? s.lastSeen(v.locale.ago(d.lastSeen)) : s.neverSeen}</span>
        <span class="meta" data-ownership=${ownership}>${s.ownership[ownership]}</span>
        ${d.warnings.map((w) => html`<span class="warning" data-warning=${w.code}>${warningText(s, w)}</span>`)}
      </span>
    </label>
    ${per && checked ? actionSelect(v, d, form, per) : nothing}
  </li>`;
}

export function deviceList(
  v: View,
  devices: PreviewDevice[],
  form: Form,
  max: number,
  busy: boolean,
  per?: PerDevice,
  asOf?: string,
): TemplateResult {
  const { s } = v;
  const n = form.selected.length;
  const problem = n === 0 ? s.noDeviceSelected : n > max ? s.tooManyDevices(max) : '';
  return html`<fieldset part="device-list" ?disabled=${busy}>
    <legend>${s.devicesLegend}</legend>
    ${asOf ? html`<p class="hint as-of">${s.devicesAsOf(v.locale.date(asOf, asOfStyle(asOf)))}</p>` : nothing}
    <ul>
      ${devices.map((d) => deviceItem(v, d, form, per))}
    </ul>
    ${problem ? html`<p class="hint problem">${problem}</p>` : nothing}
  </fieldset>`;
}
