/** The audit page: the offboard handler's audit records, newest first, actions only or every event. */
import type { AuditRecord } from '@hexnode-offboard/proxy';
import { html, type SafeHtml } from '../html.js';

const EVENT_LABELS: Record<string, string> = {
  preview: 'Preview',
  action: 'Action',
  action_result: 'Result',
  action_status: 'Status check',
  audit_export: 'Audit export',
};

const VIA: Record<string, string> = {
  token: 'session token',
  cookie: 'session cookie',
  job: 'termination job',
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

// Over 60 lines (61): one page's template, read top to bottom as the page shows it.
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
                    <td>${VIA[record.auth] ?? record.auth}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }`;
}
