import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type {
  ActionKind,
  ActionRequest,
  ActionState,
  DeviceStatus,
  Employee,
  PreviewResponse,
  WipeMode,
} from '@hexnode-offboard/core/protocol';
import { DESTRUCTIVE_ACTIONS } from '@hexnode-offboard/core/protocol';
import { OffboardApi, OffboardRequestError, newIdempotencyKey } from './api.js';
import { offboardContext, type OffboardConfig } from './context.js';
import {
  OffboardBeforeActionEvent,
  OffboardCancelEvent,
  OffboardCompleteEvent,
  OffboardErrorEvent,
  OffboardOpenEvent,
  OffboardSentEvent,
  type OffboardIntent,
} from './events.js';
import { buttonStyles } from './offboard-button.styles.js';
import { preloadedLocale } from './locales/preloaded.js';
import { en, mergeStrings, type ActionChoice, type OffboardStrings } from './strings.js';

/** The widget's state, reflected as the `state` attribute. */
export type OffboardState =
  | 'idle'
  | 'loading'
  | 'ready'
  | 'not-found'
  | 'no-devices'
  | 'ambiguous'
  | 'not-allowed'
  | 'submitting'
  | 'sent'
  | 'done'
  | 'partial'
  | 'failed'
  | 'error';

type Progress = {
  id: string;
  status: ActionState;
  timedOut: boolean;
  devices: { id: number; status: DeviceStatus }[];
};

const PREVIEW_STATES: Record<string, OffboardState> = {
  ready: 'ready',
  not_found: 'not-found',
  no_devices: 'no-devices',
  ambiguous: 'ambiguous',
};
const SENT_STATES: OffboardState[] = ['sent', 'done', 'partial', 'failed'];
/** States that outlive a closed dialog (or the element leaving the page): an action is on its way or sent. */
const KEPT_STATES: OffboardState[] = ['idle', 'not-allowed', 'submitting', 'sent'];
const MAX_POLL_DELAY = 15_000;
/** How long a preloaded preview may stand in for the one a click would fetch. */
const PRELOAD_REUSE_MS = 30_000;

let german: Promise<OffboardStrings> | undefined;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

const normal = (email: string): string => email.trim().toLowerCase();

const choiceAction = (choice: ActionChoice): [ActionKind, WipeMode?] =>
  choice.startsWith('wipe_') ? ['wipe', choice.slice(5) as WipeMode] : [choice as ActionKind];

