/**
 * The audit trail's index of the action records it has verified (intents and results, about 1 KB each), by action
 * id and by employee. Kept in memory, so hiding a record later (editing its `employee_email`, deleting it) changes
 * nothing the handler decides from it.
 */
import type { ActionKind, HistoryEntry } from '@hexnode-offboard/core/protocol';
import type { AuditEntry, AuditRecord } from '../store/types.js';

interface ActionRecords {
  intent?: AuditRecord;
  result?: AuditRecord;
}

const employeeKey = (tenant: string | null, email: string) => JSON.stringify([tenant, email]);

/** An action's intent: the `action` record with outcome `allowed`, written right before Hexnode is asked. */
export const isIntent = (record: AuditEntry): boolean =>
  record.event === 'action' && record.outcome === 'allowed';

export class ActionIndex {
  readonly #actions = new Map<string, ActionRecords>();
  readonly #byEmployee = new Map<string, string[]>();

  /** Indexes one verified record (records that are not an action's intent or result are ignored). */
  add(record: AuditRecord): void {
    if (record.actionId === null) return;
    const id = record.actionId;
    if (isIntent(record) && record.employee !== null) {
      this.#actions.set(id, { ...this.#actions.get(id), intent: record });
      const key = employeeKey(record.tenant, record.employee.email);
      const ids = this.#byEmployee.get(key);
      if (ids) ids.push(id);
      else this.#byEmployee.set(key, [id]);
    } else if (record.event === 'action_result') {
      this.#actions.set(id, { ...this.#actions.get(id), result: record });
    }
  }

  /**
   * Whether Hexnode may already have acted on this employee: an intent whose result says sent, has no result
   * (in flight, or the process died after writing it), or failed in a way after which Hexnode may have acted.
   * Only a failure Hexnode certainly refused (a 4xx other than 408) does not count.
   */
  actedBefore(tenant: string | null, email: string): boolean {
    return (this.#byEmployee.get(employeeKey(tenant, email)) ?? []).some((id) => {
      const { intent, result } = this.#actions.get(id) ?? {};
      if (!intent) return false;
      if (!result || result.outcome === 'sent') return true;
      const status = result.hexnodeStatus;
      return !(status !== null && status >= 400 && status < 500 && status !== 408);
    });
  }

  /** The intent record of an action id (a copy); null when there is none. */
  findAction(id: string): AuditRecord | null {
    const intent = this.#actions.get(id)?.intent;
    return intent && intent.action !== null && intent.employee !== null ? structuredClone(intent) : null;
  }

  /** An action's intent record and its result record (null until there is one), copies. */
  actionRecords(id: string): { intent: AuditRecord; result: AuditRecord | null } | null {
    const { intent, result } = this.#actions.get(id) ?? {};
    if (!intent || intent.action === null || intent.employee === null) return null;
    return { intent: structuredClone(intent), result: result ? structuredClone(result) : null };
  }

  /** The employee's earlier actions that were sent or failed, newest first. */
  history(tenant: string | null, email: string, limit: number): HistoryEntry[] {
    return (this.#byEmployee.get(employeeKey(tenant, email)) ?? [])
      .map((id) => this.#actions.get(id)?.result)
      .filter((record): record is AuditRecord => record !== undefined && record.action !== null)
      .sort((a, b) => b.seq - a.seq)
      .slice(0, limit)
      .map((record) => ({
        actionId: record.actionId as string,
        action: record.action as ActionKind,
        ...(record.options?.mode !== undefined ? { mode: record.options.mode } : {}),
        at: record.time,
        actor: { ...record.actor },
        deviceIds: [...record.deviceIds],
        outcome: record.outcome as 'sent' | 'failed',
      }));
  }
}
