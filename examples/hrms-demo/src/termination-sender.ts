/**
 * The HRMS's side of zero-touch offboarding: when HR terminates someone, the HRMS signs a Standard Webhooks
 * `employee.terminated` event and posts it to the kit's termination endpoint. Here the demo plays that sender
 * and posts to its own endpoint (terminations.ts), over HTTP, exactly as another system would. Before posting,
 * who asked for it is written to the kit's audit log (the jobs' own records name the job, not the person).
 */
import { normalizeEmail } from '@hexnode-offboard/core';
import { signWebhook, TERMINATION_EVENT_TYPE, type OffboardStore } from '@hexnode-offboard/proxy';
import type { Employee } from './employees.js';
import {
  DEMO_TIME_ZONE,
  TERMINATION_POLICY,
  TERMINATION_TYPES,
  type TerminationType,
} from './terminations.js';

export interface TerminationForm {
  type: TerminationType;
  /** `YYYY-MM-DD` and `HH:MM`, in {@link DEMO_TIME_ZONE}. */
  effectiveDate: string;
  effectiveTime: string;
  /** Chosen when the form was rendered: submitting the same form twice is one termination, one job. */
  formId: string;
}

export type TerminationOutcome =
  | { ok: true; status: 'scheduled' | 'duplicate' | 'ignored'; jobId: string | null; runAt: string | null }
  | { ok: false; problem: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const FORM_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The Terminate form's fields, checked; a string saying what is wrong otherwise. */
export function readTerminationForm(form: URLSearchParams): TerminationForm | string {
  const type = form.get('type') ?? '';
  const effectiveDate = form.get('effectiveDate') ?? '';
  const effectiveTime = form.get('effectiveTime') || '17:00';
  const formId = form.get('formId') ?? '';
  if (!(TERMINATION_TYPES as readonly string[]).includes(type)) return 'Choose a termination type.';
  const day = new Date(`${effectiveDate}T00:00:00Z`);
  if (
    !DATE.test(effectiveDate) ||
    Number.isNaN(day.getTime()) ||
    !day.toISOString().startsWith(effectiveDate)
  )
    return 'The effective date must be a date (YYYY-MM-DD).';
  if (!TIME.test(effectiveTime)) return 'The effective time must be HH:MM (24 h).';
  if (!FORM_ID.test(formId)) return 'The form is stale: reload the page and try again.';
  return { type: type as TerminationType, effectiveDate, effectiveTime, formId };
}

export interface TerminationSenderOptions {
  /** The termination endpoint's URL (this demo's own /hooks/terminations). */
  endpoint: string;
  /** `whsec_...`, the secret the endpoint verifies with. */
  secret: string;
  /** The kit's store: the audit record of who asked. */
  store: OffboardStore;
}

export class TerminationSender {
  readonly #options: TerminationSenderOptions;

  constructor(options: TerminationSenderOptions) {
    this.#options = options;
  }

  /** Audits, signs and posts one termination; what the endpoint answered. */
  async send(
    employee: Employee,
    form: TerminationForm,
    actor: { id: string; name: string },
  ): Promise<TerminationOutcome> {
    const terminationId = `term-${employee.id}-${form.formId}`;
    const when = `${form.effectiveDate} ${form.effectiveTime} (${DEMO_TIME_ZONE})`;
    await this.#audit(employee, form, actor, terminationId, when);
    const body = JSON.stringify({
      type: TERMINATION_EVENT_TYPE,
      timestamp: new Date().toISOString(),
      data: {
        terminationId,
        employee: { email: employee.email, name: employee.name, id: employee.id, timeZone: DEMO_TIME_ZONE },
        terminationType: form.type,
        effectiveDate: form.effectiveDate,
        effectiveTime: form.effectiveTime,
        reason: `Terminated (${form.type}) in Acme People by ${actor.name}, effective ${when}`,
        requestedBy: actor.id, // the two-person rule: whoever terminated may not approve the job
      },
    });
    return this.#post(`msg_${terminationId}`, body); // the same id for every delivery of this termination
  }

  /** The kit's audit record of who asked, written (durably) before the event leaves. */
  async #audit(
    employee: Employee,
    form: TerminationForm,
    actor: { id: string; name: string },
    terminationId: string,
    when: string,
  ): Promise<void> {
    const policy = TERMINATION_POLICY.actions[form.type];
    await this.#options.store.appendAudit(
      {
        id: `aud_${crypto.randomUUID()}`,
        time: new Date().toISOString(),
        requestId: `req_${crypto.randomUUID()}`,
        event: 'action',
        auth: 'cookie',
        actor,
        tenant: null,
        employee: {
          email: normalizeEmail(employee.email),
          name: employee.name,
          id: employee.id,
          source: 'hrms',
        },
        hexnodeUser: null,
        deviceIds: [],
        action: policy && policy !== 'none' ? policy.action : null,
        options: null,
        reason: `Terminated (${form.type}), effective ${when}: termination event ${terminationId} sent to the termination webhook`,
        idempotencyKey: `termination:${terminationId}`,
        outcome: 'allowed',
        code: null,
        hexnodeStatus: null,
        attempt: null,
        actionId: null,
      },
      { durable: true },
    );
  }

  /** Signs the event (Standard Webhooks) and posts it; the endpoint's answer as an outcome. */
  async #post(id: string, body: string): Promise<TerminationOutcome> {
    const timestamp = Math.floor(Date.now() / 1000);
    let response: Response;
    try {
      response = await fetch(this.#options.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(this.#options.secret, id, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      return {
        ok: false,
        problem: `The termination endpoint could not be reached (${(error as Error).message}).`,
      };
    }
    const answer = (await response.json().catch(() => null)) as {
      status?: string;
      jobId?: string;
      runAt?: string;
      detail?: string;
      title?: string;
    } | null;
    const status = answer?.status;
    if (response.ok && (status === 'scheduled' || status === 'duplicate' || status === 'ignored')) {
      return { ok: true, status, jobId: answer?.jobId ?? null, runAt: answer?.runAt ?? null };
    }
    const why = answer?.detail ?? answer?.title ?? 'no reason given';
    return { ok: false, problem: `The termination endpoint answered HTTP ${response.status}: ${why}` };
  }
}
