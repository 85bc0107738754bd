/**
 * Server-rendered page bodies. Each goes into its Vite-built HTML template (pages/*.html), whose only
 * scripts and styles are the bundled files under /assets/: no inline script or style anywhere, so the
 * strict Content-Security-Policy holds.
 */
import { DEFAULT_BASE_PATH } from '@hexnode-offboard/core/protocol';
import type { AuditRecord } from '@hexnode-offboard/proxy';
import { DEMO_CASE_NOTES, EMPLOYEES, lastDay, type Employee } from './employees.js';
import { html, type SafeHtml } from './html.js';
import { DEMO_ACCOUNTS, ROLES, type Session } from './sessions.js';

export interface LayoutContext {
  session: Session;
  csrfToken: string;
  current: 'directory' | 'offboarding' | 'audit' | null;
}

const NAV: { id: LayoutContext['current']; href: string; label: string }[] = [
  { id: 'directory', href: '/', label: 'Directory' },
  { id: 'offboarding', href: '/offboarding', label: 'Offboarding' },
  { id: 'audit', href: '/audit', label: 'Audit' },
];

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

function formatDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function leavingLabel(employee: Employee, now: Date): SafeHtml | null {
  const day = lastDay(employee, now);
  if (day === null) return null;
  const when =
    employee.leavesInDays === 0
      ? 'today'
      : employee.leavesInDays! < 0
        ? `on ${formatDate(day)}`
        : formatDate(day);
  const verb = employee.leavesInDays! < 0 ? 'Left' : 'Leaving';
  return html`<span class="badge badge-leaving">${verb} ${when}</span>`;
}

export function layout(ctx: LayoutContext, main: SafeHtml): SafeHtml {
  const role = ROLES[ctx.session.role];
  return html`<a class="skip-link" href="#main">Skip to content</a>
    <header class="app-header">
      <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">AP</span> Acme People</a>
      <nav aria-label="Main">
        <ul>
          ${NAV.map(
            (item) =>
              html`<li>
                <a href="${item.href}" ${item.id === ctx.current ? html`aria-current="page"` : ''}
                  >${item.label}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <div class="account">
        <span class="account-name">${ctx.session.name}</span>
        <span class="badge badge-role" data-role="${ctx.session.role}">${role.label}</span>
        <form method="post" action="/signout">
          <input type="hidden" name="csrf" value="${ctx.csrfToken}" />
          <button type="submit" class="link-button">Sign out</button>
        </form>
      </div>
    </header>
    <main id="main" tabindex="-1">${main}</main>
    <footer class="app-footer">
      <p>
        A demo HRMS for the Hexnode Offboard Kit. Fictional people; Hexnode is simulated unless configured.
      </p>
    </footer>`;
}

export function directoryPage(query: string, results: Employee[], now: Date): SafeHtml {
  return html`<h1>Employee directory</h1>
    <form class="search" method="get" action="/" role="search">
      <label for="q">Search employees</label>
      <input
        id="q"
        name="q"
        type="search"
        value="${query}"
        autocomplete="off"
        placeholder="Name, email, team or site"
      />
      <button type="submit">Search</button>
    </form>
    <p class="result-count" id="result-count" role="status">
      ${resultCount(results.length, EMPLOYEES.length)}
    </p>
    <ul class="people" id="people">
      ${EMPLOYEES.map((employee) => {
        const hidden = !results.includes(employee);
        return html`<li
          class="person"
          data-search="${[
            employee.name,
            employee.email,
            employee.title,
            employee.department,
            employee.location,
          ]
            .join(' ')
            .toLowerCase()}"
          ${hidden ? html`hidden` : ''}
        >
          <span class="avatar" aria-hidden="true">${initials(employee.name)}</span>
          <span class="person-main">
            <a href="/employees/${employee.id}">${employee.name}</a>
            <span class="muted">${employee.title} · ${employee.department} · ${employee.location}</span>
          </span>
          ${leavingLabel(employee, now)}
        </li>`;
      })}
    </ul>`;
}

export function resultCount(shown: number, total: number): string {
  return shown === total ? `${total} employees` : `${shown} of ${total} employees`;
}

export interface ProfileContext {
  employee: Employee;
  /** A session token minted for this employee and the signed-in person (token mode). */
  sessionToken: string;
  now: Date;
}

export function employeePage({ employee, sessionToken, now }: ProfileContext): SafeHtml {
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
    </div>`;
}

