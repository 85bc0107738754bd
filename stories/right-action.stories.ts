import { expect, userEvent, waitFor } from 'storybook/test';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { FleetSpec } from '@hexnode-offboard/simulator';
import { buildWorld, worldOf, type WorldParameters } from './support/world.js';
import { PEOPLE, renderWidget, type WidgetArgs } from './support/widget.js';
import { fillIn, openDialog, part, submit, untilState, widget } from './support/play.js';

/**
 * The right action for each device: a frontline leaver's shared scanner is reassigned to the shift pool (it stays
 * in service), the company laptop wiped, the personal phone only loses its work data; a personal device is never
 * offered an erase; a disenroll that stays pending offers IT "Mark as disenrolled".
 */
const meta = {
  title: 'Widget/Right action per device',
  component: 'hexnode-offboard-button',
  beforeEach: async (context) => {
    await buildWorld(context);
  },
  render: (args, context) => renderWidget(args, context),
  args: { ...PEOPLE.rosa },
} satisfies Meta<WidgetArgs>;

export default meta;
type Story = StoryObj<WidgetArgs>;
const world = (parameters: WorldParameters) => ({ world: parameters });

/** Every action of #16, for the handler and for the HR actor alike. */
const ALL = ['lock', 'wipe', 'disenroll', 'reassign', 'mark_disenrolled'] as const;
const everything = (extra: WorldParameters = {}): WorldParameters => ({
  reassignToPool: true,
  handler: { actions: [...ALL] },
  actor: { actions: [...ALL] },
  ...extra,
});

const ROSA = { scanner: 'WH-DC-N-TC21-R01', laptop: 'ACME-LT-0733', phone: "Rosa's Galaxy A54" };

/** The device's id in the simulated portal, by its name. */
const idOf = (storyId: string, name: string): number => {
  const found = worldOf(storyId).sim.devices.find((d) => d.name === name);
  if (!found) throw new Error(`No device ${name} in the simulated portal.`);
  return found.id;
};

/** The action dropdown of one device. */
const selectOf = (element: HTMLElement, id: number) =>
  element.shadowRoot!.querySelector<HTMLSelectElement>(`select.device-choice[data-device="${id}"]`)!;

/**
 * The mixed dialog, as it opens: each of Rosa's devices has its own action, its best offer first. The scanner
 * says "Reassign to Shift pool" and what that means; the personal phone has no wipe at all.
 */
export const MixedDialog: Story = {
  tags: ['dialog-open'],
  parameters: world(everything()),
  play: async ({ canvasElement, id }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    const scanner = selectOf(element, idOf(id, ROSA.scanner));
    const laptop = selectOf(element, idOf(id, ROSA.laptop));
    const phone = selectOf(element, idOf(id, ROSA.phone));
    await expect(scanner.value).toBe('reassign');
    await userEvent.selectOptions(laptop, 'wipe_complete');
    await expect([...phone.options].map((o) => o.value)).not.toContain('wipe_complete');
    await expect(part(element, `#consequence-device-${idOf(id, ROSA.scanner)}`).textContent).toContain(
      'Shift pool owns it',
    );
    await userEvent.selectOptions(phone, 'disenroll');
    await fillIn(element, PEOPLE.rosa.employeeEmail);
    await expect(part(element, '[part=confirm]').classList.contains('danger')).toBe(true);
  },
};

/** The mixed intent sent: scanner reassigned, laptop wiped, phone disenrolled; each device shows its action. */
export const MixedSent: Story = {
  tags: ['dialog-open'],
  parameters: world(everything({ checkinMs: 300 })),
  play: async ({ canvasElement, id }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await userEvent.selectOptions(selectOf(element, idOf(id, ROSA.laptop)), 'wipe_complete');
    await userEvent.selectOptions(selectOf(element, idOf(id, ROSA.phone)), 'disenroll');
    await fillIn(element, PEOPLE.rosa.employeeEmail);
    await submit(element);
    await untilState(element, 'sent', 'done', 'partial');
    const actions = [...element.shadowRoot!.querySelectorAll('.device-action')].map((n) =>
      n.getAttribute('data-action'),
    );
    await expect(actions.sort()).toEqual(['disenroll', 'reassign', 'wipe']);
    const sim = worldOf(id).sim;
    const [pool] = sim.findUsersByEmail('shift.pool@acme.example');
    await waitFor(() => expect(sim.devices.find((d) => d.name === ROSA.scanner)?.userId).toBe(pool?.id));
  },
};

/** A personal phone alone (BYOD): lock, or remove work data and management; never an erase. */
const personalFleet: FleetSpec = {
  users: [
    { id: 7, name: 'Pia Personal', email: 'pia.personal@acme.example' },
    { id: 8, name: 'Shift Pool', email: 'shift.pool@acme.example' },
  ],
  devices: [
    {
      id: 70,
      name: "Pia's iPhone 13",
      platform: 'ios',
      osName: 'iOS',
      osVersion: '17.5',
      userId: 7,
      ownership: 'personal',
    },
  ],
};
export const PersonalDeviceOnly: Story = {
  tags: ['dialog-open'],
  args: { employeeEmail: 'pia.personal@acme.example', employeeName: 'Pia Personal', employeeId: 'E-6001' },
  // One device is a Hexnode day of 10 calls, no more than the preview spends: the day's limit stays on, larger.
  parameters: world({ ...everything(), fleet: personalFleet, dailyCallsPerDevice: 100 }),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    const choices = [...element.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name=action]')];
    await expect(choices.map((c) => c.value)).toEqual(['lock', 'disenroll']);
    await expect(part(element, '[part=actions]').textContent).toContain('Remove work data and management');
  },
};

/**
 * IT's follow-up: Olly's devices are offline, so their disenroll stays pending; past the handler's
 * `markDisenrolledAfterMs` (here 1 ms) each offers "Mark as disenrolled", a new action with its own key.
 */
export const FollowUpMarkDisenrolled: Story = {
  tags: ['dialog-open'],
  args: { ...PEOPLE.olly, defaultAction: 'disenroll', pollInterval: 200 },
  parameters: world(everything({ handler: { actions: [...ALL], markDisenrolledAfterMs: 1 } })),
  play: async ({ canvasElement }) => {
    const element = await widget(canvasElement);
    await openDialog(element);
    await fillIn(element, PEOPLE.olly.employeeEmail);
    await submit(element);
    await untilState(element, 'sent');
    const button = await waitFor(() => part<HTMLButtonElement>(element, '[part=follow-up]'), {
      timeout: 15_000,
    });
    await expect(button.textContent).toContain('Mark as disenrolled');
  },
};
