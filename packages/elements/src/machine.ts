/**
 * The widget's state machine, pure: `transition(state, event)` returns the next state and the effects the
 * element carries out (requests, the dialog, focus, events). No DOM, no timers, no randomness: the element and
 * its controllers turn the world into events (a click, an answer, a poll) and effects back into the world.
 * The states, events and effects are in states.ts; docs/widget.md holds the transition table, and
 * test/machine.test.ts checks this module against it.
 *
 * Just over 300 lines: one table of every state's rows; split, a state's rows would no longer read together.
 */
import type { PreviewResponse } from '@hexnode-offboard/core/protocol';
import { formChoices, perDeviceChoices, pickChoice, type Offer } from './choices.js';
import { canSubmit, followUpOf, intentOf, sameEmail } from './intent.js';
import type {
  Effect,
  EventType,
  Failure,
  Form,
  Progress,
  StateName,
  StateOf,
  Step,
  WidgetEvent,
  WidgetState,
} from './states.js';

/** How long a preloaded preview may stand in for the one a click would fetch. */
export const PRELOAD_REUSE_MS = 30_000;
/** The longest a confirmed intent waits for Hexnode's rate limit (`max-wait`'s default), in seconds. */
export const MAX_WAIT = 300;
/** How long the widget waits before asking again while the handler builds its first index. */
export const INDEXING_RETRY_MS = 3_000;

const stay = (state: WidgetState): Step => ({ state, effects: [] });
const to = (state: WidgetState, ...effects: Effect[]): Step => ({ state, effects });
const show = (focus: string): Effect => ({ type: 'show-dialog', focus });
const LOAD: Effect = { type: 'load-preview' };
const ABORT: Effect = { type: 'abort-preview' };
const CLOSE: Effect = { type: 'close-dialog' };
const STOP: Effect = { type: 'stop-following' };
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

/** HR asked and the preview is here: the dialog for it, or `not-allowed` when nothing may be offered. */
function opened(preview: PreviewResponse, offer: Offer): Step {
  const choices = formChoices(preview, offer.actions);
  const perDevice = perDeviceChoices(preview, offer.actions);
  // The preview's not_found, no_devices and ambiguous are the states not-found, no-devices and ambiguous.
  const outcome = preview.status.replace('_', '-') as 'not-found' | 'no-devices' | 'ambiguous';
  if (preview.status === 'indexing')
    return to({ name: 'indexing', preview }, show('.cancel'), {
      type: 'load-preview',
      after: INDEXING_RETRY_MS,
    });
  if (preview.status !== 'ready') return to({ name: outcome, preview }, show('.cancel'));
  if (!choices.length) return to({ name: 'not-allowed', preview }, CLOSE);
  // Offers that differ: each device starts on its own best offer (a device offered nothing starts unchecked).
  const own = perDevice && Object.fromEntries([...perDevice].map(([id, c]) => [id, c[0]!] as const));
  const form: Form = {
    selected: preview.devices.map((d) => d.id).filter((id) => !perDevice || perDevice.get(id)?.length),
    choice: pickChoice(choices, offer.defaultAction),
    ...(own ? { perDevice: own } : {}),
    reason: '',
    confirmation: '',
    repeatAck: false,
  };
  return to({ name: 'ready', preview, form }, show('.cancel'));
}

/**
 * The dialog closed: back to idle (`not-allowed` stays), with the preview for the button's count while it is
 * still this employee's. `cancel`: nothing was sent, so the page hears `hexnode-offboard-cancel`.
 */
function closed(state: WidgetState, email: string, cancel: boolean): Step {
  const preview = state.preview && sameEmail(state.preview.employee.email, email) ? state.preview : undefined;
  const next: WidgetState =
    state.name === 'not-allowed' ? { name: 'not-allowed', preview } : { name: 'idle', preview };
  const effects: Effect[] = [STOP, ABORT, { type: 'focus-button' }];
  return to(next, ...(cancel ? [{ type: 'emit', event: 'cancel' } as const, ...effects] : effects));
}

type PolledEvent = Extract<WidgetEvent, { type: 'polled' }>;

function polled(state: StateOf<'sent'>, { answer, late }: PolledEvent): Step {
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
      : { ...state, name: status, progress };
  const detail = { actionId: id, status, timedOut, devices: [...devices] };
  return to(next, { type: 'emit', event: 'complete', detail }, STOP);
}

type Handler<S extends StateName, E extends EventType> = (
  state: StateOf<S>,
  event: Extract<WidgetEvent, { type: E }>,
) => Step;
type Row<S extends StateName> = { [E in EventType]?: Handler<S, E> };

