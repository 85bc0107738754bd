/** An employee's profile page: details, the demo note, and the offboard button in token mode. */
import { DEFAULT_BASE_PATH } from '@hexnode-offboard/core/protocol';
import { DEMO_CASE_NOTES, lastDay, type Employee } from '../employees.js';
import { html, type SafeHtml } from '../html.js';
import { formatDate, initials, leavingLabel } from './format.js';

export interface ProfileContext {
  employee: Employee;
  /** A session token minted for this employee and the signed-in person (token mode). */
  sessionToken: string;
  now: Date;
  /** The zero-touch card (views/termination.ts). */
  termination?: SafeHtml;
}

export function employeePage({ employee, sessionToken, now, termination }: ProfileContext): SafeHtml {
  const day = lastDay(employee, now);
  return html`<nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/">Directory</a> <span aria-hidden="true">/</span>
      <span aria-current="page">${employee.name}</span>
    </nav>
    <section class="profile-header" aria-labelledby="profile-name">
      <span class="avatar avatar-large" aria-hidden="true">${initials(employee.name)}</span>
      <div class="profile-title">
        <h1 id="profile-name">${employee.name}</h1>
        <p class="muted">${employee.title} · ${employee.department}</p>
        ${leavingLabel(employee, now)}
      </div>
      <div class="profile-actions" aria-label="Employee actions" role="group">
        <a class="button-secondary" href="mailto:${employee.email}">Email</a>
        <hexnode-offboard-button
          endpoint="${DEFAULT_BASE_PATH}"
          session-token="${sessionToken}"
          employee-email="${employee.email}"
          employee-name="${employee.name}"
          employee-id="${employee.id}"
        ></hexnode-offboard-button>
      </div>
    </section>
    <p class="offboard-status" id="offboard-status" role="status" aria-live="polite"></p>
    <div class="profile-grid">
      <section class="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl class="details">
          <dt>Employee ID</dt>
          <dd>${employee.id}</dd>
          <dt>Work email</dt>
          <dd>${employee.email}</dd>
          <dt>Location</dt>
          <dd>${employee.location}</dd>
          <dt>Manager</dt>
          <dd>${employee.manager ?? '—'}</dd>
          <dt>Start date</dt>
          <dd>${formatDate(employee.startDate)}</dd>
          <dt>Last day</dt>
          <dd>${day ? formatDate(day) : '—'}</dd>
        </dl>
      </section>
      <aside class="card demo-note" aria-labelledby="demo-heading">
        <h2 id="demo-heading">In this demo</h2>
        <p>${DEMO_CASE_NOTES[employee.demoCase]}</p>
        <p class="muted">
          This page's button uses a session token the server minted for ${employee.name} alone; the
          Offboarding page uses the signed-in session cookie instead.
        </p>
      </aside>
    </div>
    ${termination ?? ''}`;
}
