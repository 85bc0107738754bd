/**
 * The widget's state machine, pure: `transition(state, event)` returns the next state and the effects the
 * element carries out (requests, the dialog, focus, events). No DOM, no timers, no randomness: the element and
 * its controllers turn the world into events (a click, an answer, a poll) and effects back into the world.
 * docs/widget.md holds the transition table; machine.test.ts checks this module against that table.
 */
import type {
  ActionAccepted,
  ActionRequest,
  ActionState,
  ActionStatusResponse,
  DeviceStatus,
  Employee,
  PreviewResponse,
} from '@hexnode-offboard/core/protocol';
import { choiceAction, offeredChoices, pickChoice, type Offer } from './choices.js';
import type {
  OffboardCompleteEvent,
  OffboardErrorEvent,
  OffboardIntent,
  OffboardSentEvent,
} from './events.js';
import type { ActionChoice, OffboardErrorCode } from './strings.js';

/** How long a preloaded preview may stand in for the one a click would fetch. */
export const PRELOAD_REUSE_MS = 30_000;

/** A failed request: the protocol's code (or `network_error` / `invalid_response`), the HTTP status, the request id. */
export interface Failure {
  readonly code: OffboardErrorCode;
  readonly status: number;
  readonly requestId?: string | undefined;
}

/** What HR filled in on the dialog. */
export interface Form {
  /** The checked device ids. */
  selected: readonly number[];
  choice: ActionChoice | undefined;
  reason: string;
  confirmation: string;
  /** "I know, act again", when the employee was offboarded before. */
  repeatAck: boolean;
}

/** One confirmed intent: the request body, the event detail, and the idempotency key every retry reuses. */
export interface Intent {
  body: ActionRequest;
  detail: OffboardIntent;
  key: string;
}

export interface Progress {
  id: string;
  status: ActionState;
  /** Following stopped at `poll-timeout` with devices still pending. */
  timedOut: boolean;
  devices: readonly { id: number; status: DeviceStatus }[];
}

/** The widget's states, each carrying what it shows; `name` is the `state` attribute. */
export type WidgetState =
  /** `preview`: the last one seen (the button's count); `preloadedAt`: fetched by `preload`, not yet opened. */
  | { name: 'idle'; preview?: PreviewResponse | undefined; preloadedAt?: number | undefined }
  /** `inDialog`: Try again in the dialog (else the button says it is loading). */
  | { name: 'loading'; preview?: PreviewResponse | undefined; inDialog: boolean }
  | { name: 'not-allowed'; preview?: PreviewResponse | undefined }
  | { name: 'not-found' | 'no-devices' | 'ambiguous'; preview: PreviewResponse }
  | { name: 'ready'; preview: PreviewResponse; form: Form }
  | { name: 'submitting'; preview: PreviewResponse; form: Form; intent: Intent }
  | {
      name: 'sent' | 'done' | 'partial' | 'failed';
      preview: PreviewResponse;
      intent: Intent;
      progress: Progress;
    }
  | { name: 'error'; during: 'preview'; error: Failure; preview?: PreviewResponse | undefined }
  | { name: 'error'; during: 'action'; error: Failure; preview: PreviewResponse; form: Form; intent: Intent };

export type StateName = WidgetState['name'];

/** What happens to the widget: HR's doing, an answer, the element's lifecycle. */
export type WidgetEvent =
  /** `preload`: the button came into view. */
  | { type: 'visible' }
  | { type: 'click'; at: number; offer: Offer }
  | { type: 'previewed'; preview: PreviewResponse; at: number; offer: Offer }
  | { type: 'preview-failed'; error: Failure }
  | { type: 'toggle'; device: number }
  | { type: 'edit'; form: Partial<Omit<Form, 'selected'>> }
  | { type: 'confirm'; employee: Employee }
  /** The host did not veto the intent (`hexnode-offboard-before-action`); `key` is a new idempotency key. */
  | { type: 'approved'; intent: Omit<Intent, 'key'>; key: string }
  | { type: 'accepted'; answer: ActionAccepted }
  | { type: 'action-failed'; error: Failure }
  /** A progress poll: its answer (none when it failed) and whether `poll-timeout` has passed. */
  | { type: 'polled'; answer?: ActionStatusResponse | undefined; late: boolean }
  | { type: 'retry' }
  | { type: 'back' }
  /** The dialog closed (Cancel, Close, Escape); `email` is the element's current employee email. */
  | { type: 'dialog-closed'; email: string }
  | { type: 'employee-changed' }
  | { type: 'disconnected' }
  | { type: 'connected' };

