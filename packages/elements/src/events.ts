import type {
  ActionKind,
  ActionState,
  ReportedAction,
  DeviceStatus,
  Employee,
  WipeMode,
} from '@hexnode-offboard/core/protocol';
import type { OffboardErrorCode } from './strings.js';

const init = { bubbles: true, composed: true } as const;

/** HR opened the dialog (clicked the button). */
export class OffboardOpenEvent extends Event {
  static readonly type = 'hexnode-offboard-open';
  constructor(readonly detail: { employee: Employee }) {
    super(OffboardOpenEvent.type, init);
  }
}

export interface OffboardIntent {
  employee: Employee;
  /** The one action of every device, or `mixed` when they get different actions (see `devices`). */
  action: ReportedAction;
  mode?: WipeMode;
  /** Reassign: the Hexnode user id of the pool account the devices are handed to. */
  reassignTo?: number;
  deviceIds: number[];
  /** Each device and its own action. */
  deviceActions: { id: number; action: ActionKind }[];
  reason?: string;
  /** True when HR confirmed acting again on an employee already offboarded. */
  repeat: boolean;
}

/** HR confirmed an action; nothing is sent yet. Call `preventDefault()` to stop it. */
export class OffboardBeforeActionEvent extends Event {
  static readonly type = 'hexnode-offboard-before-action';
  constructor(readonly detail: OffboardIntent) {
    super(OffboardBeforeActionEvent.type, { ...init, cancelable: true });
  }
}

/** The handler accepted the action (202) and sent it to Hexnode. */
export class OffboardSentEvent extends Event {
  static readonly type = 'hexnode-offboard-sent';
  constructor(
    readonly detail: OffboardIntent & {
      actionId: string;
      auditId: string;
      devices: { id: number; status: DeviceStatus }[];
    },
  ) {
    super(OffboardSentEvent.type, init);
  }
}

/**
 * Following the action ended: every device is done or failed (`status` done, partial or failed), or the
 * time limit passed with devices still pending (`timedOut`, `status` pending).
 */
export class OffboardCompleteEvent extends Event {
  static readonly type = 'hexnode-offboard-complete';
  constructor(
    readonly detail: {
      actionId: string;
      status: ActionState;
      timedOut: boolean;
      devices: { id: number; status: DeviceStatus }[];
    },
  ) {
    super(OffboardCompleteEvent.type, init);
  }
}

/** A request failed. `code` is the protocol's error code, or `network_error` / `invalid_response`. */
export class OffboardErrorEvent extends Event {
  static readonly type = 'hexnode-offboard-error';
  constructor(
    readonly detail: {
      code: OffboardErrorCode;
      /** HTTP status, 0 when the network failed. */
      status: number;
      /** The handler's request id (the support code is its start). */
      requestId?: string;
      /** `preview`, `action` or `status`. */
      during: 'preview' | 'action' | 'status';
    },
  ) {
    super(OffboardErrorEvent.type, init);
  }
}

/** HR closed the dialog (Cancel, Close or Escape) before anything was sent. */
export class OffboardCancelEvent extends Event {
  static readonly type = 'hexnode-offboard-cancel';
  constructor(readonly detail: { employee: Employee }) {
    super(OffboardCancelEvent.type, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'hexnode-offboard-open': OffboardOpenEvent;
    'hexnode-offboard-before-action': OffboardBeforeActionEvent;
    'hexnode-offboard-sent': OffboardSentEvent;
    'hexnode-offboard-complete': OffboardCompleteEvent;
    'hexnode-offboard-error': OffboardErrorEvent;
    'hexnode-offboard-cancel': OffboardCancelEvent;
  }
}
