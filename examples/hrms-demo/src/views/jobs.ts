/**
 * The termination jobs, as the queue lists them: state, employee, action, when, attempts and the last error.
 * A state the demo has no words for (a queue with more of them) is shown by its name, so nothing is hidden.
 */
import type { Job } from '@hexnode-offboard/proxy';
import { html, type SafeHtml } from '../html.js';

const STATE_LABELS: Record<string, string> = {
  scheduled: 'Scheduled',
  running: 'Running',
  done: 'Done',
  dead: 'Failed (dead letter)',
};

/** `awaiting_approval` -> `Awaiting approval`: any state, readable. */
export function stateLabel(state: string): string {
  const label = STATE_LABELS[state];
  if (label) return label;
  const words = state.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Unknown';
}

interface Payload {
  employee?: { email?: unknown; name?: unknown };
  action?: unknown;
  terminationType?: unknown;
  source?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The job's employee, action and termination type, read defensively (a payload is the producer's JSON). */
export function jobSubject(job: Job): {
  email: string | null;
  name: string | null;
  action: string | null;
  type: string | null;
} {
  const payload = (typeof job.payload === 'object' && job.payload !== null ? job.payload : {}) as Payload;
  return {
    email: text(payload.employee?.email),
    name: text(payload.employee?.name),
    action: text(payload.action),
    type: text(payload.terminationType),
  };
}

function time(ms: number | null): SafeHtml | string {
  if (ms === null) return '—';
  const date = new Date(ms);
  return html`<time datetime="${date.toISOString()}"
    >${date.toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' })} UTC</time
  >`;
}

/** What the job did, from its result (`sent`, `earlier`, `uncertain`, `refused` device lists). */
function outcome(job: Job): string {
  const result = job.result;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return '';
  const parts: string[] = [];
  for (const key of ['sent', 'earlier', 'uncertain', 'refused']) {
    const list = (result as Record<string, unknown>)[key];
    if (Array.isArray(list) && list.length > 0) parts.push(`${key}: ${list.length}`);
  }
  return parts.join(', ');
}

/**
 * A job the two-person rule holds: what it would do and who asked; for another HR admin, Approve and Reject
 * (client/job-decisions.ts posts them to the kit's `POST {base}/jobs/{id}/approve|reject`).
 */
function approvalCell(job: Job, approver: string | null): SafeHtml {
  const approval = job.approval!;
  const devices = `${approval.deviceIds.length} device${approval.deviceIds.length === 1 ? '' : 's'}`;
  const asked = html`<span class="job-approval"
    >Needs a second person: ${approval.action} on ${devices}, asked by ${approval.requestedBy}</span
  >`;
  if (approver === null) return asked;
  if (approver === approval.requestedBy) {
    return html`${asked}<br /><span class="muted">You asked for it: another HR admin must approve it.</span>`;
  }
  return html`${asked}
    <form class="job-decision" data-job-id="${job.id}">
      <button type="submit" name="decision" value="approve">Approve</button>
      <label>Reason to reject <input name="reason" maxlength="1000" /></label>
      <button type="submit" name="decision" value="reject">Reject</button>
      <span class="job-decision-status" role="status"></span>
    </form>`;
}

export interface JobsTableOptions {
  showEmployee?: boolean;
  /** The viewer's id when they may approve held jobs (`canApproveJobs`); null: they see the jobs only. */
  approver?: string | null;
}

export function jobsTable(jobs: Job[], options: JobsTableOptions = {}): SafeHtml {
  const showEmployee = options.showEmployee ?? true;
  const approver = options.approver ?? null;
  if (jobs.length === 0) return html`<p class="notice" id="jobs-empty">No termination jobs yet.</p>`;
  return html`<table class="jobs" id="jobs">
    <thead>
      <tr>
        <th scope="col">State</th>
        ${showEmployee ? html`<th scope="col">Employee</th>` : ''}
        <th scope="col">Action</th>
        <th scope="col">Runs at</th>
        <th scope="col">Attempts</th>
        <th scope="col">Last error or result</th>
      </tr>
    </thead>
    <tbody>
      ${jobs.map((job) => {
        const subject = jobSubject(job);
        const state = String(job.state);
        return html`<tr data-job-id="${job.id}" data-state="${state}">
          <td><span class="badge badge-job" data-state="${state}">${stateLabel(state)}</span></td>
          ${showEmployee ? html`<td>${subject.name ?? subject.email ?? '—'}</td>` : ''}
          <td>
            ${subject.action ?? job.kind}${subject.type ? html` <span class="muted">(${subject.type})</span>` : ''}
          </td>
          <td>
            ${time(job.runAt)}${job.finishedAt !== null ? html`<br /><span class="muted">finished ${time(job.finishedAt)}</span>` : ''}
          </td>
          <td>${job.attempts} of ${job.maxAttempts}</td>
          <td>
            ${
              state === 'awaiting_approval' && job.approval
                ? approvalCell(job, approver)
                : job.lastError
                  ? html`<span class="job-error">${job.lastError}</span>`
                  : outcome(job) || '—'
            }
          </td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
