import { css } from 'lit';

// \`:host([hide-when-not-allowed][state='not-allowed']:not(:focus-within))\`: a button HR just clicked stays, with
// its reason, until focus leaves it: hiding it would drop focus.
export const buttonStyles = css`
  :host {
    display: inline-block;
    color-scheme: var(--hexnode-offboard-color-scheme, light dark);
    font-family: var(--hexnode-offboard-font, inherit);
    --_accent: var(--hexnode-offboard-accent, light-dark(#1a56db, #4493f8));
    --_accent-text: var(--hexnode-offboard-accent-text, light-dark(#fff, #0d1117));
    --_danger: var(--hexnode-offboard-danger, light-dark(#c5221f, #ff7b72));
    --_danger-text: var(--hexnode-offboard-danger-text, light-dark(#fff, #0d1117));
    --_bg: var(--hexnode-offboard-background, light-dark(#fff, #161b22));
    --_fg: var(--hexnode-offboard-text, light-dark(#1f2328, #e6edf3));
    --_muted: var(--hexnode-offboard-muted, light-dark(#57606a, #9198a1));
    --_border: var(--hexnode-offboard-border, light-dark(#8c959f, #656c76));
    --_warn-bg: var(--hexnode-offboard-warning-background, light-dark(#fff8c5, #3b2e0a));
    --_warn: var(--hexnode-offboard-warning-text, light-dark(#633c01, #f2cc60));
    --_ok: var(--hexnode-offboard-success, light-dark(#1a7f37, #3fb950));
    --_focus: var(--hexnode-offboard-focus-ring, light-dark(#0969da, #4493f8));
    --_radius: var(--hexnode-offboard-radius, 6px);
  }
  :host([hidden]),
  :host([hide-when-not-allowed][state='not-allowed']:not(:focus-within)) {
    display: none;
  }
  button {
    font: inherit;
    border-radius: var(--_radius);
    padding: 0.45em 0.9em;
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.75;
  }
  .trigger,
  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  .danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_danger-text);
  }
  .reason {
    display: block;
    margin-top: 0.25em;
    font-size: 0.875em;
    color: var(--_muted);
  }
  dialog {
    box-sizing: border-box;
    width: min(40rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: 1.25rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 2);
    background: var(--_bg);
    color: var(--_fg);
    line-height: 1.4;
  }
  dialog::backdrop {
    background: var(--hexnode-offboard-backdrop, rgb(0 0 0 / 0.45));
  }
  h2 {
    margin: 0 0 0.5rem;
    font-size: 1.2rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  fieldset {
    margin: 0 0 1rem;
    padding: 0;
    border: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  ul {
    list-style: none;
    margin: 0 0 1rem;
    padding: 0;
  }
  li {
    border-top: 1px solid var(--_border);
    padding: 0.5rem 0;
  }
  li:first-child {
    border-top: 0;
  }
  label.row {
    display: flex;
    gap: 0.6rem;
    align-items: flex-start;
  }
  input[type='checkbox'],
  input[type='radio'] {
    margin-top: 0.25rem;
    accent-color: var(--_accent);
  }
  .name {
    font-weight: 600;
  }
  /* Heard by screen readers only (the wait's countdown, announced every 15 s). */
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .meta,
  .hint {
    display: block;
    font-size: 0.875em;
    color: var(--_muted);
  }
  .warning {
    display: inline-block;
    margin: 0.2rem 0.3rem 0 0;
    padding: 0 0.4rem;
    border-radius: var(--_radius);
    background: var(--_warn-bg);
    color: var(--_warn);
    font-size: 0.8125em;
  }
  .field {
    display: block;
    margin-bottom: 1rem;
  }
  .field input,
  .field textarea {
    box-sizing: border-box;
    display: block;
    width: 100%;
    margin-top: 0.25rem;
    padding: 0.4rem;
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .history {
    padding: 0.75rem;
    margin-bottom: 1rem;
    border-radius: var(--_radius);
    background: var(--_warn-bg);
    color: var(--_warn);
  }
  .history ul {
    margin: 0.25rem 0 0.5rem;
  }
  .history li {
    border: 0;
    padding: 0;
  }
  .status-done {
    color: var(--_ok);
  }
  .status-failed,
  .problem {
    color: var(--_danger);
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: 1rem;
  }
`;