// What several states share: a new employee starts afresh; out of the page, the dialog closes and only the
// states that outlive it (idle, not-allowed, submitting, sent) stay; back in the page, an action on its way,
// sent or failed meanwhile shows again; closing cancels what was never sent.
const reset = (): Step => to({ name: 'idle' }, ABORT, CLOSE);
const keep = (state: WidgetState): Step => to(state, CLOSE);
const drop = (state: WidgetState): Step => to({ name: 'idle', preview: state.preview }, CLOSE);
const reshow = (state: WidgetState): Step => to(state, show('.close, .submit, .retry'));
const cancelled = (state: WidgetState, { email }: { email: string }): Step => closed(state, email, true);
const finished = (state: WidgetState, { email }: { email: string }): Step => closed(state, email, false);
const answered: Row<'not-found' | 'no-devices' | 'ambiguous'> = {
  'dialog-closed': cancelled,
  'employee-changed': reset,
  disconnected: drop,
};
// Waiting for a preview: in the button (`loading`) or in the dialog while the handler indexes (`indexing`).
const waiting: Row<'loading' | 'indexing'> = {
  previewed: (_, { preview, offer }) => opened(preview, offer),
  'preview-failed': (s, { error }) =>
    error.code === 'forbidden'
      ? to({ name: 'not-allowed', preview: s.preview }, failed(error, 'preview'), CLOSE)
      : to(
          { name: 'error', during: 'preview', error, preview: s.preview },
          failed(error, 'preview'),
          show('.retry'),
        ),
  'dialog-closed': cancelled,
  'employee-changed': reset,
  disconnected: drop,
};
const ended: Row<'done' | 'partial' | 'failed'> = {
  'dialog-closed': finished,
  'employee-changed': reset,
  disconnected: drop,
};

// IT's follow-up from the progress view (mark a device whose disenroll stays pending as disenrolled): a new
// intent, asked of the host like any other, sent with a new key; its answer lands in `sent` as a new action.
const followed: Row<'sent' | 'done' | 'partial' | 'failed'> = {
  'follow-up': (s, { device }) =>
    s.progress.devices.some((d) => d.id === device && d.followUp === 'mark_disenrolled')
      ? to(s, { type: 'ask-host', intent: followUpOf(s.intent, device) })
      : stay(s),
  approved: (s, { intent, key }) => {
    const keyed = { ...intent, key };
    const form: Form = {
      selected: keyed.body.deviceIds ?? [],
      choice: 'mark_disenrolled',
      reason: keyed.body.reason ?? '',
      confirmation: '',
      repeatAck: false,
    };
    const next: WidgetState = { name: 'submitting', preview: s.preview, form, intent: keyed };
    return to(next, STOP, { type: 'send', intent: keyed });
  },
};

