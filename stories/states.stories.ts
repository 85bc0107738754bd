import { expect, waitFor } from 'storybook/test';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { buildWorld, worldOf, type WorldParameters } from './support/world.js';
import { PEOPLE, renderWidget, type WidgetArgs } from './support/widget.js';
import { fillIn, openDialog, part, submit, untilState, widget } from './support/play.js';

/**
 * Every state of `<hexnode-offboard-button>`, reached the way HR reaches it: the play functions click and type,
 * the real handler answers, the simulated portal acts. Stories tagged `dialog-open` end with the dialog open.
 */
const meta = {
  title: 'Widget/States',
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

/** Nothing asked yet: the button on the profile page. */
export const Idle: Story = {
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await expect(element.state).toBe('idle');
  },
};

/** `preload`: the preview is fetched when the button scrolls into view, so it shows the device count. */
export const PreloadCount: Story = {
  args: { preload: true },
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await waitFor(() => expect(part(element, '[part=button]').textContent).toMatch(/\(3\)/), {
      timeout: 15_000,
    });
  },
};

/** The preview is on its way (this handler never answers). */
export const Loading: Story = {
  parameters: world({ latency: { preview: Infinity } }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    part(element, '[part=button]').click();
    await untilState(element, 'loading');
  },
};

/** The dialog: Jane's three devices, lock or wipe, the confirmation field. Cancel has the first focus. */
export const DialogWithDevices: Story = {
  tags: ['dialog-open'],
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await expect(element.shadowRoot?.activeElement).toBe(part(element, '[part=cancel]'));
    await expect(element.shadowRoot?.querySelectorAll('input.device')).toHaveLength(3);
  },
};

/** A wipe chosen (`default-action="wipe"`, the documented full wipe): the confirm button turns destructive. */
export const WipeChosen: Story = {
  tags: ['dialog-open'],
  args: { defaultAction: 'wipe' },
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await expect(part(element, '[part=confirm]').classList.contains('danger')).toBe(true);
  },
};

/** The handler requires a reason (`requireReason: true`): the dialog asks for one before it can send. */
export const ReasonRequired: Story = {
  tags: ['dialog-open'],
  parameters: world({ handler: { requireReason: true } }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await expect(part<HTMLButtonElement>(element, '[part=confirm]').disabled).toBe(true);
    await fillIn(element, '', { reason: 'Contract ended' });
    await expect(part<HTMLButtonElement>(element, '[part=confirm]').disabled).toBe(false);
  },
};

/** Device warnings: Sam's rugged handheld is shared (in “Warehouse Handhelds”). */
export const SharedDeviceWarning: Story = {
  tags: ['dialog-open'],
  args: { ...PEOPLE.sam },
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    part(element, '[data-warning=shared_device]');
  },
};

/** Device warnings: Olly's phone has not checked in for 41 days. */
export const OfflineDeviceWarning: Story = {
  tags: ['dialog-open'],
  args: { ...PEOPLE.olly },
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    part(element, '[data-warning=offline]');
  },
};

/** No Hexnode user has this email. */
export const NotInHexnode: Story = {
  tags: ['dialog-open'],
  args: { ...PEOPLE.unknown },
  play: async ({ canvasElement }) => {
    await openDialog(await widget(canvasElement), 'not-found');
  },
};

/** The Hexnode user has no devices. */
export const NoDevices: Story = {
  tags: ['dialog-open'],
  args: { ...PEOPLE.nina },
  play: async ({ canvasElement }) => {
    await openDialog(await widget(canvasElement), 'no-devices');
  },
};

/** Two Hexnode users share the email: nothing can be sent until IT fixes it. */
export const Ambiguous: Story = {
  tags: ['dialog-open'],
  args: { ...PEOPLE.shared },
  play: async ({ canvasElement }) => {
    await openDialog(await widget(canvasElement), 'ambiguous');
  },
};

/** This HR user may take no action: the button is disabled and says why (the token allows no action). */
export const NotAllowedDisabled: Story = {
  args: { preload: true },
  parameters: world({ tokenActions: [] }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await untilState(element, 'not-allowed');
    part(element, '[part=reason]');
  },
};

