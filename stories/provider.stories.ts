import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { storyUrls, tokenFetcher, buildWorld } from './support/world.js';
import { PEOPLE } from './support/widget.js';
import { documentationOnly } from './support/manifest.js';

interface ProviderArgs {
  locale: string;
}

/**
 * `<hexnode-offboard-provider>` shares the endpoint, the session token (or `fetchSessionToken`), headers, the
 * locale and the strings with every button inside it.
 */
const meta = {
  title: 'Widget/Provider',
  component: 'hexnode-offboard-provider',
  tags: ['autodocs'],
  beforeEach: async (context) => {
    await buildWorld(context);
  },
  args: { locale: 'en' },
  argTypes: {
    ...documentationOnly('hexnode-offboard-provider', ['locale']),
    locale: { control: 'inline-radio', options: ['en', 'de'] },
  },
} satisfies Meta<ProviderArgs>;

export default meta;
type Story = StoryObj<ProviderArgs>;

const team = [PEOPLE.jane, PEOPLE.sam, PEOPLE.olly, PEOPLE.nina];

/**
 * Four profiles, one provider for the endpoint and the locale. In token mode a token is minted for one
 * employee, so each button has its own `fetchSessionToken` (a button's own setting overrides the provider's).
 */
export const TeamList: Story = {
  render: (args, context) =>
    html`<hexnode-offboard-provider endpoint=${storyUrls(context.id).endpoint} locale=${args.locale}>
      <table class="team">
        <thead>
          <tr>
            <th scope="col">Employee</th>
            <th scope="col">Email</th>
            <th scope="col">Devices</th>
          </tr>
        </thead>
        <tbody>
          ${team.map(
            (person) =>
              html`<tr>
                <td>${person.employeeName}</td>
                <td>${person.employeeEmail}</td>
                <td>
                  <hexnode-offboard-button
                    employee-email=${person.employeeEmail}
                    employee-name=${person.employeeName}
                    .fetchSessionToken=${tokenFetcher(context.id, () => person.employeeEmail)}
                  ></hexnode-offboard-button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </hexnode-offboard-provider>`,
};
