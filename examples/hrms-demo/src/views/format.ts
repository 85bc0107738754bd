/** What several views show the same way: a person's initials, a date, and a leaver's badge. */
import { lastDay, type Employee } from '../employees.js';
import { html, type SafeHtml } from '../html.js';

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

export function formatDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function leavingLabel(employee: Employee, now: Date): SafeHtml | null {
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