/** Not allowed, and the host asked for `hide-when-not-allowed`: the button is gone. */
export const NotAllowedHidden: Story = {
  args: { preload: true, hideWhenNotAllowed: true },
  parameters: world({ tokenActions: [] }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await untilState(element, 'not-allowed');
    await expect(element.checkVisibility()).toBe(false);
  },
};

/** Confirmed and sent; the handler is slow to answer, so the dialog shows the pending label. */
export const Submitting: Story = {
  tags: ['dialog-open'],
  parameters: world({ latency: { actions: Infinity } }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await submit(element);
    await untilState(element, 'submitting');
  },
};

/**
 * Another integration spent Hexnode's minute just before HR confirmed (a 30-second minute here): nothing was sent;
 * the dialog says why it waits and counts down, then sends the same request once (or Cancel sends nothing).
 */
export const WaitingForHexnode: Story = {
  tags: ['dialog-open'],
  parameters: world({ minuteMs: 30_000, spendMinuteBeforeAction: true }),
  play: async ({ canvasElement, id }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await submit(element);
    await untilState(element, 'waiting');
    await expect(part(element, '#desc').textContent).toMatch(
      /Hexnode allows 30 calls a minute: sending in \d+ s/,
    );
    await expect(worldOf(id).sim.actionsSent()).toHaveLength(0);
  },
};

/** Sent: two devices acknowledged, the offline one is still waiting to check in. */
export const SentWithProgress: Story = {
  tags: ['dialog-open'],
  args: { employeeEmail: 'pat.progress@acme.example', employeeName: 'Pat Progress', pollInterval: 500 },
  parameters: world({
    checkinMs: 800,
    // Three devices are a Hexnode day of 30 calls; the preview, the lock and the polls until two devices are
    // done spend more, and the handler's budget would stop polling (the day's limit stays on, only larger).
    dailyCallsPerDevice: 100,
    fleet: {
      users: [{ id: 1, name: 'Pat Progress', email: 'pat.progress@acme.example' }],
      devices: [
        { name: "Pat's iPhone", platform: 'ios', userId: 1 },
        { name: 'ACME-LT-0733', platform: 'windows', userId: 1 },
        {
          name: 'YARD-TAB-02',
          platform: 'android',
          userId: 1,
          online: false,
          lastReported: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        },
      ],
    },
  }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, 'pat.progress@acme.example');
    await submit(element);
    await untilState(element, 'sent');
    await waitFor(
      () => expect(element.shadowRoot?.querySelectorAll('.progress .status-done')).toHaveLength(2),
      { timeout: 15_000 },
    );
  },
};

/** Every device checked in and acknowledged the lock. */
export const Done: Story = {
  tags: ['dialog-open'],
  args: { pollInterval: 500 },
  parameters: world({ checkinMs: 800 }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await submit(element);
    await untilState(element, 'done');
  },
};

/** One of three devices reports the command failed (seed 1 with a 60 % failure rate fails the third). */
export const PartialFailure: Story = {
  tags: ['dialog-open'],
  args: { pollInterval: 500 },
  parameters: world({ checkinMs: 800, failRate: 0.6 }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await submit(element);
    await untilState(element, 'partial');
  },
};

/** Hexnode fails while the action is checked: an error with Back, Retry and a support code. */
export const ErrorWithRetry: Story = {
  tags: ['dialog-open'],
  play: async ({ canvasElement, id }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, PEOPLE.jane.employeeEmail);
    worldOf(id).sim.setFaults({ errorRate: 1 });
    await submit(element);
    await untilState(element, 'error');
    await expect(part(element, '.support').textContent).toMatch(/\S{8}/);
    part(element, '[part=retry]');
    await expect(worldOf(id).sim.actionsSent()).toHaveLength(0);
  },
};

/** Jane was locked before: the dialog shows the history and asks for a deliberate second confirmation. */
export const AlreadyOffboarded: Story = {
  tags: ['dialog-open'],
  parameters: world({ history: [{ employee: PEOPLE.jane.employeeEmail, action: 'lock' }] }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    part(element, '[part=history]');
    await fillIn(element, PEOPLE.jane.employeeEmail);
    await expect(part<HTMLButtonElement>(element, '[part=confirm]').disabled).toBe(true);
  },
};
