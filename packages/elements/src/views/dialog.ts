/** What the dialog shows in each state: one named view per state. */
import { nothing } from 'lit';
import { formChoices, perDeviceChoices } from '../choices.js';
import { employeeOf } from '../controllers/host.js';
import type { WidgetState } from '../states.js';
import { formView } from './form.js';
import {
  ambiguousView,
  errorView,
  loadingView,
  noDevicesView,
  notFoundView,
  waitingView,
} from './outcomes.js';
import { progressView } from './progress.js';
import type { View } from './view.js';

export function dialogView(v: View, state: WidgetState): unknown {
  const { email, name } = employeeOf(v.host);
  switch (state.name) {
    case 'loading':
      return loadingView(v);
    case 'indexing':
      return loadingView(v, state.preview.indexing);
    case 'not-found':
      return notFoundView(v, email, state.preview.emailNote);
    case 'no-devices':
      return noDevicesView(v, email);
    case 'ambiguous':
      return ambiguousView(v, email, state.preview.candidates);
    case 'error':
      return errorView(v, state);
    case 'waiting':
      return waitingView(v, state);
    case 'ready':
    case 'submitting': {
      const who = state.preview.employee;
      const { actions } = v.host;
      const title = who.name || name || who.email;
      const p = state.preview;
      return formView(v, state, formChoices(p, actions), title, perDeviceChoices(p, actions));
    }
    case 'sent':
    case 'done':
    case 'partial':
    case 'failed':
      return progressView(v, state);
    default:
      return nothing;
  }
}