export type EventType = WidgetEvent['type'];

/** An event for the host page; the element adds the employee to `open` and `cancel`. */
export type Announcement =
  | { event: 'open' | 'cancel' }
  | { event: 'sent'; detail: OffboardSentEvent['detail'] }
  | { event: 'complete'; detail: OffboardCompleteEvent['detail'] }
  | { event: 'error'; detail: OffboardErrorEvent['detail'] };

/** What the element does after a transition, in order. */
export type Effect =
  | { type: 'load-preview' }
  | { type: 'abort-preview' }
  /** Ask the host (the cancelable before-action event); unless vetoed, the element sends `approved`. */
  | { type: 'ask-host'; intent: Omit<Intent, 'key'> }
  | { type: 'send'; intent: Intent }
  | { type: 'follow'; id: string }
  | { type: 'stop-following' }
  /** Show the dialog (modal) and focus the first element matching `focus`. */
  | { type: 'show-dialog'; focus: string }
  | { type: 'close-dialog' }
  | { type: 'focus-button' }
  | ({ type: 'emit' } & Announcement);

export interface Step {
  state: WidgetState;
  effects: Effect[];
}

const stay = (state: WidgetState): Step => ({ state, effects: [] });
const to = (state: WidgetState, ...effects: Effect[]): Step => ({ state, effects });
const show = (focus: string): Effect => ({ type: 'show-dialog', focus });
const failed = (error: Failure, during: 'preview' | 'action'): Effect => ({
  type: 'emit',
  event: 'error',
  detail: {
    code: error.code,
    status: error.status,
    during,
    ...(error.requestId ? { requestId: error.requestId } : {}),
  },
});

/** States that outlive a closed dialog or the element leaving the page. */
const KEPT: StateName[] = ['idle', 'not-allowed', 'submitting', 'sent'];
const OUTCOMES = { not_found: 'not-found', no_devices: 'no-devices', ambiguous: 'ambiguous' } as const;
const normal = (email: string): string => email.trim().toLowerCase();

/** Whether the form may be sent: devices within the limit, the text typed, a reason and the repeat tick if asked. */
export function canSubmit(preview: PreviewResponse, form: Form): boolean {
  const n = form.selected.length;
  return (
    !!form.choice &&
    n > 0 &&
    n <= preview.maxDevicesPerAction &&
    form.confirmation.trim() === preview.confirmText.trim() &&
    (!preview.requireReason || form.reason.trim() !== '') &&
    (preview.history.length === 0 || form.repeatAck)
  );
}

/** The request and event detail for what the form says, for `employee`. */
export function intentOf(preview: PreviewResponse, form: Form, employee: Employee): Omit<Intent, 'key'> {
  const [action, mode] = choiceAction(form.choice!);
  const deviceIds = preview.devices.map((d) => d.id).filter((id) => form.selected.includes(id));
  const reason = form.reason.trim();
  const repeat = preview.history.length > 0;
  const optional = { ...(mode ? { mode } : {}), ...(reason ? { reason } : {}) };
  return {
    detail: { employee, action, deviceIds, repeat, ...optional },
    body: {
      employee,
      action,
      deviceIds,
      confirmation: form.confirmation.trim(),
      ...(mode ? { options: { mode } } : {}),
      ...(reason ? { reason } : {}),
      ...(repeat ? { repeat: true } : {}),
    },
  };
}

