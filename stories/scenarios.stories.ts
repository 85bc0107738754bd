import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { FleetSpec } from '@hexnode-offboard/simulator';
import { buildWorld, worldOf, type WorldParameters } from './support/world.js';
import { PEOPLE, renderWidget, type WidgetArgs } from './support/widget.js';
import { fillIn, openDialog, part, submit, untilState, widget } from './support/play.js';

/**
 * The widget in situations a host meets: its own theme, dark pages, German, fewer actions, a huge fleet, a
 * slow network, Hexnode down, limits, an expiring session, and a host that vetoes the action.
 */
const meta = {
  title: 'Widget/Scenarios',
  component: 'hexnode-offboard-button',
  beforeEach: async (context) => {
    await buildWorld(context);
  },
  render: (args, context) => renderWidget(args, context),
  args: { ...PEOPLE.jane },
} satisfies Meta<WidgetArgs>;

export default meta;
type Story = StoryObj<WidgetArgs>;
const world = (parameters: WorldParameters) => ({ world: parameters });

/** The custom properties a host sets to theme the widget, with their light defaults. */
const THEME = {
  'color-scheme': 'light',
  accent: '#1a56db',
  'accent-text': '#ffffff',
  danger: '#c5221f',
  'danger-text': '#ffffff',
  background: '#ffffff',
  text: '#1f2328',
  muted: '#57606a',
  border: '#8c959f',
  'warning-background': '#fff8c5',
  'warning-text': '#633c01',
  success: '#1a7f37',
  'focus-ring': '#0969da',
  radius: '6px',
  font: 'inherit',
  backdrop: 'rgb(0 0 0 / 0.45)',
} as const;
type ThemeArgs = WidgetArgs & { [K in keyof typeof THEME as `--hexnode-offboard-${K}`]: string };

/**
 * Theming playground: every `--hexnode-offboard-*` custom property is a control. The host page sets them on
 * any ancestor (here the wrapper); they inherit into the Shadow DOM. `::part()` selectors reach further.
 */
export const ThemingPlayground: StoryObj<ThemeArgs> = {
  tags: ['dialog-open'],
  args: Object.fromEntries(Object.entries(THEME).map(([key, value]) => [`--hexnode-offboard-${key}`, value])),
  argTypes: Object.fromEntries(
    Object.entries(THEME).map(([key, value]) => [
      `--hexnode-offboard-${key}`,
      key === 'color-scheme'
        ? { control: 'inline-radio', options: ['light', 'dark', 'light dark'], table: { category: 'theme' } }
        : {
            control: value.startsWith('#') || key === 'backdrop' ? 'color' : 'text',
            table: { category: 'theme' },
          },
    ]),
  ),
  render: (args, context) => {
    const style = Object.entries(args)
      .filter(([key, value]) => key.startsWith('--hexnode-offboard-') && value)
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join('; ');
    return html`<div class="theme-playground" style=${style}>${renderWidget(args, context)}</div>`;
  },
  play: async ({ canvasElement }) => {
    await openDialog(await widget(canvasElement));
  },
};

/**
 * A dark host page. The page sets `--hexnode-offboard-color-scheme: dark`, and the widget switches to its dark
 * defaults (by default it follows the user's system setting: `light dark`).
 */
export const DarkMode: Story = {
  tags: ['dialog-open'],
  render: (args, context) => renderWidget(args, context, { dark: true }),
  play: async ({ canvasElement }) => {
    await openDialog(await widget(canvasElement));
  },
};

/**
 * A brand theme: custom properties for the colours and the corners, `::part()` for what they do not cover (the
 * button's weight and case, the dialog's width and shadow). The styles live in the host's stylesheet.
 */
export const BrandThemeWithParts: Story = {
  tags: ['dialog-open'],
  render: (args, context) =>
    html`<style>
        .brand {
          --hexnode-offboard-accent: #5b2a86;
          --hexnode-offboard-focus-ring: #5b2a86;
          --hexnode-offboard-danger: #a4161a;
          --hexnode-offboard-radius: 14px;
          --hexnode-offboard-font: Georgia, serif;
          --hexnode-offboard-color-scheme: light;
        }
        .brand hexnode-offboard-button::part(button) {
          font-weight: 700;
          text-transform: uppercase;
          letter-spacing: 0.04em;
          padding-inline: 1.5rem;
        }
        .brand hexnode-offboard-button::part(dialog) {
          max-width: 36rem;
          box-shadow: 0 24px 48px rgb(91 42 134 / 0.35);
        }
      </style>
      ${renderWidget(args, context, { className: 'brand' })}`,
  play: async ({ canvasElement }) => {
    await openDialog(await widget(canvasElement));
  },
};

