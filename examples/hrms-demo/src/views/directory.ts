/** The directory page: the search form and every employee, those not matching the search hidden. */
import { EMPLOYEES, type Employee } from '../employees.js';
import { html, type SafeHtml } from '../html.js';
import { initials, leavingLabel } from './format.js';

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