/**
 * @tagname hexnode-offboard-button
 * @summary A button that offboards one employee's devices in Hexnode: preview, choose, confirm, follow.
 *
 * @attr state - Read only: `idle`, `loading`, `ready`, `not-found`, `no-devices`, `ambiguous`, `not-allowed`,
 *   `submitting`, `sent`, `done`, `partial`, `failed` or `error`.
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

  /** The employee's email, which maps them to a Hexnode user. Required. */
  @property({ attribute: 'employee-email' }) employeeEmail = '';
  /** The employee's name, shown in the dialog and sent to the handler. */
  @property({ attribute: 'employee-name' }) employeeName?: string;
  /** The HRMS's id for the employee, sent to the handler for the audit log. */
  @property({ attribute: 'employee-id' }) employeeId?: string;
  /** The handler's base URL; overrides the provider's. */
  @property() endpoint?: string;
  /** A session token; overrides the provider's. */
  @property({ attribute: 'session-token' }) sessionToken?: string;
  /** Returns a fresh session token; overrides the provider's. */
  @property({ attribute: false }) fetchSessionToken?: () => Promise<string>;
  /** The actions to offer (a subset of what the handler allows), separated by spaces or commas. */
  @property() actions?: string;
  /** The action chosen when the dialog opens: `lock`, `wipe`, `wipe_corporate`, `wipe_complete`, ... */
  @property({ attribute: 'default-action' }) defaultAction?: string;
  /** The button's text. */
  @property() label?: string;
  /** Disables the button. */
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Fetch the preview when the button becomes visible, to show the device count before the click. */
  @property({ type: Boolean }) preload = false;
  /** Hide the button instead of disabling it when this actor may not act. */
  @property({ type: Boolean, attribute: 'hide-when-not-allowed', reflect: true }) hideWhenNotAllowed = false;
  /** First delay between two progress polls, in ms; grows 1.5x each poll up to 15 s. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 1000;
  /** Stop following progress after this many ms (the devices still act when they check in). */
  @property({ type: Number, attribute: 'poll-timeout' }) pollTimeout = 600_000;

  @consume({ context: offboardContext, subscribe: true })
  @state()
  private provided?: OffboardConfig;

  @state() private phase: OffboardState = 'idle';
  @state() private preview?: PreviewResponse;
  @state() private selected = new Set<number>();
  @state() private choice?: ActionChoice;
  @state() private reasonText = '';
  @state() private confirmation = '';
  @state() private repeatAck = false;
  @state() private progress?: Progress;
  @state() private failure?: { error: OffboardRequestError; during: 'preview' | 'action' };
  @state() private german?: OffboardStrings;

  private get dialog(): HTMLDialogElement | null | undefined {
    return this.renderRoot?.querySelector('dialog');
  }

  #api = new OffboardApi();
  #opening = false;
  /** When `preload` fetched the preview on screen (0: it did not, or it was used). */
  #preloadedAt = 0;
  #intent?: { body: ActionRequest; key: string; detail: OffboardIntent };
  #poll?: AbortController;
  #observer?: IntersectionObserver;

  #previewAbort?: AbortController;

  /** Fetches the preview; a newer call aborts an older one, whose answer is then ignored. */
  async #loadPreview(): Promise<void> {
    this.#previewAbort?.abort();
    const controller = (this.#previewAbort = new AbortController());
    try {
      const preview = await this.api().preview(this.employee, controller.signal);
      // An answer for an employee the element no longer shows (the email changed meanwhile) is ignored.
      if (!controller.signal.aborted && normal(preview.employee.email) === normal(this.employeeEmail))
        this.#showPreview(preview);
    } catch (error) {
      if (!controller.signal.aborted) this.#fail(error, 'preview');
    }
  }

  /** The current state (also the `state` attribute). */
  get state(): OffboardState {
    return this.phase;
  }

  private get employee(): Employee {
    return {
      email: this.employeeEmail.trim(),
      ...(this.employeeName ? { name: this.employeeName } : {}),
      ...(this.employeeId ? { id: this.employeeId } : {}),
    };
  }

  private get locale(): string {
    return this.provided?.locale || 'en';
  }

  /**
   * The language of the text on screen, for `lang`: the locale once its strings are shown (English, German
   * after it loaded, or a host's set that replaces every English string), else English, which fills the gaps.
   */
  private get textLang(): string {
    const locale = this.locale;
    const own = this.provided?.strings;
    if (locale.startsWith('en') || (own && Object.keys(en).every((key) => key in own))) return locale;
    return locale.startsWith('de') && this.german ? locale : 'en';
  }

  private get strings(): OffboardStrings {
    const base = this.locale.startsWith('de') && this.german ? this.german : en;
    return mergeStrings(base, this.provided?.strings);
  }

  private api(): OffboardApi {
    const p = this.provided ?? {};
    this.#api.config = {
      ...p,
      endpoint: this.endpoint || p.endpoint,
      sessionToken: this.sessionToken || p.sessionToken,
      fetchSessionToken: this.fetchSessionToken ?? p.fetchSessionToken,
    };
    return this.#api;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasUpdated) return;
    this.#observe();
    // Back in the page (a framework moved it): an action on its way, sent, or failed meanwhile shows again.
    if (this.phase === 'sent' && this.progress && !this.progress.timedOut)
      void this.#follow(this.progress.id);
    if (['submitting', 'sent', 'error'].includes(this.phase))
      void this.#openDialog('.close, .submit, .retry');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#poll?.abort(); // following stops; an action request on its way is never aborted
    this.#reset();
    this.dialog?.close(); // else it comes back open but not modal; connectedCallback shows it again if needed
  }

  /**
   * Stops what only makes sense for one employee with the dialog open: a preview loading, a form, an answer.
   * An action on its way or sent is kept. Quiet: #onDialogClose ignores an idle or detached element.
   */
  #reset(): void {
    this.#previewAbort?.abort();
    this.#opening = false;
    if (!KEPT_STATES.includes(this.phase)) this.phase = 'idle';
    if (this.phase === 'idle') this.dialog?.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('employeeEmail') && changed.get('employeeEmail') !== undefined) {
      if (this.phase === 'not-allowed') this.phase = 'idle';
      this.#reset();
      if (this.phase === 'idle') {
        this.preview = undefined;
        this.#intent = undefined;
        this.#preloadedAt = 0;
      }
    }
    if (this.locale.startsWith('de') && !this.german) {
      this.german = preloadedLocale('de'); // German from the first render when the page preloaded it
      if (!this.german) {
        german ??= import('./locales/de.js').then((m) => m.de);
        void german.then((strings) => (this.german = strings));
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.setAttribute('state', this.phase);
    if (changed.has('preload') || changed.has('employeeEmail')) this.#observe();
  }

  #observe(): void {
    if (!this.preload || this.preview || this.#observer || typeof IntersectionObserver === 'undefined')
      return;
    this.#observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.#observer?.disconnect();
      this.#observer = undefined;
      if (this.phase === 'idle' && this.employeeEmail) void this.#loadPreview();
    });
    this.#observer.observe(this);
  }

  #onTrigger(): void {
    if (this.disabled || !this.employeeEmail || this.phase !== 'idle') return;
    this.#opening = true;
    this.phase = 'loading';
    this.dispatchEvent(new OffboardOpenEvent({ employee: this.employee }));
    // A preview preloaded in the last 30 s opens the dialog at once, once: no second request, no wait.
    const preloaded =
      this.preview && this.#preloadedAt > 0 && performance.now() - this.#preloadedAt < PRELOAD_REUSE_MS;
    this.#preloadedAt = 0;
    if (preloaded) this.#showPreview(this.preview!);
    else void this.#loadPreview();
  }

  #choices(p: PreviewResponse): ActionChoice[] {
    const offered = this.actions?.split(/[\s,]+/).filter(Boolean);
    const out: ActionChoice[] = [];
    for (const action of p.actions) {
      const choices: ActionChoice[] =
        action === 'wipe' && p.wipeModes?.length ? p.wipeModes.map((m) => `wipe_${m}` as const) : [action];
      out.push(...choices.filter((c) => !offered || offered.includes(c) || offered.includes(action)));
    }
    return out;
  }

  #showPreview(p: PreviewResponse): void {
    this.preview = p;
    const choices = this.#choices(p);
    const allowed = p.status !== 'ready' || choices.length > 0;
    if (!this.#opening) {
      this.#preloadedAt = performance.now();
      if (!allowed) this.phase = 'not-allowed';
      return;
    }
    this.#opening = false;
    if (!allowed) {
      this.phase = 'not-allowed';
      if (this.dialog?.open) this.dialog.close();
      return;
    }
    const wanted = this.defaultAction;
    this.choice =
      choices.find((c) => c === wanted) ??
      choices.find((c) => wanted && c.startsWith(wanted)) ??
      choices.find((c) => c === 'lock') ??
      choices[0];
    this.selected = new Set(p.devices.map((d) => d.id));
    this.reasonText = '';
    this.confirmation = '';
    this.repeatAck = false;
    this.progress = undefined;
    this.phase = PREVIEW_STATES[p.status] ?? 'ready';
    void this.#openDialog('.cancel');
  }

  #fail(error: unknown, during: 'preview' | 'action'): void {
    if (!(error instanceof OffboardRequestError)) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      error = new OffboardRequestError('invalid_response', 0);
    }
    const e = error as OffboardRequestError;
    if (during === 'preview' && !this.#opening) {
      if (e.code === 'forbidden') this.phase = 'not-allowed';
      return; // a preload failure stays silent: HR did not ask yet
    }
    this.#opening = false;
    this.dispatchEvent(
      new OffboardErrorEvent({
        code: e.code,
        status: e.status,
        during,
        ...(e.requestId ? { requestId: e.requestId } : {}),
      }),
    );
    if (during === 'preview' && e.code === 'forbidden') {
      this.phase = 'not-allowed';
      if (this.dialog?.open) this.dialog.close();
      return;
    }
    this.failure = { error: e, during };
    this.phase = 'error';
    void this.#openDialog('.retry');
  }

  async #openDialog(focus: string): Promise<void> {
    await this.updateComplete;
    const dialog = this.dialog;
    if (!dialog || !this.isConnected) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>(focus)?.focus();
  }

  #close = (): void => this.dialog?.close();

  #onDialogCancel(e: Event): void {
    if (this.phase === 'submitting') e.preventDefault();
  }

  #onDialogClose(): void {
    const dialog = this.dialog;
    // Closed by the element itself (moved, email changed), or already shown again: nothing to do.
    if (!this.isConnected || !dialog || dialog.open || this.phase === 'idle') return;
    if (this.phase === 'submitting') {
      // The action is on its way and is never abandoned: a second Escape (which the browser no longer lets us
      // veto) shows the dialog again, and the answer lands in `sent`.
      dialog.showModal();
      dialog.querySelector<HTMLElement>('.submit')?.focus();
      return;
    }
    const sent =
      SENT_STATES.includes(this.phase) || (this.phase === 'error' && this.failure?.during === 'action');
    if (!sent && this.phase !== 'not-allowed') {
      this.dispatchEvent(new OffboardCancelEvent({ employee: this.employee }));
    }
    this.#poll?.abort();
    this.#previewAbort?.abort();
    this.#opening = false;
    if (this.phase !== 'not-allowed') this.phase = 'idle';
    if (this.preview && normal(this.preview.employee.email) !== normal(this.employeeEmail))
      this.preview = undefined;
    this.renderRoot.querySelector<HTMLElement>('[part=button]')?.focus();
  }

  #retry(): void {
    if (this.failure?.during === 'action' && this.#intent) {
      void this.#send();
    } else {
      this.#opening = true;
      this.phase = 'loading';
      void this.#loadPreview();
    }
  }

  #back(): void {
    this.phase = 'ready';
    void this.#openDialog('.confirm-input');
  }

  get #canSubmit(): boolean {
    const p = this.preview;
    if (!p || !this.choice) return false;
    const n = this.selected.size;
    return (
      n > 0 &&
      n <= p.maxDevicesPerAction &&
      this.confirmation.trim() === p.confirmText.trim() &&
      (!p.requireReason || this.reasonText.trim() !== '') &&
      (p.history.length === 0 || this.repeatAck)
    );
  }

  #submit(): void {
    const p = this.preview;
    if (this.phase !== 'ready' || !p || !this.choice || !this.#canSubmit) return;
    const [action, mode] = choiceAction(this.choice);
    const deviceIds = p.devices.map((d) => d.id).filter((id) => this.selected.has(id));
    const reason = this.reasonText.trim();
    const repeat = p.history.length > 0;
    const detail: OffboardIntent = {
      employee: this.employee,
      action,
      deviceIds,
      repeat,
      ...(mode ? { mode } : {}),
      ...(reason ? { reason } : {}),
    };
    const veto = new OffboardBeforeActionEvent(detail);
    this.dispatchEvent(veto);
    if (veto.defaultPrevented) return;
    const body: ActionRequest = {
      employee: this.employee,
      action,
      deviceIds,
      confirmation: this.confirmation.trim(),
      ...(mode ? { options: { mode } } : {}),
      ...(reason ? { reason } : {}),
      ...(repeat ? { repeat: true } : {}),
    };
    // One key per confirmed intent; a retry of this intent reuses it, so the handler sends at most once.
    this.#intent = { body, key: newIdempotencyKey(), detail };
    void this.#send();
  }

  async #send(): Promise<void> {
    const intent = this.#intent;
    if (!intent) return;
    this.phase = 'submitting';
    let accepted;
    try {
      // No abort signal: once confirmed, the request is never abandoned (closing, moving, or a new email).
      accepted = await this.api().act(intent.body, intent.key);
    } catch (error) {
      this.#fail(error, 'action');
      return;
    }
    this.progress = { id: accepted.id, status: 'pending', timedOut: false, devices: accepted.devices };
    this.phase = 'sent';
    this.dispatchEvent(
      new OffboardSentEvent({
        ...intent.detail,
        actionId: accepted.id,
        auditId: accepted.auditId,
        devices: accepted.devices,
      }),
    );
    void this.#openDialog('.close');
    void this.#follow(accepted.id);
  }

  async #follow(id: string): Promise<void> {
    this.#poll?.abort();
    if (!this.isConnected) return; // resumed by connectedCallback
    const { signal } = (this.#poll = new AbortController());
    const started = Date.now();
    let delay = this.pollInterval;
    for (;;) {
      const left = this.pollTimeout - (Date.now() - started);
      await sleep(Math.max(0, Math.min(delay, left)), signal);
      if (signal.aborted) return;
      delay = Math.min(delay * 1.5, MAX_POLL_DELAY);
      try {
        const status = await this.api().status(id, signal);
        this.progress = { id, status: status.status, timedOut: false, devices: status.devices };
      } catch {
        if (signal.aborted) return; // a failed poll is retried with the next one
      }
      const progress = this.progress!;
      const timedOut = progress.status === 'pending' && Date.now() - started >= this.pollTimeout;
      if (progress.status !== 'pending' || timedOut) {
        if (timedOut) this.progress = { ...progress, timedOut };
        else this.phase = progress.status as OffboardState;
        this.dispatchEvent(
          new OffboardCompleteEvent({
            actionId: id,
            status: progress.status,
            timedOut,
            devices: progress.devices,
          }),
        );
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering
  // ---------------------------------------------------------------------------------------------

  #date(iso: string): string {
    const date = new Date(iso);
    return Number.isNaN(date.getTime())
      ? iso
      : new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }

  #ago(iso: string): string {
    const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60_000);
    if (Number.isNaN(minutes)) return iso;
    const rtf = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
    if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
    if (Math.abs(minutes) < 1440) return rtf.format(Math.round(minutes / 60), 'hour');
    return rtf.format(Math.round(minutes / 1440), 'day');
  }

  override render(): TemplateResult {
    const s = this.strings;
    const count = this.preload && this.preview?.status === 'ready' ? this.preview.devices.length : undefined;
    const notAllowed = this.phase === 'not-allowed';
    const loading = this.phase === 'loading' && !this.dialog?.open;
    return html`
      <button
        part="button"
        class="trigger"
        type="button"
        aria-haspopup="dialog"
        ?disabled=${this.disabled || !this.employeeEmail}
        aria-disabled=${notAllowed || loading ? 'true' : nothing}
        aria-busy=${loading ? 'true' : nothing}
        aria-describedby=${notAllowed ? 'not-allowed' : nothing}
        lang=${this.textLang}
        @click=${this.#onTrigger}
      >
        ${loading ? s.loading : (this.label ?? (count === undefined ? s.buttonLabel : s.buttonLabelWithCount(count)))}
      </button>
      ${
        notAllowed
          ? html`<span id="not-allowed" part="reason" class="reason" lang=${this.textLang}
              >${s.notAllowed}</span
            >`
          : nothing
      }
      <dialog
        part="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="title"
        aria-describedby="desc"
        lang=${this.textLang}
        @cancel=${this.#onDialogCancel}
        @close=${this.#onDialogClose}
      >
        ${this.#body(s)}
      </dialog>
    `;
  }

  #frame(
    title: string,
    description: string | TemplateResult,
    body: unknown,
    footer: unknown,
  ): TemplateResult {
    return html`
      <h2 id="title" part="title">${title}</h2>
      <p id="desc" aria-live="polite">${description}</p>
      ${body}
      <div class="footer" part="footer">${footer}</div>
    `;
  }

  #closeButton(s: OffboardStrings, label = s.close, cls = 'cancel'): TemplateResult {
    return html`<button part="cancel" class=${cls} type="button" @click=${this.#close}>${label}</button>`;
  }

  #body(s: OffboardStrings): unknown {
    const p = this.preview;
    const email = this.employee.email;
    switch (this.phase) {
      case 'loading':
        return this.#frame(s.loading, '', nothing, this.#closeButton(s, s.cancel));
      case 'not-found':
        return this.#frame(s.notFoundTitle, s.notFound(email), nothing, this.#closeButton(s));
      case 'no-devices':
        return this.#frame(s.noDevicesTitle, s.noDevices(email), nothing, this.#closeButton(s));
      case 'ambiguous':
        return this.#frame(
          s.ambiguousTitle,
          s.ambiguous(email, p?.candidates?.length ?? 2),
          p?.candidates?.length
            ? html`<ul part="candidates">
                ${p.candidates.map((c) => html`<li>${c.name} (${c.email ?? '—'}, #${c.id})</li>`)}
              </ul>`
            : nothing,
          this.#closeButton(s),
        );
      case 'error':
        return this.#renderError(s);
      case 'ready':
      case 'submitting':
        return p ? this.#renderForm(s, p) : nothing;
      case 'sent':
      case 'done':
      case 'partial':
      case 'failed':
        return this.#renderProgress(s);
      default:
        return nothing;
    }
  }

  #renderError(s: OffboardStrings): TemplateResult {
    const e = this.failure?.error;
    const support = e?.requestId ? e.requestId.slice(-8) : undefined;
    return this.#frame(
      s.errorTitle,
      (e && s.errors[e.code]) || s.errorGeneric,
      support ? html`<p class="meta support">${s.supportCode(support)}</p>` : nothing,
      html`${this.#closeButton(s)}
        ${
          this.failure?.during === 'action'
            ? html`<button part="back" class="back" type="button" @click=${this.#back}>${s.back}</button>`
            : nothing
        } <button part="retry" class="retry primary" type="button" @click=${this.#retry}>${s.retry}</button>`,
    );
  }

  #renderForm(s: OffboardStrings, p: PreviewResponse): TemplateResult {
    const busy = this.phase === 'submitting';
    const n = this.selected.size;
    const choice = this.choice;
    const [action] = choice ? choiceAction(choice) : [];
    const danger = action !== undefined && DESTRUCTIVE_ACTIONS.includes(action);
    const selectionProblem =
      n === 0 ? s.noDeviceSelected : n > p.maxDevicesPerAction ? s.tooManyDevices(p.maxDevicesPerAction) : '';
    const toggle = (id: number) => {
      const next = new Set(this.selected);
      if (!next.delete(id)) next.add(id);
      this.selected = next;
    };
    const history = p.history.length
      ? html`<div class="history" part="history">
          <strong>${s.historyTitle}</strong>
          <ul>
            ${p.history.map((h) => {
              const c = (h.mode ? `wipe_${h.mode}` : h.action) as ActionChoice;
              return html`<li>
                ${s.historyEntry(s.actionDone[c] ?? h.action, this.#date(h.at), h.actor.name, h.deviceIds.length)}
              </li>`;
            })}
          </ul>
          <label class="row">
            <input
              class="repeat"
              type="checkbox"
              .checked=${this.repeatAck}
              ?disabled=${busy}
              @change=${(e: Event) => (this.repeatAck = (e.target as HTMLInputElement).checked)}
            />
            <span>${s.repeatConfirm}</span>
          </label>
        </div>`
      : nothing;
    const devices = html`<fieldset part="device-list" ?disabled=${busy}>
      <legend>${s.devicesLegend}</legend>
      <ul>
        ${p.devices.map(
          (d) =>
            html`<li>
              <label class="row">
                <input
                  type="checkbox"
                  class="device"
                  data-device=${d.id}
                  .checked=${this.selected.has(d.id)}
                  @change=${() => toggle(d.id)}
                />
                <span>
                  <span class="name">${d.name}</span>
                  <span class="meta"
                    >${[
                      d.model,
                      [d.os, d.osVersion].filter(Boolean).join(' '),
                      d.serial && s.serial(d.serial),
                    ]
                      .filter(Boolean)
                      .join(' · ')}</span
                  >
                  <span class="meta">${d.lastSeen ? s.lastSeen(this.#ago(d.lastSeen)) : s.neverSeen}</span>
                  ${d.warnings.map(
                    (w) =>
                      html`<span class="warning" data-warning=${w.code}
                        >${
                          w.code === 'offline'
                            ? s.warningOffline(w.days ?? 0)
                            : w.code === 'shared_device'
                              ? s.warningShared
                              : w.code === 'pending_action'
                                ? s.warningPending(s.actionNames[w.action as ActionChoice] ?? w.action ?? '')
                                : s.warningNotEnrolled
                        }</span
                      >`,
                  )}
                </span>
              </label>
            </li>`,
        )}
      </ul>
      ${selectionProblem ? html`<p class="hint problem">${selectionProblem}</p>` : nothing}
    </fieldset>`;
    const actions = html`<fieldset part="actions" ?disabled=${busy}>
      <legend>${s.actionLegend}</legend>
      ${this.#choices(p).map(
        (c) =>
          html`<label class="row">
            <input
              type="radio"
              class="choice"
              name="action"
              value=${c}
              aria-describedby="consequence-${c}"
              .checked=${c === choice}
              @change=${() => (this.choice = c)}
            />
            <span>
              <span class="name">${s.actionNames[c]}</span>
              <span class="hint" id="consequence-${c}">${s.consequences[c]}</span>
            </span>
          </label>`,
      )}
    </fieldset>`;
    const reason = p.requireReason
      ? html`<label class="field"
          >${s.reasonLabel}
          <textarea
            part="reason-input"
            class="reason-input"
            rows="2"
            required
            .value=${this.reasonText}
            ?disabled=${busy}
            @input=${(e: Event) => (this.reasonText = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </label>`
      : nothing;
    const confirm = html`<label class="field"
      >${s.confirmLabel(p.confirmText)}
      <input
        part="confirm-input"
        class="confirm-input"
        autocomplete="off"
        spellcheck="false"
        .value=${this.confirmation}
        ?disabled=${busy}
        @input=${(e: Event) => (this.confirmation = (e.target as HTMLInputElement).value)}
      />
    </label>`;
    return this.#frame(
      s.dialogTitle(p.employee.name || this.employeeName || p.employee.email),
      s.dialogDescription(p.devices.length),
      html`${history}${devices}${actions}${reason}${confirm}`,
      html`<button part="cancel" class="cancel" type="button" ?disabled=${busy} @click=${this.#close}>
          ${s.cancel}
        </button>
        <button
          part="confirm"
          class="submit ${danger ? 'danger' : 'primary'}"
          type="button"
          ?disabled=${!busy && !this.#canSubmit}
          aria-disabled=${busy ? 'true' : nothing}
          @click=${this.#submit}
        >
          ${busy ? s.submitting : s.submit(choice ? s.actionNames[choice] : '', n)}
        </button>`,
    );
  }

  #renderProgress(s: OffboardStrings): TemplateResult {
    const progress = this.progress;
    const devices = progress?.devices ?? [];
    const total = devices.length;
    const done = devices.filter((d) => d.status === 'done').length;
    const failed = devices.filter((d) => d.status === 'failed').length;
    const names = new Map(this.preview?.devices.map((d) => [d.id, d.name]));
    const title = { sent: s.sentTitle, done: s.doneTitle, partial: s.partialTitle, failed: s.failedTitle }[
      this.phase as 'sent'
    ];
    return this.#frame(
      title,
      failed ? s.partial(failed, total) : s.progress(done, total),
      html`<ul part="device-list" class="progress">
          ${devices.map(
            (d) =>
              html`<li data-device=${d.id}>
                <span class="name">${names.get(d.id) ?? `#${d.id}`}</span>
                <span class="meta status-${d.status}">${s.deviceStatus[d.status]}</span>
              </li>`,
          )}
        </ul>
        ${progress?.timedOut ? html`<p class="timed-out">${s.timedOut}</p>` : nothing}`,
      this.#closeButton(s, s.close, 'close primary'),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hexnode-offboard-button': HexnodeOffboardButton;
  }
}