/** `locale="de"` on the provider: the German strings that ship with the elements. */
export const German: Story = {
  tags: ['dialog-open'],
  args: { locale: 'de' },
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await waitFor(() => expect(part(element, '[part=cancel]').textContent).toMatch(/Abbrechen/), {
      timeout: 15_000,
    });
  },
};

/** `actions="lock"`: the host offers only the reversible action, whatever else the handler allows. */
export const LockOnly: Story = {
  tags: ['dialog-open'],
  args: { actions: 'lock' },
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await expect(element.shadowRoot?.querySelectorAll('input[name=action]')).toHaveLength(1);
  },
};

const manyDevices: FleetSpec = {
  users: [{ id: 1, name: 'Morgan Many', email: 'morgan.many@acme.example' }],
  devices: Array.from({ length: 40 }, (_, index) => ({
    name: `POS-STORE-${String(index + 1).padStart(3, '0')}`,
    platform: index % 4 === 0 ? 'ios' : 'android',
    userId: 1,
  })),
};

/** Forty devices on one employee (a store manager's tills): the list scrolls; the handler caps an action at 50. */
export const FortyDevices: Story = {
  tags: ['dialog-open'],
  args: { employeeEmail: 'morgan.many@acme.example', employeeName: 'Morgan Many' },
  parameters: world({ fleet: manyDevices, handler: { limits: { maxDevicesPerAction: 50 } } }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await expect(element.shadowRoot?.querySelectorAll('input.device')).toHaveLength(40);
  },
};

/** 1.5 s on every hop to the handler and 400 ms on every Hexnode call: loading, then the dialog. */
export const SlowNetwork: Story = {
  tags: ['dialog-open'],
  parameters: world({
    latency: { preview: 1500, actions: 1500, status: 1500 },
    faults: { latencyMs: 400 },
  }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
  },
};

/** Every Hexnode call answers 5xx: after the client's retries the widget says so, with Retry and a support code. */
export const HexnodeDown: Story = {
  tags: ['dialog-open'],
  parameters: world({ faults: { errorRate: 1 } }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element, 'error');
    part(element, '[part=retry]');
    part(element, '.support');
  },
};

/**
 * Rate limited: this HR user's hourly allowance (`limits.maxActionsPerActorPerHour: 1`) went on another leaver
 * earlier, so the handler refuses the action before Hexnode hears of it.
 */
export const RateLimited: Story = {
  tags: ['dialog-open'],
  parameters: world({
    handler: { limits: { maxActionsPerActorPerHour: 1 } },
    history: [{ employee: PEOPLE.olly.employeeEmail, action: 'lock' }],
  }),
  play: async ({ canvasElement, id }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    const before = worldOf(id).sim.actionsSent().length;
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await submit(element);
    await untilState(element, 'error');
    await expect(worldOf(id).sim.actionsSent()).toHaveLength(before);
  },
};

/**
 * The first session token lives one second and expires while HR reads the dialog: the handler answers
 * `session_expired`, the widget calls `fetchSessionToken()` again and the action goes through once.
 */
export const SessionTokenExpired: Story = {
  tags: ['dialog-open'],
  args: { pollInterval: 500 },
  parameters: world({ firstTokenTtlSeconds: 1, checkinMs: 800 }),
  play: async ({ canvasElement, id }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await submit(element);
    await untilState(element, 'sent', 'done');
    await expect(worldOf(id).tokensMinted).toBe(2);
    await expect(worldOf(id).sim.actionsSent()).toHaveLength(1);
  },
};

/**
 * The host listens for `hexnode-offboard-before-action` and calls `preventDefault()` (here: the exit
 * checklist is not finished). Nothing is sent; the dialog stays as it was.
 */
export const HostVetoesAction: Story = {
  tags: ['dialog-open'],
  render: (args, context) =>
    html`<div
      @hexnode-offboard-before-action=${(event: Event) => {
        event.preventDefault();
        const note = (event.currentTarget as HTMLElement).querySelector('.veto');
        if (note) note.textContent = 'The HRMS stopped the action: the exit checklist is not finished.';
      }}
    >
      <p class="veto" role="status"></p>
      ${renderWidget(args, context)}
    </div>`,
  play: async ({ canvasElement, id }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await submit(element);
    await waitFor(() => expect(canvasElement.querySelector('.veto')?.textContent).toMatch(/stopped/));
    await expect(element.state).toBe('ready');
    await expect(worldOf(id).sim.actionsSent()).toHaveLength(0);
  },
};
