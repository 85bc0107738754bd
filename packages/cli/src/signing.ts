/**
 * Plan signatures: an HMAC-SHA256 over the plan's canonical JSON with a key only the operators hold
 * (`HEXNODE_OFFBOARD_PLAN_KEY`), so an edited plan (a device added, an action changed, an author replaced) is
 * refused. Approvals are signed over the plan's signature and the approver.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { OffboardError } from './errors.js';
import { PLAN_FORMAT, type OffboardPlan, type PlanApproval } from './plan-types.js';

/** JSON with object keys sorted, so the same value always signs the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hmac(key: string, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** At least 16 characters, or a clear error. */
export function checkKey(key: string | undefined): string {
  if (!key || key.length < 16) {
    throw new OffboardError(
      'no_plan_key',
      'Set HEXNODE_OFFBOARD_PLAN_KEY (at least 16 characters) to sign plans and the journal.',
    );
  }
  return key;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function signPlan(plan: Omit<OffboardPlan, 'signature' | 'approvals'>, key: string): OffboardPlan {
  const { signature: _s, approvals: _a, ...body } = plan as OffboardPlan;
  return { ...body, signature: hmac(key, canonicalJson(body)), approvals: [] };
}

const approvalText = (plan: OffboardPlan, by: string, at: string): string =>
  canonicalJson({ plan: plan.signature, by, at });

/** Checks the plan's signature and every approval's; any mismatch is `plan_tampered`. */
export function verifyPlan(data: unknown, key: string): OffboardPlan {
  const plan = data as OffboardPlan;
  if (
    !plan ||
    typeof plan !== 'object' ||
    plan.format !== PLAN_FORMAT ||
    typeof plan.signature !== 'string'
  ) {
    throw new OffboardError('bad_plan', `Not a hexnode-offboard plan (expected format ${PLAN_FORMAT}).`);
  }
  const { signature, approvals, ...body } = plan;
  if (!same(signature, hmac(key, canonicalJson(body)))) {
    throw new OffboardError(
      'plan_tampered',
      'The plan has been changed since it was signed (or was signed with another key): refused.',
    );
  }
  if (!Array.isArray(approvals))
    throw new OffboardError('plan_tampered', 'The plan approvals are malformed.');
  for (const approval of approvals) {
    if (!same(String(approval?.signature), hmac(key, approvalText(plan, approval.by, approval.at)))) {
      throw new OffboardError(
        'plan_tampered',
        `The approval by ${approval?.by} does not match the plan: refused.`,
      );
    }
  }
  return plan;
}

export function approvePlan(plan: OffboardPlan, by: string, key: string, now = new Date()): OffboardPlan {
  if (!by.trim()) throw new OffboardError('bad_input', 'The approver has no name.');
  if (by === plan.author) {
    throw new OffboardError('self_approval', `${by} wrote this plan; another person must approve it.`);
  }
  if (plan.approvals.some((approval) => approval.by === by)) return plan;
  const at = now.toISOString();
  const approval: PlanApproval = { by, at, signature: hmac(key, approvalText(plan, by, at)) };
  return { ...plan, approvals: [...plan.approvals, approval] };
}

/** Why the plan needs a second person: it acts on more devices than the threshold, or names a group; else null. */
export function approvalReason(plan: OffboardPlan, threshold: number): string | null {
  const groups = [...(plan.groups?.users ?? []), ...(plan.groups?.devices ?? [])];
  if (groups.length > 0) {
    return `This plan names Hexnode group${groups.length > 1 ? 's' : ''} ${groups.map((g) => JSON.stringify(g)).join(', ')}`;
  }
  if (plan.totals.toAct > threshold) {
    return `This plan acts on ${plan.totals.toAct} devices (more than ${threshold})`;
  }
  return null;
}

/** Whether the plan may run: small and naming no group, or approved by someone other than its author. */
export function checkApproval(plan: OffboardPlan, threshold: number): void {
  const reason = approvalReason(plan, threshold);
  if (reason === null) return;
  if (plan.approvals.some((approval) => approval.by !== plan.author)) return;
  throw new OffboardError(
    'approval_required',
    `${reason}: someone other than ${plan.author} must run \`hexnode-offboard approve\` on it first.`,
  );
}
