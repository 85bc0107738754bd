// Every story: the elements registered, autodocs fed by the Custom Elements Manifest, the widget's events in
// the Actions panel. msw-storybook-addon (registered in main.ts) starts the service worker and hands each
// story `msw`; stories/support/world.ts uses it to run the real handler and the simulated portal in the page.
import '@hexnode-offboard/elements';
import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
import manifest from 'virtual:custom-elements-manifest';
import { WIDGET_EVENTS } from '../stories/support/events.js';

setCustomElementsManifest(manifest);

const preview: Preview = {
  decorators: [withActions],
  parameters: {
    actions: { handles: [...WIDGET_EVENTS] },
    controls: { expanded: true, sort: 'requiredFirst' },
    docs: { toc: true },
    layout: 'padded',
    options: {
      storySort: { order: ['Guides', 'Widget', ['Button', 'States', 'Scenarios', 'Provider', 'React']] },
    },
  },
};

export default preview;
