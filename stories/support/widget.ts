/** How every story renders the widget: a provider pointed at the story's in-page handler, and one button. */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { action } from 'storybook/actions';
import { storyUrls, tokenFetcher } from './world.js';

/** The story args: one per attribute of `<hexnode-offboard-button>`, plus the provider's `locale`. */
export interface WidgetArgs {
  employeeEmail: string;
  employeeName?: string;
  employeeId?: string;
  actions?: string;
  defaultAction?: string;
  label?: string;
  disabled?: boolean;
  preload?: boolean;
  hideWhenNotAllowed?: boolean;
  pollInterval?: number;
  pollTimeout?: number;
  locale?: string;
}

export interface PageOptions {
  /** A line of host-page text above the widget (what the story shows). */
  note?: string;
  /** Dark host page. */
  dark?: boolean;
  /** Extra class names on the page wrapper (themes). */
  className?: string;
}

const logTokenCall = action('fetchSessionToken');

/** The host page: an HRMS profile fragment with the widget inside a provider. */
export function renderWidget(
  args: WidgetArgs,
  context: { id: string },
  page: PageOptions = {},
): TemplateResult {
  const { endpoint } = storyUrls(context.id);
  const fetchSessionToken = tokenFetcher(context.id, () => args.employeeEmail, logTokenCall);
  return html`<div class="story-page ${page.dark ? 'dark' : ''} ${page.className ?? ''}">
    ${page.note ? html`<p>${page.note}</p>` : nothing}
    <hexnode-offboard-provider
      endpoint=${endpoint}
      locale=${ifDefined(args.locale || undefined)}
      .fetchSessionToken=${fetchSessionToken}
    >
      <hexnode-offboard-button
        employee-email=${args.employeeEmail}
        employee-name=${ifDefined(args.employeeName || undefined)}
        employee-id=${ifDefined(args.employeeId || undefined)}
        actions=${ifDefined(args.actions || undefined)}
        default-action=${ifDefined(args.defaultAction || undefined)}
        label=${ifDefined(args.label || undefined)}
        poll-interval=${ifDefined(args.pollInterval)}
        poll-timeout=${ifDefined(args.pollTimeout)}
        ?disabled=${args.disabled}
        ?preload=${args.preload}
        ?hide-when-not-allowed=${args.hideWhenNotAllowed}
      ></hexnode-offboard-button>
    </hexnode-offboard-provider>
  </div>`;
}

/** Seeded-fleet employees every story can rely on (the simulator's hard cases). */
export const PEOPLE = {
  jane: { employeeEmail: 'jane.leaver@acme.example', employeeName: 'Jane Leaver', employeeId: 'E-1042' },
  sam: { employeeEmail: 'sam.shift@acme.example', employeeName: 'Sam Shift', employeeId: 'E-2310' },
  olly: { employeeEmail: 'offline.olly@acme.example', employeeName: 'Olly Offline', employeeId: 'E-2977' },
  nina: { employeeEmail: 'no.devices@acme.example', employeeName: 'Nina Nodevice', employeeId: 'E-3105' },
  shared: { employeeEmail: 'shared@acme.example', employeeName: 'Alex Shared', employeeId: 'E-3301' },
  unknown: { employeeEmail: 'not.in.hexnode@acme.example', employeeName: 'Nora New', employeeId: 'E-4001' },
  rosa: {
    employeeEmail: 'rosa.frontline@acme.example',
    employeeName: 'Rosa Frontline',
    employeeId: 'E-5120',
  },
} satisfies Record<string, WidgetArgs>;
