/** The events `<hexnode-offboard-button>` dispatches (bubbling, composed): shown in the Actions panel. */
export const WIDGET_EVENTS = [
  'hexnode-offboard-open',
  'hexnode-offboard-before-action',
  'hexnode-offboard-sent',
  'hexnode-offboard-complete',
  'hexnode-offboard-error',
  'hexnode-offboard-cancel',
] as const;