/** The transition table, state by state (docs/widget.md shows it row by row). A missing entry changes nothing. */
const TABLE: { [S in StateName]: Row<S> } = {
  idle: {
    visible: (s) => to(s, LOAD),
    click: (s, { at, offer }) => {
      const open: Effect = { type: 'emit', event: 'open' };
      // A preview preloaded in the last 30 s opens the dialog at once, once: no second request, no wait.
      if (s.preview && s.preloadedAt !== undefined && at - s.preloadedAt < PRELOAD_REUSE_MS) {
        const step = opened(s.preview, offer);
        return to(step.state, open, ...step.effects);
      }
      return to({ name: 'loading', preview: s.preview, inDialog: false }, open, LOAD);
    },
    // Preloaded: kept for the button's count and a click soon after; "not allowed" is known before the click.
    previewed: (_, { preview, at, offer }) =>
      preview.status === 'ready' && !formChoices(preview, offer.actions).length
        ? to({ name: 'not-allowed', preview })
        : to({ name: 'idle', preview, preloadedAt: at }),
    // A preload failure stays silent (HR did not ask yet), except that "not allowed" shows on the button.
    'preview-failed': (s, { error }) =>
      error.code === 'forbidden' ? to({ name: 'not-allowed', preview: s.preview }) : stay(s),
    'employee-changed': reset,
    disconnected: keep,
  },
  loading: waiting,
  // Still indexing: the same as loading, with the dialog open and the preview asked again shortly.
  indexing: waiting,
  'not-allowed': { 'dialog-closed': finished, 'employee-changed': reset, disconnected: keep },
  'not-found': answered,
  'no-devices': answered,
  ambiguous: answered,
  ready: {
    toggle: (s, { device }) => {
      const { selected } = s.form;
      const next = selected.includes(device) ? selected.filter((id) => id !== device) : [...selected, device];
      return to({ ...s, form: { ...s.form, selected: next } });
    },
    edit: (s, { form }) => to({ ...s, form: { ...s.form, ...form } }),
    confirm: (s, { employee }) =>
      // Not while a held job's decision is on its way: its answer must land in `ready`.
      canSubmit(s.preview, s.form) && !s.deciding
        ? to(s, { type: 'ask-host', intent: intentOf(s.preview, s.form, employee) })
        : stay(s),
    // One key per confirmed intent; a retry of this intent reuses it, so the handler sends it at most once.
    approved: (s, { intent, key }) => {
      const keyed = { ...intent, key };
      return to({ ...s, name: 'submitting', intent: keyed }, { type: 'send', intent: keyed });
    },
    // A held job's decision (two-person rule): never the viewer's own job, one at a time, a rejection with a
    // reason; once taken, the preview is asked again (the job leaves the list).
    decide: (s, { job, approve, reason }) => {
      const held = s.preview.heldJobs?.find((j) => j.id === job);
      if (!held || held.yours || s.deciding) return stay(s);
      reason = reason.trim();
      if (!approve && !reason) return to({ ...s, jobError: { code: 'reason_required', status: 0 } });
      return to({ ...s, deciding: job, jobError: undefined }, { type: 'decide-job', job, approve, reason });
    },
    decided: (s) =>
      s.deciding ? to({ name: 'loading', preview: s.preview, inDialog: true }, LOAD) : stay(s),
    'decide-failed': (s, { error }) =>
      s.deciding ? to({ ...s, deciding: undefined, jobError: error }) : stay(s),
    'dialog-closed': cancelled,
    'employee-changed': reset,
    disconnected: drop,
  },
  submitting: {
    accepted: (s, { answer: { id, auditId, devices } }) =>
      to(
        {
          name: 'sent',
          preview: s.preview,
          intent: s.intent,
          progress: { id, status: 'pending', timedOut: false, devices },
        },
        { type: 'emit', event: 'sent', detail: { ...s.intent.detail, actionId: id, auditId, devices } },
        show('.close'),
        { type: 'follow', id },
      ),
    // Hexnode's rate limit, within max-wait: nothing was sent; the same intent (same key) goes after the wait.
    'action-failed': (s, { error, maxWait = MAX_WAIT }) => {
      const { retryAfter = 1e9, reason = 'window' } = error;
      // At least a second: a handler's wait of 0 (or less) must not resend in a loop.
      const seconds = Math.max(1, Math.ceil(retryAfter));
      const waited = (s.intent.waited ?? 0) + seconds;
      return error.code === 'hexnode_busy' && waited <= maxWait
        ? to(
            { ...s, name: 'waiting', intent: { ...s.intent, waited }, wait: { seconds, reason } },
            { type: 'wait', seconds },
            show('.cancel'),
          )
        : to({ ...s, name: 'error', during: 'action', error }, failed(error, 'action'), show('.retry'));
    },
    // The action is on its way and is never abandoned: the dialog shows again and the answer lands in `sent`.
    'dialog-closed': (s) => to(s, show('.submit')),
    disconnected: keep,
    connected: reshow,
  },
  waiting: {
    waited: (s) =>
      to(
        { name: 'submitting', preview: s.preview, form: s.form, intent: s.intent },
        { type: 'send', intent: s.intent },
      ),
    // Cancel (or Escape) during the wait: nothing was sent, and the page hears hexnode-offboard-cancel.
    'dialog-closed': cancelled,
    'employee-changed': reset,
    disconnected: keep,
    connected: reshow,
  },
  sent: { polled, ...followed, 'dialog-closed': finished, disconnected: keep, connected: reshow },
  done: { ...ended, ...followed },
  partial: { ...ended, ...followed },
  failed: { ...ended, ...followed },
  error: {
    // HR's own Try again: the same intent and key, which may wait for Hexnode afresh.
    retry: (s) => {
      if (s.during !== 'action') return to({ name: 'loading', preview: s.preview, inDialog: true }, LOAD);
      const intent = { ...s.intent, waited: 0 };
      return to({ name: 'submitting', preview: s.preview, form: s.form, intent }, { type: 'send', intent });
    },
    back: (s) =>
      s.during === 'action'
        ? to({ name: 'ready', preview: s.preview, form: s.form }, show('.confirm-input'))
        : stay(s),
    'dialog-closed': (s, { email }) => closed(s, email, s.during === 'preview'),
    'employee-changed': reset,
    disconnected: drop,
    connected: reshow,
  },
};

/** The widget's next state and what to do about it. Pure: the same state and event always give the same step. */
export function transition(state: WidgetState, event: WidgetEvent): Step {
  const handler = TABLE[state.name][event.type] as ((s: WidgetState, e: WidgetEvent) => Step) | undefined;
  return handler ? handler(state, event) : stay(state);
}