/** HR asked and the preview is here: the dialog for it, or `not-allowed` when nothing may be offered. */
function opened(preview: PreviewResponse, offer: Offer): Step {
  const choices = offeredChoices(preview, offer.actions);
  if (preview.status === 'ready' && !choices.length)
    return to({ name: 'not-allowed', preview }, { type: 'close-dialog' });
  if (preview.status !== 'ready') return to({ name: OUTCOMES[preview.status], preview }, show('.cancel'));
  const form: Form = {
    selected: preview.devices.map((d) => d.id),
    choice: pickChoice(choices, offer.defaultAction),
    reason: '',
    confirmation: '',
    repeatAck: false,
  };
  return to({ name: 'ready', preview, form }, show('.cancel'));
}

/** The dialog closed: back to idle (keeping the preview for the count), cancelling only what was never sent. */
function closed(state: WidgetState, email: string): Step {
  if (state.name === 'idle') return stay(state);
  // The action is on its way and is never abandoned: the dialog shows again and the answer lands in `sent`.
  if (state.name === 'submitting') return to(state, show('.submit'));
  const effects: Effect[] = [];
  const sent =
    ['sent', 'done', 'partial', 'failed'].includes(state.name) ||
    (state.name === 'error' && state.during === 'action');
  if (!sent && state.name !== 'not-allowed') effects.push({ type: 'emit', event: 'cancel' });
  effects.push({ type: 'stop-following' }, { type: 'abort-preview' }, { type: 'focus-button' });
  const preview =
    state.preview && normal(state.preview.employee.email) === normal(email) ? state.preview : undefined;
  return to(
    state.name === 'not-allowed' ? { name: 'not-allowed', preview } : { name: 'idle', preview },
    ...effects,
  );
}

function polled(state: WidgetState, { answer, late }: Extract<WidgetEvent, { type: 'polled' }>): Step {
  if (state.name !== 'sent') return stay(state);
  const progress: Progress = answer
    ? { id: state.progress.id, status: answer.status, timedOut: false, devices: answer.devices }
    : state.progress;
  const { id, status, devices } = progress;
  if (status === 'pending' && !late) return to({ ...state, progress });
  // Every device is final, or following timed out: the devices still act when they check in.
  const timedOut = status === 'pending';
  const next: WidgetState =
    status === 'pending'
      ? { ...state, progress: { ...progress, timedOut } }
      : { name: status, preview: state.preview, intent: state.intent, progress };
  const detail = { actionId: id, status, timedOut, devices: [...devices] };
  return to(next, { type: 'emit', event: 'complete', detail }, { type: 'stop-following' });
}

type Handlers = { [K in EventType]: (state: WidgetState, event: Extract<WidgetEvent, { type: K }>) => Step };

