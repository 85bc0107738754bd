import type { AuditQuery, AuditRecord } from './types.js';

/** Whether a record matches an audit query (the memory store's filter; SQL stores use WHERE clauses). */
export function matchesAuditQuery(record: AuditRecord, query: AuditQuery): boolean {
  if (query.afterSeq !== undefined && record.seq <= query.afterSeq) return false;
  if (query.tenant !== undefined && record.tenant !== query.tenant) return false;
  if (query.employeeEmail !== undefined && record.employee?.email !== query.employeeEmail) return false;
  if (query.events !== undefined && !query.events.includes(record.event)) return false;
  if (query.outcomes !== undefined && !query.outcomes.includes(record.outcome)) return false;
  if (query.actionId !== undefined && record.actionId !== query.actionId) return false;
  return true;
}
