/**
 * The termination jobs for this employee that wait for a second person (the two-person rule), in the ready
 * dialog of an HR person who may approve: Approve, or Reject with a reason; the viewer's own job only says that
 * another person must approve it. A refused decision shows the problem's words here.
 */
import { html, nothing } from 'lit';
import type { StateOf } from '../states.js';
import type { ActionChoice } from '../strings.js';
import type { View } from './view.js';

export function heldJobsView(v: View, state: StateOf<'ready' | 'submitting'>): unknown {
  const { s } = v;
  const jobs = state.preview.heldJobs;
  const busy = state.name !== 'ready' || !!state.deciding;
  const error = state.name === 'ready' && state.jobError;
  // The reason is read from the job's own field when HR decides (the field is not part of the action's form).
  const decide = (job: string, approve: boolean) => (e: Event) =>
    v.apply({
      type: 'decide',
      job,
      approve,
      reason: (e.target as HTMLElement).parentElement!.querySelector('input')!.value,
    });
  return jobs?.length
    ? html`<div class="history" part="held-jobs">
        ${jobs.map(
          (j) =>
            html`<p>
              ${s.heldJob(s.actionNames[j.action as ActionChoice] ?? j.action, j.deviceIds.length, j.requestedBy)}
              ${
                j.yours
                  ? s.heldJobYours
                  : html`<label class="field">${s.reasonLabel}<input ?disabled=${busy} /></label
                      ><button class="approve-job" ?disabled=${busy} @click=${decide(j.id, true)}>
                        ${s.approveJob}</button
                      ><button class="reject-job" ?disabled=${busy} @click=${decide(j.id, false)}>
                        ${s.rejectJob}
                      </button>`
              }
            </p>`,
        )}
        ${error ? html`<p class="problem" role="alert">${error.detail || s.errors[error.code] || s.errorGeneric}</p>` : nothing}
      </div>`
    : nothing;
}
