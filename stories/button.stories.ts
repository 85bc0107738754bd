import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { documentationOnly } from './support/manifest.js';
import { buildWorld } from './support/world.js';
import { PEOPLE, renderWidget, type WidgetArgs } from './support/widget.js';

/**
 * `<hexnode-offboard-button>` against the real handler and a simulated Hexnode portal, all in this page.
 * Every control below is one attribute; the events show in the Actions panel.
 */
const meta = {
  title: 'Widget/Button',
  component: 'hexnode-offboard-button',
  tags: ['autodocs'],
  beforeEach: async (context) => {
    await buildWorld(context);
  },
  render: (args, context) => renderWidget(args, context),
  args: { ...PEOPLE.jane, preload: false, disabled: false, hideWhenNotAllowed: false },
  argTypes: {
    ...documentationOnly('hexnode-offboard-button'),
    employeeEmail: {
      control: 'select',
      options: Object.values(PEOPLE).map((person) => person.employeeEmail),
      description: 'The employee’s email (`employee-email`). Try the simulator’s hard cases.',
    },
    employeeName: { control: 'text' },
    employeeId: { control: 'text' },
    actions: {
      control: 'text',
      description: 'Actions to offer (`actions`), e.g. `lock` or `lock wipe_corporate`.',
    },
    defaultAction: {
      control: 'select',
      options: ['', 'lock', 'wipe', 'wipe_corporate', 'wipe_complete'],
    },
    label: { control: 'text' },
    disabled: { control: 'boolean' },
    preload: { control: 'boolean' },
    hideWhenNotAllowed: { control: 'boolean' },
    pollInterval: { control: { type: 'number', min: 250, step: 250 } },
    pollTimeout: { control: { type: 'number', min: 1000, step: 1000 } },
    locale: {
      control: 'inline-radio',
      options: ['en', 'de'],
      description: 'The provider’s `locale`.',
      table: { category: 'provider' },
    },
  },
} satisfies Meta<WidgetArgs>;

export default meta;
type Story = StoryObj<WidgetArgs>;

/** Jane Leaver, a manager with three devices. Click to preview, choose, confirm and follow. */
export const Playground: Story = {};
