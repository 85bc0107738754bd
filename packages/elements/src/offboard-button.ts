import { LitElement, html, type PropertyValues, type TemplateResult } from 'lit';
import { ContextConsumer } from '@lit/context';
import { OffboardApi, newIdempotencyKey } from './api.js';
import { offboardContext } from './context.js';
import { ActionController } from './controllers/action.js';
import { employeeOf, type Wiring } from './controllers/host.js';
import { LocaleController } from './controllers/locale.js';
import { PreviewController } from './controllers/preview.js';
import { ProgressController } from './controllers/progress.js';
import {
  OffboardBeforeActionEvent,
  OffboardCancelEvent,
  OffboardCompleteEvent,
  OffboardErrorEvent,
  OffboardOpenEvent,
  OffboardSentEvent,
} from './events.js';
import { MAX_WAIT, transition } from './machine.js';
import type { Effect, Intent, StateName, WidgetEvent, WidgetState } from './states.js';
import { buttonStyles } from './offboard-button.styles.js';
import { dialogView } from './views/dialog.js';
import { triggerView } from './views/trigger.js';
import type { View } from './views/view.js';

/** The event class for each announcement; `Announcement` pairs each event with its class's detail. */
const EVENTS = {
  open: OffboardOpenEvent,
  cancel: OffboardCancelEvent,
  sent: OffboardSentEvent,
  complete: OffboardCompleteEvent,
  error: OffboardErrorEvent,
};

/** The widget's state, reflected as the `state` attribute. */
export type OffboardState = StateName;

// Over 300 lines: most of it is the element's documented API (attributes, events, parts, custom properties).
/**
 * @tagname hexnode-offboard-button
 * @summary A button that offboards one employee's devices in Hexnode: preview, choose, confirm, follow.
 *
 * @attr state - Read only: `idle`, `loading`, `ready`, `not-found`, `no-devices`, `ambiguous`, `not-allowed`,
 *   `submitting`, `waiting`, `sent`, `done`, `partial`, `failed` or `error`.
 *
 * @event hexnode-offboard-open - HR clicked the button. `detail: { employee }`.
 * @event hexnode-offboard-before-action - HR confirmed; cancelable (call `preventDefault()` to veto). `detail: OffboardIntent`.
 * @event hexnode-offboard-sent - The handler accepted the action. `detail: { actionId, auditId, devices, ...intent }`.
 * @event hexnode-offboard-complete - Every device is done or failed, or following timed out. `detail: { actionId, status, timedOut, devices }`.
 * @event hexnode-offboard-error - A request failed. `detail: { code, status, requestId?, during }`.
 * @event hexnode-offboard-cancel - HR closed the dialog before anything was sent. `detail: { employee }`.
 *
 * @csspart button - The button on the page.
 * @csspart reason - Why the button is disabled (not allowed).
 * @csspart dialog - The `<dialog>`.
 * @csspart title - The dialog's heading.
 * @csspart history - Earlier offboardings of this employee.
 * @csspart device-list - The devices (checklist, then progress).
 * @csspart actions - The action choice.
 * @csspart reason-input - The reason field.
 * @csspart confirm-input - The confirmation field.
 * @csspart footer - The dialog's buttons.
 * @csspart cancel - Cancel / Close.
 * @csspart confirm - The button that sends the action.
 * @csspart retry - Try again, after an error.
 * @csspart back - Back to the form, after the action failed.
 * @csspart candidates - The Hexnode users sharing the email (ambiguous).
 * @csspart refusals - The devices an action was refused for, and why (action_not_offered).
 * @csspart follow-up - "Mark as disenrolled", beside a device whose disenroll stays pending.
 * @csspart held-jobs - Termination jobs for this employee that wait for a second person (cookie mode).
 *
 * @cssproperty --hexnode-offboard-accent - Primary colour (the button). Default #1a56db / dark #4493f8.
 * @cssproperty --hexnode-offboard-accent-text - Text on the accent colour.
 * @cssproperty --hexnode-offboard-danger - Colour of destructive buttons and failures.
 * @cssproperty --hexnode-offboard-danger-text - Text on the danger colour.
 * @cssproperty --hexnode-offboard-background - Dialog and input background.
 * @cssproperty --hexnode-offboard-text - Text colour.
 * @cssproperty --hexnode-offboard-muted - Secondary text.
 * @cssproperty --hexnode-offboard-border - Borders.
 * @cssproperty --hexnode-offboard-warning-background - Device warnings and history background.
 * @cssproperty --hexnode-offboard-warning-text - Device warnings and history text.
 * @cssproperty --hexnode-offboard-success - Devices done.
 * @cssproperty --hexnode-offboard-focus-ring - Focus outline.
 * @cssproperty --hexnode-offboard-radius - Corner radius.
 * @cssproperty --hexnode-offboard-font - Font family (inherits by default).
 * @cssproperty --hexnode-offboard-backdrop - The dialog's backdrop.
 * @cssproperty --hexnode-offboard-color-scheme - `light dark` (default), `light` or `dark`.
 */
