/**
 * `@hexnode-offboard/elements/jsx`: types for the raw tags in React 19 JSX (`<hexnode-offboard-button>`), for
 * apps that register the elements themselves instead of using the `./react` wrappers. Types only; load it once:
 * `import type {} from '@hexnode-offboard/elements/jsx';`. Needs `@types/react` 19.
 *
 * React 19 sets a prop as a property when the element has one (`employeeEmail`, `fetchSessionToken`), else as
 * an attribute (`employee-email`), and turns `on<event-name>` props into listeners: `onhexnode-offboard-sent`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  OffboardBeforeActionEvent,
  OffboardCancelEvent,
  OffboardCompleteEvent,
  OffboardErrorEvent,
  OffboardOpenEvent,
  OffboardSentEvent,
} from './events.js';
import type { HexnodeOffboardButton } from './offboard-button.js';
import type { HexnodeOffboardProvider } from './offboard-provider.js';

/** The widget's events by name. */
export interface OffboardEventMap {
  'hexnode-offboard-open': OffboardOpenEvent;
  'hexnode-offboard-before-action': OffboardBeforeActionEvent;
  'hexnode-offboard-sent': OffboardSentEvent;
  'hexnode-offboard-complete': OffboardCompleteEvent;
  'hexnode-offboard-error': OffboardErrorEvent;
  'hexnode-offboard-cancel': OffboardCancelEvent;
}

/** `on<event-name>` listener props for the widget's events, typed by event. */
export type OffboardEventProps = {
  [K in keyof OffboardEventMap as `on${K}`]?: (event: OffboardEventMap[K]) => void;
};

type Writable<T, K extends keyof T> = { [P in K]?: T[P] };

/** `<hexnode-offboard-button>` in JSX: its attributes, its properties and its events. */
export interface HexnodeOffboardButtonProps
  extends
    DetailedHTMLProps<HTMLAttributes<HexnodeOffboardButton>, HexnodeOffboardButton>,
    Writable<
      HexnodeOffboardButton,
      | 'employeeEmail'
      | 'employeeName'
      | 'employeeId'
      | 'endpoint'
      | 'sessionToken'
      | 'fetchSessionToken'
      | 'actions'
      | 'defaultAction'
      | 'label'
      | 'disabled'
      | 'preload'
      | 'hideWhenNotAllowed'
      | 'pollInterval'
      | 'pollTimeout'
      | 'maxWait'
    >,
    OffboardEventProps {
  'employee-email'?: string;
  'employee-name'?: string;
  'employee-id'?: string;
  'session-token'?: string;
  'default-action'?: string;
  'hide-when-not-allowed'?: boolean;
  'poll-interval'?: number | string;
  'poll-timeout'?: number | string;
  'max-wait'?: number | string;
}

/** `<hexnode-offboard-provider>` in JSX: its attributes and its properties. */
export interface HexnodeOffboardProviderProps
  extends
    DetailedHTMLProps<HTMLAttributes<HexnodeOffboardProvider>, HexnodeOffboardProvider>,
    Writable<
      HexnodeOffboardProvider,
      'endpoint' | 'sessionToken' | 'fetchSessionToken' | 'headers' | 'credentials' | 'locale' | 'strings'
    > {
  'session-token'?: string;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types are a namespace to augment
  namespace JSX {
    interface IntrinsicElements {
      'hexnode-offboard-button': HexnodeOffboardButtonProps;
      'hexnode-offboard-provider': HexnodeOffboardProviderProps;
    }
  }
}
