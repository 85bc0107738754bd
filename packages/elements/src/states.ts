/**
 * The widget's vocabulary: its states (each a tagged object carrying what it shows), the events that move it,
 * and the effects the element carries out. machine.ts holds the transitions between them.
 */
import type {
  ActionAccepted,
  ActionRequest,
  ActionState,
  ActionKind,
  ActionStatusResponse,
  DeviceStatus,
  Employee,
  FollowUp,
  NotOfferedReason,
  PreviewResponse,
} from '@hexnode-offboard/core/protocol';
import type { Offer } from './choices.js';
import type {
  OffboardCompleteEvent,
  OffboardErrorEvent,
  OffboardIntent,
  OffboardSentEvent,
} from './events.js';
import type { ActionChoice, BusyReason, OffboardErrorCode } from './strings.js';

/** A failed request: the protocol's code (or `network_error` / `invalid_response`), the HTTP status, the request id. */
export interface Failure {
  readonly code: OffboardErrorCode;
  readonly status: number;
  readonly requestId?: string | undefined;
  /** `hexnode_busy`, `rate_limited`: seconds to wait before trying again. */
  readonly retryAfter?: number | undefined;
  /** `hexnode_busy`: what Hexnode's limits have spent (`window`, `day`, `throttled`). */
  readonly reason?: BusyReason | undefined;
  /** `action_not_offered`: each device refused, the action asked and why. */
  readonly refusals?: readonly Refusal[] | undefined;
  /** The problem's own words (`detail`), shown where a held job's decision failed. */
  readonly detail?: string | undefined;
}

/** A device the handler refused an action for (`action_not_offered`). */
export interface Refusal {
  deviceId: number;
  action: ActionKind;
  reason: NotOfferedReason;
}

/** What HR filled in on the dialog. */
export interface Form {
  /** The checked device ids. */
  selected: readonly number[];
  choice: ActionChoice | undefined;
  /** Each device's own choice, when the devices' offers differ (one dropdown per device); else absent. */
  perDevice?: Readonly<Record<number, ActionChoice>> | undefined;
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
  /** Seconds this intent has waited for Hexnode's rate limit (`waiting`), counted against `max-wait`. */
  waited?: number | undefined;
}

export interface Progress {
  id: string;
  status: ActionState;
  /** Following stopped at `poll-timeout` with devices still pending. */
  timedOut: boolean;
  devices: readonly ProgressDevice[];
}

/** One device's progress: its own action and, for a disenroll that stays pending, IT's follow-up. */
export interface ProgressDevice {
  id: number;
  status: DeviceStatus;
  action?: ActionKind | undefined;
  followUp?: FollowUp | undefined;
}

/** The widget's states, each carrying what it shows; `name` is the `state` attribute. */
export type WidgetState =
  /** `preview`: the last one seen (the button's count); `preloadedAt`: fetched by `preload`, not yet opened. */
  | { name: 'idle'; preview?: PreviewResponse | undefined; preloadedAt?: number | undefined }
  /** `inDialog`: Try again in the dialog (else the button says it is loading). */
  | { name: 'loading'; preview?: PreviewResponse | undefined; inDialog: boolean }
  | { name: 'not-allowed'; preview?: PreviewResponse | undefined }
  /** `indexing`: the handler is building its first index of the portal; the preview is asked again shortly. */
  | { name: 'not-found' | 'no-devices' | 'ambiguous' | 'indexing'; preview: PreviewResponse }
  /**
   * `deciding`: the held job (two-person rule) whose approval or rejection is on its way; `jobError`: why the
   * last decision failed (`reason_required`: Reject without a reason, refused before any request).
   */
  | {
      name: 'ready';
      preview: PreviewResponse;
      form: Form;
      deciding?: string | undefined;
      jobError?: Failure | undefined;
    }
  | { name: 'submitting'; preview: PreviewResponse; form: Form; intent: Intent }
  /** `hexnode_busy` within `max-wait`: nothing was sent; the same intent (same key) is sent after `seconds`. */
  | {
      name: 'waiting';
      preview: PreviewResponse;
      form: Form;
      intent: Intent;
      wait: { seconds: number; reason: BusyReason };
    }
  | {
      name: 'sent' | 'done' | 'partial' | 'failed';
      preview: PreviewResponse;
      intent: Intent;
      progress: Progress;
    }
  | { name: 'error'; during: 'preview'; error: Failure; preview?: PreviewResponse | undefined }
  | { name: 'error'; during: 'action'; error: Failure; preview: PreviewResponse; form: Form; intent: Intent };

export type StateName = WidgetState['name'];
/** The state named `S`, with the data it carries. */
export type StateOf<S extends StateName> = WidgetState & { name: S };

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
  /** `maxWait`: the element's `max-wait`, the longest an intent waits for Hexnode's rate limit, in seconds. */
  | { type: 'action-failed'; error: Failure; maxWait?: number | undefined }
  /** The wait asked by `wait` is over. */
  | { type: 'waited' }
  /** A progress poll: its answer (none when it failed) and whether `poll-timeout` has passed. */
  | { type: 'polled'; answer?: ActionStatusResponse | undefined; late: boolean }
  /** HR asked the follow-up for a device (mark as disenrolled) in the progress view. */
  | { type: 'follow-up'; device: number; employee: Employee }
  /** HR approved or rejected (with `reason`) a held job listed in the dialog (`preview.heldJobs`). */
  | { type: 'decide'; job: string; approve: boolean; reason: string }
  /** The handler took the decision; `decide-failed`: it refused it or the request failed. */
  | { type: 'decided' }
  | { type: 'decide-failed'; error: Failure }
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
  /** `after`: ask once that many ms have passed (the handler is still indexing); `abort-preview` cancels it. */
  | { type: 'load-preview'; after?: number }
  | { type: 'abort-preview' }
  /** Ask the host (the cancelable before-action event); unless vetoed, the element sends `approved`. */
  | { type: 'ask-host'; intent: Omit<Intent, 'key'> }
  | { type: 'send'; intent: Intent }
  /** Count down `seconds`, then report `waited` (a later `wait` replaces this one). */
  | { type: 'wait'; seconds: number }
  /** Post the decision on a held job (approve, or reject with `reason`), then report `decided` or `decide-failed`. */
  | { type: 'decide-job'; job: string; approve: boolean; reason: string }
  | { type: 'follow'; id: string }
  | { type: 'stop-following' }
  /** Show the dialog (modal) and focus the first element matching `focus`. */
  | { type: 'show-dialog'; focus: string }
  | { type: 'close-dialog' }
  | { type: 'focus-button' }
  | ({ type: 'emit' } & Announcement);

/** One transition: the next state and what to do, in order. */
export interface Step {
  state: WidgetState;
  effects: Effect[];
}
