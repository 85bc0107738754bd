/** The page for a path or employee that does not exist. */
import { html, type SafeHtml } from '../html.js';

export function notFoundPage(): SafeHtml {
  return html`<h1>Not found</h1>
    <p>There is no such page or employee. <a href="/">Back to the directory</a>.</p>`;
}