/** One function per event; a state an event does not concern stays as it is. */
const on: Handlers = {
  visible: (s) => (s.name === 'idle' ? to(s, { type: 'load-preview' }) : stay(s)),
  click: (s, e) => {
    if (s.name !== 'idle') return stay(s);
    const open: Effect = { type: 'emit', event: 'open' };
    // A preview preloaded in the last 30 s opens the dialog at once, once: no second request, no wait.
    if (s.preview && s.preloadedAt !== undefined && e.at - s.preloadedAt < PRELOAD_REUSE_MS) {
      const step = opened(s.preview, e.offer);
      return to(step.state, open, ...step.effects);
    }
    return to({ name: 'loading', preview: s.preview, inDialog: false }, open, { type: 'load-preview' });
  },
  previewed: (s, { preview, at, offer }) => {
    if (s.name === 'loading') return opened(preview, offer);
    if (s.name !== 'idle') return stay(s);
    // Preloaded: kept for the button's count and a click soon after; "not allowed" is known before the click.
    if (preview.status === 'ready' && !offeredChoices(preview, offer.actions).length)
      return to({ name: 'not-allowed', preview });
    return to({ name: 'idle', preview, preloadedAt: at });
  },
  'preview-failed': (s, { error }) => {
    const forbidden = error.code === 'forbidden';
    // A preload failure stays silent (HR did not ask yet), except that "not allowed" shows on the button.
    if (s.name === 'idle') return forbidden ? to({ name: 'not-allowed', preview: s.preview }) : stay(s);
    if (s.name !== 'loading') return stay(s);
    if (forbidden)
      return to({ name: 'not-allowed', preview: s.preview }, failed(error, 'preview'), {
        type: 'close-dialog',
      });
    return to(
      { name: 'error', during: 'preview', error, preview: s.preview },
      failed(error, 'preview'),
      show('.retry'),
    );
  },
  toggle: (s, { device }) => {
    if (s.name !== 'ready') return stay(s);
    const { selected } = s.form;
    const next = selected.includes(device) ? selected.filter((id) => id !== device) : [...selected, device];
    return to({ ...s, form: { ...s.form, selected: next } });
  },
  edit: (s, { form }) => (s.name === 'ready' ? to({ ...s, form: { ...s.form, ...form } }) : stay(s)),
  confirm: (s, { employee }) =>
    s.name === 'ready' && canSubmit(s.preview, s.form)
      ? to(s, { type: 'ask-host', intent: intentOf(s.preview, s.form, employee) })
      : stay(s),
  approved: (s, { intent, key }) => {
    if (s.name !== 'ready') return stay(s);
    // One key per confirmed intent; a retry of this intent reuses it, so the handler sends it at most once.
    const keyed = { ...intent, key };
    return to(
      { name: 'submitting', preview: s.preview, form: s.form, intent: keyed },
      { type: 'send', intent: keyed },
    );
  },
  accepted: (s, { answer }) => {
    if (s.name !== 'submitting') return stay(s);
    const { id, auditId, devices } = answer;
    const progress: Progress = { id, status: 'pending', timedOut: false, devices };
    const detail = { ...s.intent.detail, actionId: id, auditId, devices };
    return to(
      { name: 'sent', preview: s.preview, intent: s.intent, progress },
      { type: 'emit', event: 'sent', detail },
      show('.close'),
      { type: 'follow', id },
    );
  },
  'action-failed': (s, { error }) =>
    s.name === 'submitting'
      ? to({ ...s, name: 'error', during: 'action', error }, failed(error, 'action'), show('.retry'))
      : stay(s),
  polled,
  retry: (s) => {
    if (s.name !== 'error') return stay(s);
    if (s.during === 'action')
      return to(
        { name: 'submitting', preview: s.preview, form: s.form, intent: s.intent },
        { type: 'send', intent: s.intent },
      );
    return to({ name: 'loading', preview: s.preview, inDialog: true }, { type: 'load-preview' });
  },
  back: (s) =>
    s.name === 'error' && s.during === 'action'
      ? to({ name: 'ready', preview: s.preview, form: s.form }, show('.confirm-input'))
      : stay(s),
  'dialog-closed': (s, { email }) => closed(s, email),
  // A new employee: everything but an action on its way or sent starts afresh, without the old preview.
  'employee-changed': (s) =>
    s.name === 'submitting' || s.name === 'sent'
      ? stay(s)
      : to({ name: 'idle' }, { type: 'abort-preview' }, { type: 'close-dialog' }),
  // Out of the page: the dialog closes; what only made sense with it open is dropped (see KEPT).
  disconnected: (s) =>
    to(KEPT.includes(s.name) ? s : { name: 'idle', preview: s.preview }, { type: 'close-dialog' }),
  // Back in the page: an action on its way, sent, or failed meanwhile shows again.
  connected: (s) =>
    ['submitting', 'sent', 'error'].includes(s.name) ? to(s, show('.close, .submit, .retry')) : stay(s),
};

/** The widget's next state and what to do about it. Pure: the same state and event always give the same step. */
export function transition(state: WidgetState, event: WidgetEvent): Step {
  return (on[event.type] as (state: WidgetState, event: WidgetEvent) => Step)(state, event);
}
