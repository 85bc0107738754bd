/**
 * The Offboarding page: this week's leavers, each with a preloading offboard button in cookie mode, and the
 * termination jobs in the queue (scheduled, running, done, failed) with their state.
 */
import { DEFAULT_BASE_PATH } from '@hexnode-offboard/core/protocol';
import type { Job } from '@hexnode-offboard/proxy';
import { lastDay, type Employee } from '../employees.js';
import { html, type SafeHtml } from '../html.js';
import { formatDate } from './format.js';
import { jobsTable, stateLabel } from './jobs.js';

export function offboardingPage(
  leavers: Employee[],
  now: Date,
  jobs: Job[] = [],
  approver: string | null = null,
): SafeHtml {
  return html`<h1>Offboarding</h1>
    <p class="lead">
      This week's leavers. Each button counts the leaver's devices in Hexnode as the page loads; one click
      opens the offboarding dialog, and every action lands in the audit log.
    </p>
    <hexnode-offboard-provider endpoint="${DEFAULT_BASE_PATH}" credentials="same-origin">
      <table class="leavers">
        <caption class="visually-hidden">
          Employees leaving this week
        </caption>
        <thead>
          <tr>
            <th scope="col">Employee</th>
            <th scope="col">Team</th>
            <th scope="col">Last day</th>
            <th scope="col">Devices</th>
          </tr>
        </thead>
        <tbody>
          ${leavers.map(
            (employee) =>
              html`<tr data-employee-id="${employee.id}">
                <th scope="row"><a href="/employees/${employee.id}">${employee.name}</a></th>
                <td>${employee.department}</td>
                <td>${formatDate(lastDay(employee, now) ?? '')}</td>
                <td>
                  <hexnode-offboard-button
                    preload
                    employee-email="${employee.email}"
                    employee-name="${employee.name}"
                    employee-id="${employee.id}"
                  ></hexnode-offboard-button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </hexnode-offboard-provider>
    <p class="offboard-status" id="offboard-status" role="status" aria-live="polite"></p>
    <section class="jobs-section" aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Termination jobs</h2>
      <p class="lead">
        Terminations the HRMS signalled (the <b>Terminate</b> button on a profile posts a signed event): each
        is a job in the shared queue, run by whichever instance's worker claims it first.
      </p>
      ${jobs.length ? html`<p class="muted" id="jobs-count">${countByState(jobs)}</p>` : ''}
      ${jobsTable(jobs, { approver })}
    </section>`;
}

/** `2 Scheduled · 1 Done`: how many jobs are in each state. */
export function countByState(jobs: Job[]): string {
  const counts = new Map<string, number>();
  for (const job of jobs) counts.set(String(job.state), (counts.get(String(job.state)) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${stateLabel(state)}`).join(' · ');
}