export class HexnodeOffboardButton extends LitElement {
  static override styles = buttonStyles;
  // Declared here rather than with decorators: the decorator helper alone costs 0.4 kB of the 16 kB budget.
  static override properties = {
    employeeEmail: { attribute: 'employee-email' },
    employeeName: { attribute: 'employee-name' },
    employeeId: { attribute: 'employee-id' },
    endpoint: {},
    sessionToken: { attribute: 'session-token' },
    fetchSessionToken: { attribute: false },
    actions: {},
    defaultAction: { attribute: 'default-action' },
    label: {},
    disabled: { type: Boolean, reflect: true },
    preload: { type: Boolean },
    hideWhenNotAllowed: { type: Boolean, attribute: 'hide-when-not-allowed', reflect: true },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    pollTimeout: { type: Number, attribute: 'poll-timeout' },
    maxWait: { type: Number, attribute: 'max-wait' },
  };

  /** The employee's email, which maps them to a Hexnode user. Required. */
  employeeEmail = '';
  /** The employee's name, shown in the dialog and sent to the handler. */
  employeeName?: string;
  /** The HRMS's id for the employee, sent to the handler for the audit log. */
  employeeId?: string;
  /** The handler's base URL; overrides the provider's. */
  endpoint?: string;
  /** A session token; overrides the provider's. */
  sessionToken?: string;
  /** Returns a fresh session token; overrides the provider's. */
  fetchSessionToken?: () => Promise<string>;
  /** The actions to offer (a subset of what the handler allows), separated by spaces or commas. */
  actions?: string;
  /**
   * The action chosen when the dialog opens (when every device shares one list of offers): `lock`, `wipe`,
   * `wipe_complete`, `reassign`, ... When the devices' offers differ, each starts on its own first offer.
   */
  defaultAction?: string;
  /** The button's text. */
  label?: string;
  /** Disables the button. */
  disabled = false;
  /** Fetch the preview when the button becomes visible, to show the device count before the click. */
  preload = false;
  /** Hide the button instead of disabling it when this actor may not act. */
  hideWhenNotAllowed = false;
  /** First delay between two progress polls, in ms; grows 1.5x each poll up to 15 s. */
  pollInterval = 1000;
  /** Stop following progress after this many ms (the devices still act when they check in). */
  pollTimeout = 600_000;
  /**
   * The longest a confirmed action waits for Hexnode's rate limit, in seconds, counted over the waits of one
   * intent: within it, `hexnode_busy` shows a countdown and sends the same request again; beyond it, an error
   * with Try again.
   */
  maxWait = MAX_WAIT;

  /** The state machine's state (machine.ts): its name, and what it shows. */
  #current: WidgetState = { name: 'idle' };

  /** The current state (also the `state` attribute). */
  get state(): OffboardState {
    return this.#current.name;
  }

  /** The provider's settings, if there is one around this button. */
  readonly #provided = new ContextConsumer(this, { context: offboardContext, subscribe: true });
  readonly #api = new OffboardApi();
  readonly #wiring: Wiring = { api: () => this.#connection(), report: (event) => this.#apply(event) };
  readonly #locale = new LocaleController(this, () => this.#provided.value);
  readonly #preview = new PreviewController(this, this.#wiring);
  readonly #action = new ActionController(this, this.#wiring);
  readonly #progress = new ProgressController(this, this.#wiring);

