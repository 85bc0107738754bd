/**
 * The profile's zero-touch card: the Terminate form (HR admins only), what the last termination did (the job
 * it stored and when it runs), and this employee's termination jobs.
 */
import type { Job } from '@hexnode-offboard/proxy';
import type { Employee } from '../employees.js';
import { html, type SafeHtml } from '../html.js';
import { DEMO_TIME_ZONE, TERMINATION_POLICY, TERMINATION_TYPES } from '../terminations.js';
import { jobsTable, stateLabel } from './jobs.js';

export interface TerminationNotice {
  kind: 'ok' | 'error';
  text: string;
}

export interface TerminationCardContext {
  employee: Employee;
  /** Set for people who may terminate (the HR admin): the form is shown only to them. */
  form: { csrfToken: string; formId: string; today: string } | null;
  /** What the last Terminate did, or why it failed. */
  notice: TerminationNotice | null;
  jobs: Job[];
}

/** The notice after a Terminate: the job the endpoint stored and when it runs. */
export function terminationNotice(status: string, job: Job | null): TerminationNotice {
  if (status === 'ignored')
    return { kind: 'ok', text: 'The termination was acknowledged; the policy does nothing for this type.' };
  if (!job) return { kind: 'error', text: 'The termination was sent, but its job is not in the queue.' };
  const runAt = new Date(job.runAt);
  const when = `${runAt.toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' })} UTC`;
  const stored = status === 'duplicate' ? 'was already stored as' : 'stored as';
  return {
    kind: 'ok',
    text: `Termination event signed and accepted: ${stored} job ${job.id}, scheduled for ${when}. Now: ${stateLabel(String(job.state))}.`,
  };
}

function describePolicy(type: string): string {
  const action = TERMINATION_POLICY.actions[type];
  const what = !action || action === 'none' ? 'nothing' : action.action;
  const when = TERMINATION_POLICY.immediate?.includes(type) ? 'at once' : 'at the effective date and time';
  return `${type}: ${what}, ${when}`;
}

export function terminationCard(ctx: TerminationCardContext): SafeHtml {
  return html`<section class="card termination" id="termination" aria-labelledby="termination-heading">
    <h2 id="termination-heading">Termination (zero-touch)</h2>
    ${
      ctx.notice
        ? html`<p
            class="notice ${ctx.notice.kind === 'error' ? 'notice-error' : 'notice-ok'}"
            role="status"
            id="termination-notice"
          >
            ${ctx.notice.text}
          </p>`
        : ''
    }
    ${
      ctx.form
        ? html`<form method="post" action="/employees/${ctx.employee.id}/terminate" class="terminate-form">
            <input type="hidden" name="csrf" value="${ctx.form.csrfToken}" />
            <input type="hidden" name="formId" value="${ctx.form.formId}" />
            <label for="termination-type">Termination type</label>
            <select id="termination-type" name="type">
              ${TERMINATION_TYPES.map((type) => html`<option value="${type}">${type}</option>`)}
            </select>
            <label for="effective-date">Effective date</label>
            <input id="effective-date" name="effectiveDate" type="date" required value="${ctx.form.today}" />
            <label for="effective-time">Effective time (${DEMO_TIME_ZONE})</label>
            <input id="effective-time" name="effectiveTime" type="time" required value="17:00" />
            <button type="submit" class="button-danger">Terminate</button>
            <p class="muted">
              Sends a signed <code>employee.terminated</code> event to this HRMS's termination webhook.
              Policy: ${TERMINATION_TYPES.map(describePolicy).join('; ')}.
            </p>
          </form>`
        : html`<p class="muted">Only an HR admin may terminate.</p>`
    }
    <h3>Jobs for ${ctx.employee.name}</h3>
    ${jobsTable(ctx.jobs, { showEmployee: false })}
  </section>`;
}
