import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { HexnodeOffboardButton } from './offboard-button.js';
import { HexnodeOffboardProvider } from './offboard-provider.js';
import type {
  OffboardBeforeActionEvent,
  OffboardCancelEvent,
  OffboardCompleteEvent,
  OffboardErrorEvent,
  OffboardOpenEvent,
  OffboardSentEvent,
} from './events.js';
import './define.js';

/** `<OffboardButton employeeEmail="..." onSent={(e) => ...} />`: the button as a React component. */
export const OffboardButton = createComponent({
  tagName: 'hexnode-offboard-button',
  elementClass: HexnodeOffboardButton,
  react: React,
  events: {
    onOpen: 'hexnode-offboard-open' as EventName<OffboardOpenEvent>,
    onBeforeAction: 'hexnode-offboard-before-action' as EventName<OffboardBeforeActionEvent>,
    onSent: 'hexnode-offboard-sent' as EventName<OffboardSentEvent>,
    onComplete: 'hexnode-offboard-complete' as EventName<OffboardCompleteEvent>,
    onError: 'hexnode-offboard-error' as EventName<OffboardErrorEvent>,
    onCancel: 'hexnode-offboard-cancel' as EventName<OffboardCancelEvent>,
  },
});

/** `<OffboardProvider endpoint="..." fetchSessionToken={...}>`: the provider as a React component. */
export const OffboardProvider = createComponent({
  tagName: 'hexnode-offboard-provider',
  elementClass: HexnodeOffboardProvider,
  react: React,
});
