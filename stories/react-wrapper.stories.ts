import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { OffboardButton, OffboardProvider } from '@hexnode-offboard/elements/react';
import type { OffboardCancelEvent, OffboardOpenEvent } from '@hexnode-offboard/elements/events';
import { buildWorld, storyUrls, tokenFetcher, worldOf } from './support/world.js';
import { PEOPLE } from './support/widget.js';
import { openDialog, part, widget } from './support/play.js';

/** The props this story hands to `<OffboardButton>`. */
interface ReactWrapperArgs {
  employeeEmail: string;
  employeeName: string;
  actions: string;
  onOpen: (event: OffboardOpenEvent) => void;
  onCancel: (event: OffboardCancelEvent) => void;
}

/** One React root per story, created before it renders and unmounted when Storybook tears the story down. */
const mounts = new Map<string, { container: HTMLElement; root: Root }>();

/**
 * `@hexnode-offboard/elements/react` in a React 19 app: `OffboardProvider` and `OffboardButton` rendered with
 * `react-dom/client` (no JSX, `React.createElement`), against the same in-page handler and simulated portal as
 * every other story. Props become element properties; `onOpen`, `onCancel`, ... are the widget's events.
 */
const meta = {
  title: 'Widget/React',
  beforeEach: async (context) => {
    await buildWorld(context);
    const container = document.createElement('div');
    container.className = 'story-page';
    const root = createRoot(container);
    mounts.set(context.id, { container, root });
    return () => {
      root.unmount();
      mounts.delete(context.id);
    };
  },
  render: (args, context) => {
    const mount = mounts.get(context.id);
    if (!mount) throw new Error(`No React root for story ${context.id}: did its beforeEach run?`);
    const fetchSessionToken = tokenFetcher(context.id, () => args.employeeEmail);
    // Synchronously, so that the elements exist when Storybook puts the container on the page.
    flushSync(() =>
      mount.root.render(
        createElement(
          OffboardProvider,
          { endpoint: storyUrls(context.id).endpoint, fetchSessionToken },
          createElement(OffboardButton, {
            employeeEmail: args.employeeEmail,
            employeeName: args.employeeName,
            actions: args.actions,
            onOpen: args.onOpen,
            onCancel: args.onCancel,
          }),
        ),
      ),
    );
    return mount.container;
  },
  args: {
    employeeEmail: PEOPLE.jane.employeeEmail,
    employeeName: PEOPLE.jane.employeeName,
    actions: 'lock',
    onOpen: fn(),
    onCancel: fn(),
  },
  argTypes: {
    employeeEmail: { control: 'text' },
    employeeName: { control: 'text' },
    actions: { control: 'text', description: 'Actions to offer, e.g. `lock` or `lock wipe_corporate`.' },
  },
} satisfies Meta<ReactWrapperArgs>;

export default meta;
type Story = StoryObj<ReactWrapperArgs>;

/**
 * Jane Leaver's button in a React tree: the props arrive as properties, the button opens the dialog with her
 * three devices and calls `onOpen`, and Cancel closes it and calls `onCancel`.
 */
export const ButtonInAProvider: Story = {
  play: async ({ args, canvasElement, id, step }) => {
    const element = await widget(canvasElement);

    await step('props reach the element as properties', async () => {
      await expect(element.employeeEmail).toBe(args.employeeEmail);
      await expect(element.employeeName).toBe(args.employeeName);
      await expect(element.actions).toBe(args.actions);
      // Set as properties, not as attributes (none of these three reflects).
      await expect(element.hasAttribute('employee-email')).toBe(false);
      await expect(element.hasAttribute('actions')).toBe(false);
      await expect(element.closest('hexnode-offboard-provider')?.fetchSessionToken).toBeInstanceOf(Function);
    });

    await step('clicking the button calls onOpen and shows the employee’s devices', async () => {
      await expect(args.onOpen).not.toHaveBeenCalled();
      await openDialog(element);
      await expect(args.onOpen).toHaveBeenCalledTimes(1);
      await expect(args.onOpen).toHaveBeenCalledWith(
        expect.objectContaining({
          type: 'hexnode-offboard-open',
          detail: expect.objectContaining({
            employee: expect.objectContaining({ email: args.employeeEmail }),
          }),
        }),
      );
      const { sim } = worldOf(id);
      const [jane] = sim.findUsersByEmail(args.employeeEmail);
      const expected = sim.devices
        .filter((device) => device.userId === jane?.id)
        .map((device) => String(device.id))
        .sort();
      await expect(expected).toHaveLength(3);
      const shown = [...(element.shadowRoot?.querySelectorAll<HTMLInputElement>('input.device') ?? [])]
        .map((input) => input.dataset.device)
        .sort();
      await expect(shown).toEqual(expected);
      // `actions: 'lock'` offers the lock only (the token would allow a wipe too).
      const choices = element.shadowRoot?.querySelectorAll<HTMLInputElement>('input[name=action]');
      await expect([...(choices ?? [])].map((choice) => choice.value)).toEqual(['lock']);
    });

    await step('Cancel closes the dialog and calls onCancel', async () => {
      await expect(args.onCancel).not.toHaveBeenCalled();
      await userEvent.click(part(element, '[part=cancel]'));
      await expect(part<HTMLDialogElement>(element, 'dialog').open).toBe(false);
      // The dialog's `close` event, which the cancel event follows, comes a task later.
      await waitFor(() => expect(args.onCancel).toHaveBeenCalledTimes(1));
      await expect(args.onCancel).toHaveBeenCalledWith(
        expect.objectContaining({
          type: 'hexnode-offboard-cancel',
          detail: expect.objectContaining({
            employee: expect.objectContaining({ email: args.employeeEmail }),
          }),
        }),
      );
      await expect(args.onOpen).toHaveBeenCalledTimes(1);
    });
  },
};
