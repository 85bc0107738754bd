/** The device checklist of the form: each device with its model, OS, serial, last check-in, owner and warnings. */
import { html, nothing, type TemplateResult } from 'lit';
import type { DeviceWarning, PreviewDevice } from '@hexnode-offboard/core/protocol';
import type { Form } from '../states.js';
import type { ActionChoice, OffboardStrings } from '../strings.js';
import type { View } from './view.js';

const warningText = (s: OffboardStrings, w: DeviceWarning): string =>
  w.code === 'offline'
    ? s.warningOffline(w.days ?? 0)
    : w.code === 'shared_device'
      ? s.warningShared
      : w.code === 'pending_action'
        ? s.warningPending(s.actionNames[w.action as ActionChoice] ?? w.action ?? '')
        : s.warningNotEnrolled;

/** One device: everything about it is inside its checkbox's label, so it is the checkbox's accessible name. */
function deviceItem(v: View, d: PreviewDevice, checked: boolean): TemplateResult {
  const { s } = v;
  const ownership = d.ownership ?? 'unknown';
  const specs = [d.model, [d.os, d.osVersion].filter(Boolean).join(' '), d.serial && s.serial(d.serial)];
  return html`<li>
    <label class="row">
      <input
        type="checkbox"
        class="device"
        data-device=${d.id}
        .checked=${checked}
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
  </li>`;
}

export function deviceList(
  v: View,
  devices: PreviewDevice[],
  form: Form,
  max: number,
  busy: boolean,
): TemplateResult {
  const { s } = v;
  const n = form.selected.length;
  const problem = n === 0 ? s.noDeviceSelected : n > max ? s.tooManyDevices(max) : '';
  return html`<fieldset part="device-list" ?disabled=${busy}>
    <legend>${s.devicesLegend}</legend>
    <ul>
      ${devices.map((d) => deviceItem(v, d, form.selected.includes(d.id)))}
    </ul>
    ${problem ? html`<p class="hint problem">${problem}</p>` : nothing}
  </fieldset>`;
}
