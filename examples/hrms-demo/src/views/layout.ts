/**
 * The signed-in pages' frame: skip link, header with the main navigation and the account (sign-out form), and
 * footer. Each page's body goes into it, and the whole into its Vite-built HTML template (pages/*.html), whose
 * only scripts and styles are the bundled files under /assets/: no inline script or style anywhere, so the
 * strict Content-Security-Policy holds.
 */
import { html, type SafeHtml } from '../html.js';
import { ROLES, type Session } from '../sessions.js';

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
