/** What the widget's controllers need from the element: its public properties and a way to report events. */
import type { ReactiveControllerHost } from 'lit';
import type { Employee } from '@hexnode-offboard/core/protocol';
import type { OffboardApi } from '../api.js';
import type { Offer } from '../choices.js';
import type { WidgetEvent } from '../states.js';

export interface WidgetHost extends ReactiveControllerHost, HTMLElement {
  employeeEmail: string;
  employeeName?: string | undefined;
  employeeId?: string | undefined;
  actions?: string | undefined;
  defaultAction?: string | undefined;
  pollInterval: number;
  pollTimeout: number;
  /** The longest a confirmed action waits for Hexnode's rate limit, in seconds (`max-wait`). */
  maxWait: number;
}

/** How a controller reaches the handler (the element's configured client) and tells the state machine. */
export interface Wiring {
  api: () => OffboardApi;
  report: (event: WidgetEvent) => void;
}

/** The employee as the element describes them: the email trimmed, the name and id when given. */
export const employeeOf = (host: WidgetHost): Employee => ({
  email: host.employeeEmail.trim(),
  ...(host.employeeName ? { name: host.employeeName } : {}),
  ...(host.employeeId ? { id: host.employeeId } : {}),
});

/** What the host offers: its `actions` and `default-action`. */
export const offerOf = (host: WidgetHost): Offer => ({
  actions: host.actions,
  defaultAction: host.defaultAction,
});
