/**
 * The termination jobs for this employee that wait for a second person (the two-person rule), in the ready
 * dialog of an HR person who may approve: Approve, or Reject with a reason; the viewer's own job only says that
 * another person must approve it. A refused decision shows the problem's words here.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { StateOf } from '../states.js';
import type { ActionChoice } from '../strings.js';
import type { View } from './view.js';

export function heldJobsView(
  v: View,
  state: StateOf<'ready' | 'submitting'>,
): TemplateResult | typeof nothing {
  const { s } = v;
  const jobs = state.preview.heldJobs;
  if (!jobs?.length) return nothing;
  const busy = state.name !== 'ready' || !!state.deciding;
  const error = state.name === 'ready' && state.jobError;
  return html`<div class="history" part="held-jobs">
    ${jobs.map((j) => {
      const decide = (approve: boolean) => (e: Event) =>
        v.apply({
          type: 'decide',
          job: j.id,
          approve,
          reason: (e.target as HTMLElement).parentElement!.querySelector('input')!.value,
        });
      return html`<p data-job=${j.id}>
        ${s.heldJob(s.actionNames[j.action as ActionChoice] ?? j.action, j.deviceIds.length, j.requestedBy)}
        ${
          j.yours
            ? html`<br />${s.heldJobYours}`
            : html`<label class="field">${s.reasonLabel}<input class="job-reason" ?disabled=${busy} /></label>
                <button class="approve-job primary" type="button" ?disabled=${busy} @click=${decide(true)}>
                  ${s.approveJob}
                </button>
                <button class="reject-job danger" type="button" ?disabled=${busy} @click=${decide(false)}>
                  ${s.rejectJob}
                </button>`
        }
      </p>`;
    })}
    ${error ? html`<p class="problem" role="alert">${error.detail || s.errors[error.code] || s.errorGeneric}</p>` : nothing}
  </div>`;
}