export function offboardingPage(leavers: Employee[], now: Date): SafeHtml {
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
    <p class="offboard-status" id="offboard-status" role="status" aria-live="polite"></p>`;
}

const EVENT_LABELS: Record<string, string> = {
  preview: 'Preview',
  action: 'Action',
  action_result: 'Result',
  action_status: 'Status check',
  audit_export: 'Audit export',
};

function describe(record: AuditRecord): string {
  const parts: string[] = [];
  if (record.action) parts.push(record.action + (record.options?.mode ? ` (${record.options.mode})` : ''));
  if (record.deviceIds.length) {
    parts.push(
      `${record.deviceIds.length} device${record.deviceIds.length === 1 ? '' : 's'}: ${record.deviceIds.join(', ')}`,
    );
  }
  if (record.code) parts.push(record.code);
  return parts.join(' · ');
}

export function auditPage(records: AuditRecord[] | null, showAll: boolean, problem: string | null): SafeHtml {
  const shown = (records ?? [])
    .filter((record) => showAll || record.event === 'action' || record.event === 'action_result')
    .reverse();
  return html`<h1>Audit log</h1>
    <p class="lead">
      What was done, by whom and when: read from the offboard handler's hash-chained audit export.
      ${
        showAll
          ? html`<a href="/audit">Show actions only</a>`
          : html`<a href="/audit?view=all">Show every event (previews, refusals, status checks)</a>`
      }
    </p>
    ${problem ? html`<p class="notice notice-error" role="alert">${problem}</p>` : ''}
    ${
      records && shown.length === 0
        ? html`<p class="notice">Nothing yet. Offboard someone from the Offboarding page or a profile.</p>`
        : ''
    }
    ${
      shown.length
        ? html`<table class="audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Employee</th>
                <th scope="col">Event</th>
                <th scope="col">Details</th>
                <th scope="col">Outcome</th>
                <th scope="col">Via</th>
              </tr>
            </thead>
            <tbody>
              ${shown.map(
                (record) =>
                  html`<tr data-event="${record.event}" data-outcome="${record.outcome}">
                    <td>
                      <time datetime="${record.time}"
                        >${new Date(record.time).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC</time
                      >
                    </td>
                    <td>${record.actor.name}</td>
                    <td>${record.employee?.name ?? record.employee?.email ?? '—'}</td>
                    <td>${EVENT_LABELS[record.event] ?? record.event}</td>
                    <td>
                      ${describe(record)}${record.reason ? html`<br /><span class="muted">Reason: ${record.reason}</span>` : ''}
                    </td>
                    <td>
                      <span class="badge badge-outcome" data-outcome="${record.outcome}"
                        >${record.outcome}</span
                      >
                    </td>
                    <td>${record.auth === 'token' ? 'session token' : 'session cookie'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }`;
}

export function signinPage(options: { error: string | null; next: string; username: string }): SafeHtml {
  return html`<main id="main" class="signin">
    <div class="signin-card">
      <p class="brand"><span class="brand-mark" aria-hidden="true">AP</span> Acme People</p>
      <h1>Sign in</h1>
      ${options.error ? html`<p class="notice notice-error" role="alert" id="signin-error">${options.error}</p>` : ''}
      <form method="post" action="/signin" class="signin-form">
        <input type="hidden" name="next" value="${options.next}" />
        <label for="username">Username</label>
        <input id="username" name="username" autocomplete="username" required value="${options.username}" />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      <section aria-labelledby="demo-accounts">
        <h2 id="demo-accounts">Demo accounts</h2>
        <ul class="demo-accounts">
          ${DEMO_ACCOUNTS.map(
            (account) =>
              html`<li>
                <form method="post" action="/signin">
                  <input type="hidden" name="next" value="${options.next}" />
                  <input type="hidden" name="username" value="${account.username}" />
                  <input type="hidden" name="password" value="${account.password}" />
                  <button type="submit" class="button-secondary">
                    Sign in as ${account.name} (${ROLES[account.role].label})
                  </button>
                </form>
                <span class="muted"
                  >${account.username} / ${account.password}:
                  ${
                    ROLES[account.role].actions.length
                      ? `may ${ROLES[account.role].actions.join(' and ')} devices`
                      : 'may look, not act'
                  }</span
                >
              </li>`,
          )}
        </ul>
      </section>
    </div>
  </main>`;
}

export function notFoundPage(): SafeHtml {
  return html`<h1>Not found</h1>
    <p>There is no such page or employee. <a href="/">Back to the directory</a>.</p>`;
}