  /** The handler client, configured by this element's attributes over the provider's. */
  #connection(): OffboardApi {
    const p = this.#provided.value ?? {};
    this.#api.config = {
      ...p,
      endpoint: this.endpoint || p.endpoint,
      sessionToken: this.sessionToken || p.sessionToken,
      fetchSessionToken: this.fetchSessionToken ?? p.fetchSessionToken,
    };
    return this.#api;
  }

  /** Runs one event through the state machine, then carries out its effects in order. */
  #apply(event: WidgetEvent): void {
    const { state, effects } = transition(this.#current, event);
    if (state !== this.#current) {
      this.#current = state;
      this.requestUpdate();
    }
    for (const effect of effects) this.#carryOut(effect);
  }

  #carryOut(effect: Effect): void {
    switch (effect.type) {
      case 'load-preview':
        return void this.#preview.load(effect.after);
      case 'abort-preview':
        return this.#preview.abort();
      case 'ask-host':
        return this.#ask(effect.intent);
      case 'send':
        return void this.#action.send(effect.intent);
      case 'wait':
        return this.#action.wait(effect.seconds, () => this.#current.name === 'waiting');
      case 'decide-job':
        return void this.#action.decide(effect.job, effect.approve, effect.reason);
      case 'follow':
        return this.#progress.follow(effect.id);
      case 'stop-following':
        return this.#progress.stop();
      case 'show-dialog':
        return void this.#showDialog(effect.focus);
      case 'close-dialog':
        return this.#dialog?.close();
      case 'focus-button':
        return this.renderRoot.querySelector<HTMLElement>('[part=button]')?.focus();
      case 'emit':
        return void this.dispatchEvent(
          'detail' in effect
            ? new EVENTS[effect.event](effect.detail as never)
            : new EVENTS[effect.event]({ employee: employeeOf(this) }),
        );
    }
  }

  /** The host may veto (`hexnode-offboard-before-action`); if it does not, the intent gets its idempotency key. */
  #ask(intent: Omit<Intent, 'key'>): void {
    const veto = new OffboardBeforeActionEvent(intent.detail);
    this.dispatchEvent(veto);
    if (!veto.defaultPrevented) this.#apply({ type: 'approved', intent, key: newIdempotencyKey() });
  }

  get #dialog(): HTMLDialogElement | null | undefined {
    return this.renderRoot?.querySelector('dialog');
  }

  async #showDialog(focus: string): Promise<void> {
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || !this.isConnected) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>(focus)?.focus();
  }

  /** `preload` wants the preview while none is known. */
  get #wantsPreview(): boolean {
    return this.preload && !this.#current.preview;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasUpdated) return;
    this.#preview.observe(this.#wantsPreview);
    this.#apply({ type: 'connected' });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the controllers abort the preview and pause following; never the action
    this.#apply({ type: 'disconnected' });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('employeeEmail') && changed.get('employeeEmail') !== undefined)
      this.#apply({ type: 'employee-changed' });
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.setAttribute('state', this.#current.name);
    if (changed.has('preload') || changed.has('employeeEmail')) this.#preview.observe(this.#wantsPreview);
  }

  #onDialogCancel(e: Event): void {
    // Escape while sending is vetoed; if the browser closes the dialog anyway, the machine shows it again.
    if (this.#current.name === 'submitting') e.preventDefault();
  }

  #onDialogClose(): void {
    const dialog = this.#dialog;
    // Closed by the element itself while out of the page, or already shown again: nothing to do.
    if (!this.isConnected || !dialog || dialog.open) return;
    this.#apply({ type: 'dialog-closed', email: this.employeeEmail });
  }

  override render(): TemplateResult {
    const view: View = {
      s: this.#locale.strings,
      locale: this.#locale,
      host: this,
      apply: (event) => this.#apply(event),
      close: () => this.#dialog?.close(),
      left: this.#action.left,
    };
    return html`
      ${triggerView(view, this.#current)}
      <dialog
        part="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="title"
        aria-describedby="desc"
        lang=${view.locale.lang}
        @cancel=${this.#onDialogCancel}
        @close=${this.#onDialogClose}
      >
        ${dialogView(view, this.#current)}
      </dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hexnode-offboard-button': HexnodeOffboardButton;
  }
}
