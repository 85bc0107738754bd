/** Helpers for play functions: the widget lives in Shadow DOM, so queries go through its shadowRoot. */
import { expect, userEvent, waitFor } from 'storybook/test';

type HexnodeOffboardButton = HTMLElementTagNameMap['hexnode-offboard-button'];
type OffboardState = HexnodeOffboardButton['state'];

const LONG = { timeout: 15_000, interval: 50 };

/** The story's `<hexnode-offboard-button>`, once it has rendered. */
export async function widget(canvasElement: HTMLElement): Promise<HexnodeOffboardButton> {
  const element = await waitFor(() => {
    const found = canvasElement.querySelector('hexnode-offboard-button');
    if (!found?.shadowRoot?.querySelector('[part=button]'))
      throw new Error('The widget has not rendered yet.');
    return found;
  }, LONG);
  await element.updateComplete;
  return element;
}

/** An element inside the widget's shadow root. */
export function part<T extends Element = HTMLElement>(element: HexnodeOffboardButton, selector: string): T {
  const found = element.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`No ${selector} in the widget.`);
  return found;
}

/** Waits until the widget is in one of these states. */
export async function untilState(element: HexnodeOffboardButton, ...states: OffboardState[]): Promise<void> {
  await waitFor(() => expect(states).toContain(element.state), LONG);
  await element.updateComplete;
}

/** Clicks the button and waits for the dialog (or for the given state). */
export async function openDialog(
  element: HexnodeOffboardButton,
  ...states: OffboardState[]
): Promise<HTMLDialogElement> {
  await userEvent.click(part(element, '[part=button]'));
  await untilState(element, ...(states.length > 0 ? states : (['ready'] as const)));
  const dialog = part<HTMLDialogElement>(element, 'dialog');
  await waitFor(() => expect(dialog.open).toBe(true), LONG);
  return dialog;
}

/** In the open dialog: picks an action, acknowledges history, types the confirmation text. */
export async function fillIn(
  element: HexnodeOffboardButton,
  confirmation: string,
  options: { choice?: string; reason?: string; repeat?: boolean } = {},
): Promise<void> {
  if (options.choice) await userEvent.click(part(element, `input[name=action][value=${options.choice}]`));
  if (options.repeat) await userEvent.click(part(element, 'input.repeat'));
  if (options.reason) await userEvent.type(part(element, '[part=reason-input]'), options.reason);
  // The text is asked only before an erase or a disenroll (a lock or a reassign needs none).
  await element.updateComplete;
  const field = element.shadowRoot?.querySelector('[part=confirm-input]');
  if (confirmation && field) await userEvent.type(field, confirmation);
  await element.updateComplete;
}

/** Clicks the destructive button (it must be enabled). */
export async function submit(element: HexnodeOffboardButton): Promise<void> {
  const confirm = part<HTMLButtonElement>(element, '[part=confirm]');
  await waitFor(() => expect(confirm.disabled).toBe(false), LONG);
  await userEvent.click(confirm);
}
