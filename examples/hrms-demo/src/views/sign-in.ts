/** The sign-in page: the form, and a one-click form per demo account. */
import { html, type SafeHtml } from '../html.js';
import { DEMO_ACCOUNTS, ROLES } from '../sessions.js';

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
